// One complete run, as `recgrad train` does it: a model built with its settings,
// fitted on the split's training part (selected on validation), and evaluated on
// the split's test part with all other interactions excluded from the candidates.
// The tests that hold our quality floors call the same function.
#pragma once

#include <memory>
#include <string>

#include "data/dataset.hpp"
#include "data/split.hpp"
#include "models/model_file.hpp"
#include "training/setup.hpp"
#include "training/evaluate.hpp"

namespace recgrad {

struct RunOutcome {
  std::unique_ptr<Recommender<float>> model;
  TrainingSetup setup;      // as trained, with what the data decided (biased MF's mean and range)
  TrainResult training;
  data::EvalResult test;
  data::UserItems history;  // per user, every interaction outside the test part
};

// Sets what the data decides (biased MF's global mean and rating range) on a copy of
// `setup`, trains and tests any registered model (models/registry.hpp).
RunOutcome run_training(const std::string& model, const data::Dataset& ds, const data::Split& split,
                        TrainingSetup setup, std::uint64_t seed);

// Continues training a saved model (recgrad train --resume) on the data it was trained
// on, for setup.train.epochs more epochs under the same rules as run_training: its
// parameters, optimiser state and epoch count carry on. The model's own settings come
// from the file; `setup` is typically resume_setup(saved) with the caller's changes.
// Throws std::invalid_argument when the data's ids differ from the model's.
RunOutcome resume_training(SavedModel saved, const data::Dataset& ds, const data::Split& split, TrainingSetup setup);

// The setup a saved model was trained with: what resuming starts from.
TrainingSetup resume_setup(const SavedModel& saved);

// What a model file records of a finished run besides the parameters: the settings,
// the training record (optimiser state included) and the data's ids and titles.
ModelInfo model_info(const RunOutcome& run, const data::Dataset& ds, const data::Split& split);

// Every interaction outside the split's test part, per user: what the final test
// excludes from a user's candidates (run_training and recgrad eval alike).
data::UserItems non_test_history(const data::Dataset& ds, const data::Split& split);

// Throws std::invalid_argument, saying why and which models can, when `split` tests only
// items unseen in training (a cold-start split) and `model` cannot score such items.
void require_unseen_item_scoring(const std::string& model, const data::Split& split);

}  // namespace recgrad
