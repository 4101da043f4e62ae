#include "training/next_item_batches.hpp"

#include <numeric>

#include "training/batch_source.hpp"

namespace recgrad {

namespace {
std::vector<std::int32_t> iota_rows(std::size_t n) {
  std::vector<std::int32_t> rows(n);
  std::iota(rows.begin(), rows.end(), 0);
  return rows;
}
}  // namespace

std::vector<NextItemBatches::Example> NextItemBatches::examples_of(const data::UserSequences& sequences,
                                                                   std::int32_t max_history) {
  std::vector<Example> out;
  for (Id u = 0; u < sequences.num_users(); ++u) {
    const auto first = static_cast<std::int32_t>(sequences.offsets[u]);
    const auto end = static_cast<std::int32_t>(sequences.offsets[u + 1]);
    for (std::int32_t t = first + 1; t < end; ++t) out.push_back({u, std::max(first, t - max_history), t});
  }
  return out;
}

NextItemBatches::NextItemBatches(const data::Dataset& ds, std::span<const std::int32_t> train_rows,
                                 const BatchSourceConfig& config)
    : sequences_(data::user_sequences(ds, train_rows)),
      sampler_(data::sampler_kind(config.sampler), ds.item_counts(train_rows), config.sampling_alpha),
      negatives_(config.negatives),
      seed_(config.seed),
      examples_(examples_of(sequences_, config.max_history)),
      batcher_(iota_rows(examples_.size()), config.batch_size, config.seed) {
  if (config.max_history < 1) throw std::invalid_argument("next-item batches: the history length must be at least 1");
  if (!ds.has_timestamps)
    throw std::invalid_argument("next-item batches: the data has no timestamps to order each user's history by");
  const auto b = static_cast<std::size_t>(config.batch_size);
  for (auto* v : {&users_, &items_}) v->reserve(b);
  context_items_.reserve(b * static_cast<std::size_t>(config.max_history));
  context_offsets_.reserve(b + 1);
  item_log_q_.reserve(b);
  negatives_drawn_.resize(static_cast<std::size_t>(std::max(negatives_, 0)));
  negative_log_q_.resize(negatives_drawn_.size());
}

void NextItemBatches::start_epoch(std::int64_t epoch) {
  epoch_rng_ = Rng(seed_).fork(static_cast<std::uint64_t>(epoch));
  batcher_.start_epoch(epoch);
}

bool NextItemBatches::next(Batch<float>& batch) {
  std::span<const std::int32_t> rows;
  if (!batcher_.next(rows)) return false;
  users_.clear();
  items_.clear();
  context_items_.clear();
  context_offsets_.assign(1, 0);
  item_log_q_.clear();
  const bool sampled = !negatives_drawn_.empty();
  for (const std::int32_t row : rows) {
    const Example& e = examples_[static_cast<std::size_t>(row)];
    const Id target = sequences_.items[static_cast<std::size_t>(e.target)];
    users_.push_back(e.user);
    items_.push_back(target);
    context_items_.insert(context_items_.end(), sequences_.items.begin() + e.context_begin,
                          sequences_.items.begin() + e.target);
    context_offsets_.push_back(static_cast<std::int64_t>(context_items_.size()));
    if (sampled) item_log_q_.push_back(static_cast<float>(sampler_.log_q(target)));
  }
  if (sampled) {
    sampler_.sample(epoch_rng_, negatives_drawn_);
    for (std::size_t s = 0; s < negatives_drawn_.size(); ++s)
      negative_log_q_[s] = static_cast<float>(sampler_.log_q(negatives_drawn_[s]));
  }
  batch = {users_, items_, negatives_drawn_, {}, {}, context_items_, context_offsets_, item_log_q_, negative_log_q_};
  return true;
}

}  // namespace recgrad
