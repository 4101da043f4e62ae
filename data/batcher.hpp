// Shuffled minibatches of interaction rows for one epoch.
//
//   Batcher batches(split.train, 1024, seed);
//   for (int epoch = 0; epoch < epochs; ++epoch) {
//     batches.start_epoch(epoch);
//     for (std::span<const std::int32_t> rows; batches.next(rows);) train_on(rows);
//   }
//
// An epoch's order depends only on (seed, epoch), not on earlier epochs, so a run can
// resume or skip epochs and get the same batches. The permutation buffer is allocated
// once in the constructor: no allocation per batch or per epoch. The rows index into
// Dataset::interactions; models gather users, items, ratings and features from there.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace recgrad::data {

class Batcher {
 public:
  Batcher(std::span<const std::int32_t> rows, std::int64_t batch_size, std::uint64_t seed);

  void start_epoch(std::int64_t epoch);
  // The next batch (the last one of an epoch may be shorter); false when the epoch is done.
  bool next(std::span<const std::int32_t>& batch);

  std::int64_t num_batches() const { return (size() + batch_size_ - 1) / batch_size_; }
  std::int64_t size() const { return static_cast<std::int64_t>(order_.size()); }
  std::int64_t batch_size() const { return batch_size_; }
  // The whole epoch's order.
  std::span<const std::int32_t> order() const { return order_; }

 private:
  std::vector<std::int32_t> rows_;
  std::vector<std::int32_t> order_;
  std::int64_t batch_size_;
  std::uint64_t seed_;
  std::int64_t cursor_ = 0;
};

}  // namespace recgrad::data
