// The training loop shared by every gradient-trained model.
//
// Each epoch: shuffled minibatches (negatives sampled as the model needs), one
// optimiser step per batch on gradients from the tape (--grad auto) or the model's
// hand-derived formulas (--grad manual), then an evaluation on the validation part.
// The test part is never looked at. Where the split has no validation part, a fixed,
// seeded fraction of the training interactions is held out for it.
//
// Early stopping watches one validation metric; at the end the parameters of the
// best epoch are put back. A NaN or infinity in the loss or a gradient stops training
// with the epoch, the batch and the parameter named (TrainingDiverged), after putting
// back the parameters of the last good epoch.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "evaluation/metrics.hpp"
#include "data/split.hpp"
#include "optim/saved_optimizer.hpp"
#include "optim/optimizer.hpp"
#include "training/batch_source.hpp"
#include "training/selection.hpp"

namespace recgrad {

struct TrainConfig {
  std::int64_t epochs = 20;
  BatchSourceConfig batches;
  OptimizerConfig optimizer;
  double lr_decay = 1.0;            // the learning rate is multiplied by this after every epoch
  bool refit = false;               // after selection, retrain from the start on train + validation
                                    // for the selected number of epochs
  bool manual_gradients = false;
  std::string metric;               // validation metric to select on; "" = default_metric(feedback, k)
  std::int64_t patience = 5;        // epochs without improvement before stopping; 0 = run every epoch
  double validation_fraction = 0.05;
  std::uint64_t seed = 0;
  std::int32_t k = 10;
  int threads = 0;                  // 0: OpenMP's default
  // The final test's candidates (run.hpp's test_model; validation always ranks them all):
  // negatives 0 = every item, else the user's test items and this many sampled negatives.
  CandidateSampling test_candidates;
  bool progress = false;            // a progress bar on stderr
  // Called with each finished epoch and its validation figures (io/training_log.hpp writes them).
  std::function<void(const EpochRecord&)> on_epoch;
};

struct TrainResult {
  std::vector<EpochRecord> epochs;
  std::string metric;
  std::int64_t best_epoch = 0;
  double best_metric = 0;
  double seconds_per_epoch = 0;     // median over epochs
  bool stopped_early = false;
  bool refitted = false;            // the final model was retrained on train + validation
  std::vector<std::int32_t> train_rows;       // what the model was fitted on
  std::vector<std::int32_t> validation_rows;  // what selected the epoch
  // The optimiser as it stood after the epoch the final parameters come from (the best
  // one, or the refit's last): what a saved model needs to resume.
  std::optional<SavedOptimizer> optimizer;
};

// Where a run starts. By default: from the model's parameters as they are, with a fresh
// optimiser. A resumed run (recgrad train --resume) passes the epochs its parameters
// have had and the optimiser's saved state, so that its epochs are numbered on, draw
// the batches and take the steps an uninterrupted run would have. Selection and refit
// treat the starting parameters as epoch `epochs_done`.
struct TrainStart {
  std::int64_t epochs_done = 0;
  const SavedOptimizer* optimizer = nullptr;  // null: a fresh optimiser
};

// The metric an epoch is selected on unless the configuration names one: rmse for
// explicit models, auc for binary ones, ndcg@k for the rankers.
std::string default_metric(Feedback feedback, std::int32_t k);

// Summarises a finished selection (with the rows it ran on and its epoch times) as a result.
TrainResult result_of(const EpochSelection& selection, FitRows rows, const std::vector<double>& epoch_seconds);

struct TrainingDiverged : std::runtime_error {
  using std::runtime_error::runtime_error;
};

TrainResult train(Model<float>& model, const data::Dataset& ds, const data::Split& split, const TrainConfig& config,
                  const TrainStart& start = {});

}  // namespace recgrad
