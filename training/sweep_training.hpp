// Fitting models that learn in whole sweeps over the training data (implicit ALS,
// full-matrix logistic MF) under the same rules as the minibatch trainer: a
// validation part (carved from training where the split has none), one evaluation
// per sweep, early stopping, and the best sweep's parameters at the end.
#pragma once

#include <functional>

#include "training/trainer.hpp"

namespace recgrad {

// The rows a sweep-trained model fits on, and its training positives both ways round.
struct SweepFit {
  FitRows rows;
  data::UserItems user_items;  // per user, the training items
  data::UserItems item_users;  // per item, the training users
};
SweepFit prepare_sweep_fit(const data::Dataset& ds, const data::Split& split, const TrainConfig& config);

// Runs `sweep` up to config.epochs times. `state` is what makes up the model (copied
// for the best sweep). Sweeps are numbered on from `sweeps_done` (a resumed model's).
// Uses epochs, metric, patience, k, threads and log of `config`.
TrainResult fit_by_sweeps(const Recommender<float>& model, std::vector<Tensor<float>*> state, SweepFit fit,
                          const data::Dataset& ds, const TrainConfig& config, const std::function<void()>& sweep,
                          std::int64_t sweeps_done = 0);

}  // namespace recgrad
