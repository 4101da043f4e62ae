#include "training/batch_source.hpp"

#include <numeric>

#include "training/next_item_batches.hpp"

namespace recgrad {

namespace {
std::vector<std::int32_t> iota_rows(std::int64_t n) {
  std::vector<std::int32_t> rows(static_cast<std::size_t>(n));
  std::iota(rows.begin(), rows.end(), 0);
  return rows;
}

// An observed interaction's target: its rating (explicit), its label (binary), or 1 (a positive).
float target_of(Feedback feedback, float rating, double positive_rating) {
  if (feedback == Feedback::Explicit) return rating;
  if (feedback == Feedback::Binary) return rating >= positive_rating ? 1.0f : 0.0f;
  return 1.0f;
}

std::int64_t examples_for(Feedback feedback, std::size_t positives, std::int32_t negatives) {
  if (feedback == Feedback::NextItem) return 0;  // NextItemBatches holds them
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
  if (feedback == Feedback::NextItem) {
    next_item_ = std::make_unique<NextItemBatches>(ds, train_rows, config);
    return;
  }
  const std::int64_t n = examples_for(feedback, train_rows.size(), config.negatives);
  examples_.resize(static_cast<std::size_t>(n));
  num_positives_ = static_cast<std::int64_t>(train_rows.size());
  const data::Interactions& in = ds.interactions;
  for (std::int64_t e = 0; e < num_positives_; ++e) {
    const std::int32_t row = train_rows[static_cast<std::size_t>(e)];
    const float target = target_of(feedback, in.ratings[row], config.positive_rating);
    const auto weight = static_cast<float>(1.0 + config.confidence_alpha * in.ratings[row]);
    examples_[e] = {in.users[row], in.items[row], target, weight};
  }
  for (std::int64_t e = num_positives_; e < n; ++e)
    examples_[e] = {examples_[(e - num_positives_) / config.negatives].user, 0, 0.0f, 1.0f};
  const auto b = static_cast<std::size_t>(config.batch_size);
  for (auto* v : {&batch_users_, &batch_items_, &batch_negatives_}) v->reserve(b);
  for (auto* v : {&batch_targets_, &batch_weights_}) v->reserve(b);
}

BatchSource::~BatchSource() = default;

std::int64_t BatchSource::examples_per_epoch() const {
  return next_item_ ? next_item_->examples_per_epoch() : static_cast<std::int64_t>(examples_.size());
}

std::int64_t BatchSource::batches_per_epoch() const {
  return next_item_ ? next_item_->batches_per_epoch() : batcher_.num_batches();
}

void BatchSource::start_epoch(std::int64_t epoch) {
  // A stream apart from the sampler's, so that the batches' seeds change no negative drawn.
  batch_seeds_ = Rng(config_.seed).fork(static_cast<std::uint64_t>(epoch)).fork(1);
  if (next_item_) return next_item_->start_epoch(epoch);
  epoch_rng_ = Rng(config_.seed).fork(static_cast<std::uint64_t>(epoch));
  batcher_.start_epoch(epoch);
  if (feedback_ != Feedback::Pointwise) return;
  for (std::size_t e = static_cast<std::size_t>(num_positives_); e < examples_.size(); ++e)
    examples_[e].item = sampler_.sample(examples_[e].user, epoch_rng_);
}

bool BatchSource::next(Batch<float>& batch) {
  if (next_item_) {
    if (!next_item_->next(batch)) return false;
    batch.seed = batch_seeds_.next_u64();
    return true;
  }
  std::span<const std::int32_t> rows;
  if (!batcher_.next(rows)) return false;
  const std::size_t n = rows.size();
  const bool pointwise = feedback_ == Feedback::Pointwise, pairwise = feedback_ == Feedback::Pairwise;
  // Sized once per batch (capacity is reserved), then filled by index.
  batch_users_.resize(n);
  batch_items_.resize(n);
  batch_targets_.resize(n);
  batch_weights_.resize(pointwise ? n : 0);
  batch_negatives_.resize(pairwise ? n : 0);
  for (std::size_t r = 0; r < n; ++r) {
    const Example& e = examples_[static_cast<std::size_t>(rows[r])];
    batch_users_[r] = e.user;
    batch_items_[r] = e.item;
    batch_targets_[r] = e.target;
    if (pointwise) batch_weights_[r] = e.weight;
  }
  if (pairwise)
    for (std::size_t r = 0; r < n; ++r) batch_negatives_[r] = sampler_.sample(batch_users_[r], epoch_rng_);
  batch = {batch_users_, batch_items_, batch_negatives_, batch_targets_, batch_weights_, {}, {}};
  batch.seed = batch_seeds_.next_u64();
  return true;
}

}  // namespace recgrad
