#include "data/batcher.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "data/shuffle.hpp"

namespace recgrad::data {

Batcher::Batcher(std::span<const std::int32_t> rows, std::int64_t batch_size, std::uint64_t seed)
    : rows_(rows.begin(), rows.end()), order_(rows.begin(), rows.end()), batch_size_(batch_size),
      seed_(seed), cursor_(size()) {
  if (batch_size <= 0)
    throw std::invalid_argument("Batcher: batch size must be positive, got " + std::to_string(batch_size));
}

void Batcher::start_epoch(std::int64_t epoch) {
  // Start from the original order so the shuffle is a function of (seed, epoch) alone.
  std::copy(rows_.begin(), rows_.end(), order_.begin());
  Rng rng = Rng(seed_).fork(static_cast<std::uint64_t>(epoch));
  shuffle(order_.data(), order_.size(), rng);
  cursor_ = 0;
}

bool Batcher::next(std::span<const std::int32_t>& batch) {
  if (cursor_ >= size()) return false;
  const std::int64_t n = std::min(batch_size_, size() - cursor_);
  batch = std::span<const std::int32_t>(order_.data() + cursor_, static_cast<std::size_t>(n));
  cursor_ += n;
  return true;
}

}  // namespace recgrad::data
