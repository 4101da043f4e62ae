#include "data/id_map.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace recgrad::data {

std::int64_t IdMap::small_integer(std::string_view raw) {
  if (raw.empty() || raw.size() > 9 || (raw.size() > 1 && raw.front() == '0')) return -1;
  std::int64_t value = 0;
  for (const char c : raw) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value < kSmallLimit ? value : -1;
}

std::size_t IdMap::dense_budget() const { return std::max(kDenseFloor, kDensePerId * (raw_.size() + 1)); }

bool IdMap::fits_dense(std::int64_t small) const {
  return small < static_cast<std::int64_t>(small_.size()) || static_cast<std::size_t>(small) < dense_budget();
}

std::int32_t IdMap::insert(std::string_view raw) {
  const std::int64_t small = small_integer(raw);
  if (small >= 0 && fits_dense(small)) {
    if (small >= static_cast<std::int64_t>(small_.size()))  // doubling, within the budget
      small_.resize(std::max(static_cast<std::size_t>(small) + 1, std::min(small_.size() * 2, dense_budget())), -1);
    std::int32_t& slot = small_[static_cast<std::size_t>(small)];
    if (slot >= 0) return slot;
    // Inserted while the table was too small for it: it lives in the hash map.
    if (const auto it = other_.find(raw); it != other_.end()) return it->second;
    slot = size();
    raw_.emplace_back(raw);
    return slot;
  }
  const auto it = other_.find(raw);
  if (it != other_.end()) return it->second;
  if (raw_.size() >= static_cast<std::size_t>(INT32_MAX))
    throw std::length_error("IdMap: more than 2^31 - 1 distinct ids");
  const std::int32_t index = size();
  raw_.emplace_back(raw);
  other_.emplace(std::string(raw), index);
  return index;
}

std::optional<std::int32_t> IdMap::find(std::string_view raw) const {
  const std::int64_t small = small_integer(raw);
  if (small >= 0 && small < static_cast<std::int64_t>(small_.size()) && small_[small] >= 0) return small_[small];
  const auto it = other_.find(raw);
  if (it == other_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::int32_t> IdMap::renumber_numerically() {
  // Every id in small_ is canonical; the others must be canonical integers too.
  std::vector<std::uint64_t> value(raw_.size());
  for (std::size_t i = 0; i < raw_.size(); ++i) {
    const std::string& r = raw_[i];
    if (r.empty() || r.size() > 19 || (r.size() > 1 && r.front() == '0') ||
        !std::all_of(r.begin(), r.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return {};
    value[i] = std::stoull(r);
  }
  std::vector<std::int32_t> order(raw_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) { return value[a] < value[b]; });
  std::vector<std::int32_t> old_to_new(raw_.size());
  std::vector<std::string> raw(raw_.size());
  for (std::size_t n = 0; n < order.size(); ++n) {
    old_to_new[order[n]] = static_cast<std::int32_t>(n);
    raw[n] = std::move(raw_[order[n]]);
  }
  raw_ = std::move(raw);
  for (auto& slot : small_)
    if (slot >= 0) slot = old_to_new[slot];
  for (auto& [key, index] : other_) index = old_to_new[index];
  return old_to_new;
}

void renumber_numerically(IdMap& ids, std::span<std::int32_t> indices) {
  const std::vector<std::int32_t> old_to_new = ids.renumber_numerically();
  if (old_to_new.empty()) return;
  for (auto& index : indices) index = old_to_new[static_cast<std::size_t>(index)];
}

}  // namespace recgrad::data
