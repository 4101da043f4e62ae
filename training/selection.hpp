// Epoch bookkeeping shared by the gradient trainer and implicit ALS: which
// interactions validate, which epoch is best on them, when to stop, and putting the
// best (or last good) parameters back.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"
#include "evaluation/metrics.hpp"
#include "data/split.hpp"

namespace recgrad {

struct EpochRecord {
  std::int64_t epoch = 0;  // from 1
  double train_loss = 0;   // mean over the epoch's batches (0 where there is no loss, as in ALS)
  double seconds = 0;      // training time (sampling included, evaluation not)
  EvalResult validation{};
  double metric = 0;
};

// The split's validation part; where it has none, a seeded `fraction` of its
// training interactions, taken out of the training part.
struct FitRows {
  std::vector<std::int32_t> train;
  std::vector<std::int32_t> validation;
};
FitRows fit_rows(const data::Split& split, double fraction, std::uint64_t seed);

class EpochSelection {
 public:
  // `state`: the tensors that make up the model, copied at the best and last epoch.
  EpochSelection(std::vector<Tensor<float>*> state, std::string metric, std::int64_t patience,
                 std::function<void(const EpochRecord&)> on_epoch);

  // Records a finished epoch (its metric is read from its validation result) and
  // says whether training should go on.
  bool record(EpochRecord record);
  void restore_best();       // the best epoch's tensors (the starting ones before any epoch)
  void restore_last_good();  // those of the last recorded epoch

  const std::vector<EpochRecord>& epochs() const { return epochs_; }
  const std::string& metric() const { return metric_; }
  std::int64_t best_epoch() const { return best_epoch_; }
  double best_metric() const { return best_metric_; }
  bool stopped_early() const { return stopped_early_; }

 private:
  using Snapshot = std::vector<Tensor<float>>;
  Snapshot take() const;
  void put(const Snapshot& s);

  std::vector<Tensor<float>*> state_;
  std::string metric_;
  std::int64_t patience_;
  std::function<void(const EpochRecord&)> on_epoch_;
  std::vector<EpochRecord> epochs_;
  Snapshot best_, last_good_;
  std::int64_t best_epoch_ = 0, since_best_ = 0;
  double best_metric_ = 0;
  bool stopped_early_ = false;
};

}  // namespace recgrad
