// Negative sampling for implicit-feedback training (BPR, logistic MF, sampled softmax).
//
// An item is drawn with probability proportional to count(item)^alpha over the
// training interactions (alpha = 0: uniform over the catalogue; alpha = 1: as popular
// as it is; word2vec uses 0.75), then redrawn while the user has it among their
// training positives (binary search in UserItems). Items with count 0 are never drawn
// when alpha > 0. Rejection keeps draws O(1) for normal users; a user whose positives
// cover nearly everything falls back to an exact draw over the allowed items.
//
// The sampler keeps a reference to `positives` (keep it alive) and is immutable after
// construction, so threads can share one and pass their own Rng; the result depends
// only on the Rng state, not on the thread.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "data/alias_table.hpp"
#include "autodiff/random.hpp"
#include "data/user_items.hpp"

namespace recgrad::data {

class NegativeSampler {
 public:
  // Uniform over all `positives.num_items` items.
  explicit NegativeSampler(const UserItems& positives);
  // Proportional to item_counts[i]^alpha (item_counts.size() == positives.num_items).
  NegativeSampler(const UserItems& positives, std::span<const std::int64_t> item_counts, double alpha);

  // One item the user has not interacted with in training. Throws std::runtime_error
  // when no such item has a positive weight.
  std::int32_t sample(std::int32_t user, Rng& rng) const;
  // Fills `out` with independent draws for `user` (repeats across draws are possible).
  void sample(std::int32_t user, Rng& rng, std::span<std::int32_t> out) const;

  double probability(std::int32_t item) const;  // before excluding positives
  const UserItems& positives() const { return *positives_; }

 private:
  std::int32_t draw(Rng& rng) const {
    return uniform_ ? static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(num_items_)))
                    : table_.sample(rng);
  }
  std::int32_t sample_exact(std::int32_t user, Rng& rng) const;

  const UserItems* positives_;
  std::int32_t num_items_;
  bool uniform_ = true;
  AliasTable table_;
  std::vector<double> weights_;  // for the exact fallback; empty when uniform
};

}  // namespace recgrad::data
