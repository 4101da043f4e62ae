#include "training/batch_source.hpp"

#include <numeric>

namespace recgrad {

namespace {
std::vector<std::int32_t> iota_rows(std::int64_t n) {
  std::vector<std::int32_t> rows(static_cast<std::size_t>(n));
  std::iota(rows.begin(), rows.end(), 0);
  return rows;
}

std::int64_t examples_for(Feedback feedback, std::size_t positives, std::int32_t negatives) {
  return static_cast<std::int64_t>(positives) * (feedback == Feedback::Pointwise ? 1 + negatives : 1);
}
}  // namespace

BatchSource::BatchSource(const data::Dataset& ds, std::span<const std::int32_t> train_rows, Feedback feedback,
                         const BatchSourceConfig& config)
    : feedback_(feedback),
      config_(config),
      positives_(ds.user_items(train_rows)),
      item_counts_(ds.item_counts(train_rows)),
      sampler_(positives_, item_counts_, config.sampling_alpha),
      batcher_(iota_rows(examples_for(feedback, train_rows.size(), config.negatives)), config.batch_size,
               config.seed) {
  const std::int64_t n = examples_for(feedback, train_rows.size(), config.negatives);
  users_.resize(static_cast<std::size_t>(n));
  items_.resize(static_cast<std::size_t>(n));
  targets_.resize(static_cast<std::size_t>(n));
  weights_.assign(feedback == Feedback::Pointwise ? static_cast<std::size_t>(n) : 0, 1.0f);
  num_positives_ = static_cast<std::int64_t>(train_rows.size());
  const data::Interactions& in = ds.interactions;
  for (std::int64_t e = 0; e < num_positives_; ++e) {
    const std::int32_t row = train_rows[static_cast<std::size_t>(e)];
    users_[e] = in.users[row];
    items_[e] = in.items[row];
    targets_[e] = feedback == Feedback::Explicit ? in.ratings[row] : 1.0f;
    if (feedback == Feedback::Pointwise) weights_[e] = static_cast<float>(1.0 + config.confidence_alpha * in.ratings[row]);
  }
  for (std::int64_t e = num_positives_; e < n; ++e) {
    users_[e] = users_[(e - num_positives_) / config.negatives];
    targets_[e] = 0.0f;
  }
  const auto b = static_cast<std::size_t>(config.batch_size);
  for (auto* v : {&batch_users_, &batch_items_, &batch_negatives_}) v->reserve(b);
  for (auto* v : {&batch_targets_, &batch_weights_}) v->reserve(b);
}

void BatchSource::start_epoch(std::int64_t epoch) {
  epoch_rng_ = Rng(config_.seed).fork(static_cast<std::uint64_t>(epoch));
  batcher_.start_epoch(epoch);
  if (feedback_ != Feedback::Pointwise) return;
  for (std::size_t e = static_cast<std::size_t>(num_positives_); e < users_.size(); ++e)
    items_[e] = sampler_.sample(users_[e], epoch_rng_);
}

bool BatchSource::next(Batch<float>& batch) {
  std::span<const std::int32_t> rows;
  if (!batcher_.next(rows)) return false;
  batch_users_.clear();
  batch_items_.clear();
  batch_negatives_.clear();
  batch_targets_.clear();
  batch_weights_.clear();
  for (const std::int32_t e : rows) {
    batch_users_.push_back(users_[e]);
    batch_items_.push_back(items_[e]);
    batch_targets_.push_back(targets_[e]);
    if (feedback_ == Feedback::Pointwise) batch_weights_.push_back(weights_[e]);
    if (feedback_ == Feedback::Pairwise) batch_negatives_.push_back(sampler_.sample(users_[e], epoch_rng_));
  }
  batch = {batch_users_, batch_items_, batch_negatives_, batch_targets_, batch_weights_};
  return true;
}

}  // namespace recgrad
