#include "training/selection.hpp"

#include <stdexcept>
#include <utility>

#include "autodiff/random.hpp"

namespace recgrad {

FitRows fit_rows(const data::Split& split, double fraction, std::uint64_t seed) {
  FitRows out;
  if (!split.validation.empty()) {
    out.train = split.train;
    out.validation = split.validation;
    return out;
  }
  Rng rng = Rng(seed).fork(0x5A11D);
  for (const std::int32_t row : split.train) (rng.uniform() < fraction ? out.validation : out.train).push_back(row);
  return out;
}

EpochSelection::EpochSelection(std::vector<Tensor<float>*> state, std::string metric, std::int64_t patience,
                               std::function<void(const EpochRecord&)> on_epoch)
    : state_(std::move(state)), metric_(std::move(metric)), patience_(patience), on_epoch_(std::move(on_epoch)) {
  best_ = last_good_ = take();
}

EpochSelection::Snapshot EpochSelection::take() const {
  Snapshot s;
  for (const Tensor<float>* t : state_) s.push_back(*t);
  return s;
}

void EpochSelection::put(const Snapshot& s) {
  for (std::size_t i = 0; i < state_.size(); ++i) *state_[i] = s[i];
}

bool EpochSelection::record(EpochRecord record) {
  record.metric = metric_value(record.validation, metric_);
  epochs_.push_back(record);
  if (on_epoch_) on_epoch_(record);
  last_good_ = take();
  const bool improved = best_epoch_ == 0 || (lower_is_better(metric_) ? record.metric < best_metric_
                                                                       : record.metric > best_metric_);
  if (improved) {
    best_epoch_ = record.epoch;
    best_metric_ = record.metric;
    best_ = last_good_;
    since_best_ = 0;
    return true;
  }
  if (patience_ > 0 && ++since_best_ >= patience_) {
    stopped_early_ = true;
    return false;
  }
  return true;
}

void EpochSelection::restore_best() { put(best_); }
void EpochSelection::restore_last_good() { put(last_good_); }

}  // namespace recgrad
