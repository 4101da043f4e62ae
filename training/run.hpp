// One complete run, as `recgrad train` does it: a model built with its settings,
// fitted on the split's training part (selected on validation), and evaluated on
// the split's test part with all other interactions excluded from the candidates.
// The tests that hold our quality floors call the same function; `recgrad eval`
// repeats the final test with test_model.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "data/dataset.hpp"
#include "data/sequences.hpp"
#include "data/split.hpp"
#include "evaluation/evaluate.hpp"
#include "training/setup.hpp"

namespace recgrad {

struct RunOutcome {
  std::unique_ptr<Recommender<float>> model;
  TrainingSetup setup;      // as trained, with what the data decided (the ratings' mean and range)
  TrainResult training;
  EvalResult test;
  data::UserItems history;  // per user, every interaction outside the test part
};

// Sets what the data decides (the training ratings' mean and range) on a copy of
// `setup`, trains any registered model (models/registry.hpp) and tests it.
RunOutcome run_training(const std::string& model, const data::Dataset& ds, const data::Split& split,
                        TrainingSetup setup, std::uint64_t seed);

// Trains an existing model on for setup.train.epochs more epochs (a resumed one: its
// parameters, optimiser state and epoch count carry on from `start`) and tests it.
RunOutcome continue_training(std::unique_ptr<Recommender<float>> model, const data::Dataset& ds,
                             const data::Split& split, TrainingSetup setup, const TrainStart& start);

// The final test of a trained model, as train runs it and eval repeats it: the split's
// test part, every other interaction of a user excluded from the candidates, only the
// held-out items as candidates on a cold-start split, binary labels at the setup's
// threshold, and a next-item model's contexts from the non-test history. Judged as
// `protocol`'s kind of model when given (the baseline beside a model), else as its own.
EvalResult test_model(Recommender<float>& model, const data::Dataset& ds, const data::Split& split,
                      const TrainingSetup& setup, std::optional<Feedback> protocol = std::nullopt);

// `split` as the model learns and is tested on it: for an implicit model given
// --positive-rating T, without the interactions rated below T (data::rated_at_least);
// otherwise unchanged. run_training, continue_training, settle_on_data and test_model
// apply it themselves (again changes nothing); a caller applies it first to print the
// parts or to hand the same parts to a baseline.
data::Split positive_part(const data::Dataset& ds, const data::Split& split, const ModelConfig& config);

// What run_training does first, for a caller that prints the settings before training: the
// training part's rating range and mean into the model's config, and the model's
// data-following defaults (ModelSpec::follow_data, written to setup.from_data). Applying it
// twice changes nothing more.
void settle_on_data(const ModelSpec& spec, TrainingSetup& setup, const data::Dataset& ds, const data::Split& split);

// How many items the final test may rank for a user: every item, or a cold-start split's
// held-out ones. A sampled test draws fewer negatives than this.
std::int64_t test_candidate_count(const data::Dataset& ds, const data::Split& split);

// Throws std::invalid_argument before any training when `sampling` samples candidates and
// `model` is not judged by ranking them (evaluate.hpp's protocols).
void require_rankable(const std::string& model, const CandidateSampling& sampling);

// Every interaction outside the split's test part, per user: what the final test
// excludes from a user's candidates (run_training and recgrad eval alike).
data::UserItems non_test_history(const data::Dataset& ds, const data::Split& split);

// Throws std::invalid_argument, saying why and which models can, when `split` tests only
// items unseen in training (a cold-start split) and `model` cannot score such items.
void require_unseen_item_scoring(const std::string& model, const data::Dataset& ds, const data::Split& split);

}  // namespace recgrad
