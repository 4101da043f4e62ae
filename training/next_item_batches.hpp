// Minibatches for next-item models (Feedback::NextItem), as the YouTube DNN paper and
// the PyTorch reference build them: each user's training interactions in time order
// (data/sequences.hpp); every position t >= 1 is an example whose target is item t and
// whose context is the up to `max_history` items before it.
//
// For sampled softmax, each batch also carries `negatives` classes drawn from the
// candidate sampler (with replacement, shared by the whole batch) and the log Q of
// every target and negative. The sampler's popularity is the training part's item
// counts. Deterministic for (seed, epoch); buffers are reused, so batches cost no heap
// allocation once the first has been built.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "data/batcher.hpp"
#include "data/candidate_sampler.hpp"
#include "data/dataset.hpp"
#include "data/sequences.hpp"
#include "models/batch.hpp"

namespace recgrad {

struct BatchSourceConfig;

class NextItemBatches {
 public:
  NextItemBatches(const data::Dataset& ds, std::span<const std::int32_t> train_rows, const BatchSourceConfig& config);

  void start_epoch(std::int64_t epoch);
  bool next(Batch<float>& batch);  // false at the end of the epoch
  std::int64_t examples_per_epoch() const { return static_cast<std::int64_t>(examples_.size()); }
  std::int64_t batches_per_epoch() const { return batcher_.num_batches(); }
  const data::CandidateSampler& sampler() const { return sampler_; }

 private:
  // Target = sequences_.items[target]; context = sequences_.items[context_begin .. target).
  struct Example {
    Id user;
    std::int32_t context_begin, target;
  };
  static std::vector<Example> examples_of(const data::UserSequences& sequences, std::int32_t max_history);

  data::UserSequences sequences_;
  data::CandidateSampler sampler_;
  std::int32_t negatives_;
  std::uint64_t seed_;
  std::vector<Example> examples_;
  data::Batcher batcher_;
  Rng epoch_rng_{0};
  // The current batch.
  std::vector<Id> users_, items_, context_items_, negatives_drawn_;
  std::vector<std::int64_t> context_offsets_;
  std::vector<float> item_log_q_, negative_log_q_;
};

}  // namespace recgrad
