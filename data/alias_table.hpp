// Draws an index with probability proportional to a weight in O(1) per draw
// (Walker's alias method, built by Vose's O(n) algorithm). Used for popularity^alpha
// negative sampling and for the synthetic generator's item popularity.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "autodiff/random.hpp"

namespace recgrad::data {

class AliasTable {
 public:
  AliasTable() = default;
  // Weights must be finite and >= 0 with a positive sum; zero-weight indices are never drawn.
  explicit AliasTable(std::span<const double> weights);

  std::int32_t size() const { return static_cast<std::int32_t>(accept_.size()); }
  // P(i) = weights[i] / sum(weights).
  double probability(std::int32_t i) const { return probability_[static_cast<std::size_t>(i)]; }

  std::int32_t sample(Rng& rng) const {
    const auto column = static_cast<std::size_t>(rng.below(accept_.size()));
    return rng.uniform() < accept_[column] ? static_cast<std::int32_t>(column) : alias_[column];
  }

 private:
  std::vector<double> accept_;       // keep the column's own index with this probability
  std::vector<std::int32_t> alias_;  // otherwise take this one
  std::vector<double> probability_;
};

}  // namespace recgrad::data
