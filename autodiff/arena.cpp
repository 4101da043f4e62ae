#include "autodiff/arena.hpp"

#include <algorithm>

#include "autodiff/tensor.hpp"

namespace recgrad {

namespace {
constexpr std::size_t round_up(std::size_t n) {
  return (n + kTensorAlignment - 1) / kTensorAlignment * kTensorAlignment;
}
}  // namespace

Arena::Arena(std::size_t first_block_bytes) {
  blocks_.reserve(16);
  add_block(first_block_bytes);
}

void Arena::add_block(std::size_t min_bytes) {
  const std::size_t previous = blocks_.empty() ? 0 : blocks_.back().size;
  const std::size_t size = round_up(std::max(min_bytes, 2 * previous));
  // operator new[] for std::byte only promises the default alignment: over-allocate
  // by one alignment unit and align the bump pointer instead.
  blocks_.push_back({std::make_unique_for_overwrite<std::byte[]>(size + kTensorAlignment), size});
  offset_ = 0;
}

void* Arena::allocate_bytes(std::size_t bytes) {
  bytes = round_up(std::max<std::size_t>(bytes, 1));
  if (offset_ + bytes > blocks_.back().size) {
    used_in_full_ += offset_;
    add_block(bytes);
  }
  auto base = reinterpret_cast<std::uintptr_t>(blocks_.back().memory.get());
  const std::uintptr_t aligned = (base + kTensorAlignment - 1) / kTensorAlignment * kTensorAlignment;
  void* p = reinterpret_cast<void*>(aligned + offset_);
  offset_ += bytes;
  return p;
}

void Arena::reset() {
  if (blocks_.size() > 1) {
    const std::size_t total = capacity_bytes();
    blocks_.clear();
    add_block(total);
  }
  offset_ = 0;
  used_in_full_ = 0;
}

std::size_t Arena::capacity_bytes() const {
  std::size_t total = 0;
  for (const Block& b : blocks_) total += b.size;
  return total;
}

std::size_t Arena::used_bytes() const { return used_in_full_ + offset_; }

}  // namespace recgrad
