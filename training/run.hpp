// One complete run, as `recgrad train` does it: a model built with its settings,
// fitted on the split's training part (selected on validation), and evaluated on
// the split's test part with all other interactions excluded from the candidates.
// The tests that hold our quality floors call the same function.
#pragma once

#include <memory>
#include <string>

#include "data/dataset.hpp"
#include "data/split.hpp"
#include "training/defaults.hpp"

namespace recgrad {

struct RunOutcome {
  std::unique_ptr<Recommender<float>> model;
  TrainResult training;
  data::EvalResult test;
  data::UserItems history;  // per user, every interaction outside the test part
};

// Sets what the data decides (biased MF's global mean and rating range) on a copy of
// `setup`, trains and tests. Models: model_names() and "als".
RunOutcome run_training(const std::string& model, const data::Dataset& ds, const data::Split& split,
                        TrainingSetup setup, std::uint64_t seed);

// model_names() plus the models without a gradient path ("als").
std::vector<std::string> trainable_model_names();

}  // namespace recgrad
