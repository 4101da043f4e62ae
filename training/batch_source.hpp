// Turns a split's training interactions into minibatches of the kind a model
// learns from (models/model.hpp's Feedback):
//
//   Explicit   one example per rating; target = rating.
//   Pointwise  each positive (target 1, weight 1 + alpha * rating) and, per epoch,
//              `negatives` freshly sampled unobserved items per positive (target 0,
//              weight 1), all shuffled together, as in Johnson (2014) and the
//              PyTorch reference.
//   Pairwise   one example per positive, with one sampled negative drawn as the
//              batch is built.
//   Binary     one example per rating; target = 1 when rating >= positive_rating, else 0.
//   NextItem   every position of each user's time-ordered history, with the items
//              before it as context (training/next_item_batches.hpp does the work).
//
// Negatives exclude the user's training positives. Everything is deterministic for
// (seed, epoch), each batch's Batch::seed included; buffers are allocated once, so
// batches cost no heap allocation.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "data/batcher.hpp"
#include "data/dataset.hpp"
#include "data/negatives.hpp"
#include "models/batch.hpp"
#include "models/model.hpp"

namespace recgrad {

class NextItemBatches;

struct BatchSourceConfig {
  std::int64_t batch_size = 1024;
  std::int32_t negatives = 4;   // pointwise: per positive; next-item: per batch (0: none, full softmax)
  double sampling_alpha = 0.0;  // negatives drawn with probability ~ popularity^alpha
  double confidence_alpha = 0.0;
  double positive_rating = 4.0;  // binary: the smallest rating that is a positive
  std::int32_t max_history = 20;      // next-item: context items per example
  std::string sampler = "loguniform";  // next-item: uniform | loguniform | popularity (data/candidate_sampler.hpp),
                                       // popularity drawing ~ count^sampling_alpha
  std::uint64_t seed = 0;
};

class BatchSource {
 public:
  BatchSource(const data::Dataset& ds, std::span<const std::int32_t> train_rows, Feedback feedback,
              const BatchSourceConfig& config);
  BatchSource(const BatchSource&) = delete;  // the sampler points at positives_
  BatchSource& operator=(const BatchSource&) = delete;
  ~BatchSource();

  void start_epoch(std::int64_t epoch);  // pointwise: draws this epoch's negatives
  bool next(Batch<float>& batch);        // false at the end of the epoch
  std::int64_t examples_per_epoch() const;
  std::int64_t batches_per_epoch() const;
  const data::UserItems& positives() const { return positives_; }

 private:
  Feedback feedback_;
  BatchSourceConfig config_;
  std::unique_ptr<NextItemBatches> next_item_;  // next-item feedback: all batches come from here
  data::UserItems positives_;
  std::vector<std::int64_t> item_counts_;
  data::NegativeSampler sampler_;
  Rng epoch_rng_{0};
  Rng batch_seeds_{0};  // each batch's Batch::seed, for (seed, epoch, batch) alike on every run
  // One record per example of the epoch (pointwise: positives first, then negatives),
  // its fields side by side: a shuffled batch reads each with one cache miss, not four.
  struct Example {
    Id user, item;
    float target, weight;
  };
  std::vector<Example> examples_;
  std::int64_t num_positives_ = 0;
  data::Batcher batcher_;
  // The current batch.
  std::vector<Id> batch_users_, batch_items_, batch_negatives_;
  std::vector<float> batch_targets_, batch_weights_;
};

}  // namespace recgrad
