#include "data/negatives.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace recgrad::data {

namespace {
// After this many draws that hit positives, the user is (nearly) saturated: draw exactly.
constexpr int kMaxRejections = 64;
}  // namespace

NegativeSampler::NegativeSampler(const UserItems& positives)
    : positives_(&positives), num_items_(positives.num_items) {
  if (num_items_ <= 0) throw std::invalid_argument("NegativeSampler: the catalogue is empty");
}

NegativeSampler::NegativeSampler(const UserItems& positives, std::span<const std::int64_t> item_counts,
                                 double alpha)
    : positives_(&positives), num_items_(positives.num_items), uniform_(alpha == 0.0) {
  if (static_cast<std::int64_t>(item_counts.size()) != num_items_)
    throw std::invalid_argument("NegativeSampler: " + std::to_string(item_counts.size()) +
                                " item counts for " + std::to_string(num_items_) + " items");
  if (!std::isfinite(alpha) || alpha < 0)
    throw std::invalid_argument("NegativeSampler: alpha must be finite and >= 0, got " +
                                std::to_string(alpha));
  if (num_items_ <= 0) throw std::invalid_argument("NegativeSampler: the catalogue is empty");
  if (uniform_) return;
  weights_.resize(item_counts.size());
  for (std::size_t i = 0; i < item_counts.size(); ++i)
    weights_[i] = item_counts[i] > 0 ? std::pow(static_cast<double>(item_counts[i]), alpha) : 0.0;
  table_ = AliasTable(weights_);
}

double NegativeSampler::probability(std::int32_t item) const {
  return uniform_ ? 1.0 / num_items_ : table_.probability(item);
}

std::int32_t NegativeSampler::sample(std::int32_t user, Rng& rng) const {
  for (int attempt = 0; attempt < kMaxRejections; ++attempt) {
    const std::int32_t item = draw(rng);
    if (!positives_->contains(user, item)) return item;
  }
  return sample_exact(user, rng);
}

void NegativeSampler::sample(std::int32_t user, Rng& rng, std::span<std::int32_t> out) const {
  for (auto& item : out) item = sample(user, rng);
}

std::int32_t NegativeSampler::sample_exact(std::int32_t user, Rng& rng) const {
  // Walk the catalogue once, skipping the user's (sorted) positives.
  const auto seen = positives_->of(user);
  auto weight = [&](std::int32_t i) { return uniform_ ? 1.0 : weights_[static_cast<std::size_t>(i)]; };
  double total = 0;
  std::size_t k = 0;
  for (std::int32_t i = 0; i < num_items_; ++i) {
    if (k < seen.size() && seen[k] == i) { ++k; continue; }
    total += weight(i);
  }
  if (!(total > 0))
    throw std::runtime_error("NegativeSampler: user " + std::to_string(user) +
                             " has no item left to draw as a negative (" +
                             std::to_string(seen.size()) + " positives of " +
                             std::to_string(num_items_) + " items)");
  double target = rng.uniform() * total;
  std::int32_t last = -1;
  k = 0;
  for (std::int32_t i = 0; i < num_items_; ++i) {
    if (k < seen.size() && seen[k] == i) { ++k; continue; }
    if (weight(i) <= 0) continue;
    last = i;
    target -= weight(i);
    if (target < 0) return i;
  }
  return last;  // rounding left target at ~0
}

}  // namespace recgrad::data
