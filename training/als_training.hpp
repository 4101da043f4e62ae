// Fitting implicit ALS under the same rules as the gradient trainer: a validation
// part (carved from training where the split has none), one evaluation per sweep,
// early stopping and the best sweep's factors at the end.
#pragma once

#include "models/als.hpp"
#include "training/trainer.hpp"

namespace recgrad {

// Uses epochs (as sweeps), metric, patience, validation_fraction, seed, k, threads and log of `config`.
TrainResult train_als(ImplicitAls& model, const data::Dataset& ds, const data::Split& split, const TrainConfig& config);

}  // namespace recgrad
