// What ties model files to training runs: the file a finished run writes, the setup a
// saved model resumes with, resuming it, and repeating its final test.
#pragma once

#include "data/dataset.hpp"
#include "data/split.hpp"
#include "io/model_file.hpp"
#include "training/run.hpp"

namespace recgrad {

// What a model file records of a finished run besides the tensors: its options, what the
// data decided, the training record (optimiser state included), the test it ran, the
// data's ids, titles and (for the models that read them) feature rows, and each user's
// non-test history.
ModelInfo model_info(const RunOutcome& run, const data::Dataset& ds, const data::Split& split);

// The setup a saved model was trained with: what resuming and eval start from.
TrainingSetup saved_setup(const SavedModel& saved);

// Continues training a saved model (recgrad train --resume) on the data it was trained
// on, for setup.train.epochs more epochs under the same rules as run_training: its
// tensors, optimiser state and epoch count carry on. The model's own settings come from
// the file; `setup` is typically saved_setup(saved) with the caller's changes.
// Throws std::invalid_argument when the data's ids differ from the model's.
RunOutcome resume_training(SavedModel saved, const data::Dataset& ds, const data::Split& split, TrainingSetup setup);

// Repeats train's final test of a saved model on `split` of `ds` (test_model with the
// saved setup). Throws std::invalid_argument when the data's ids differ from the
// model's, or when the split holds out other items than the model was tested on;
// `candidates` samples the test's candidates as train --candidates does (default: all).
EvalResult evaluate_saved(SavedModel& saved, const data::Dataset& ds, const data::Split& split, int threads,
                          const CandidateSampling& candidates = {});

}  // namespace recgrad
