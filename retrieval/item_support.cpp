#include "retrieval/item_support.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace recgrad {

std::int64_t ItemSupport::items_below() const {
  return std::count_if(counts.begin(), counts.end(), [this](std::int64_t c) { return c < minimum; });
}

void ItemSupport::mask(std::span<float> row) const {
  if (minimum <= 0) return;
  for (std::size_t i = 0; i < row.size(); ++i)
    if (counts[i] < minimum) row[i] = -std::numeric_limits<float>::infinity();
}

std::string ItemSupport::left_out_note() const {
  if (minimum <= 0) return "";
  return "(" + std::to_string(items_below()) + " items with fewer than " + std::to_string(minimum) +
         " training interactions left out)";
}

ItemSupport item_support(const data::UserItems& history, std::int64_t minimum) {
  if (minimum < 0) throw std::invalid_argument("--min-support must be 0 or more, got " + std::to_string(minimum));
  ItemSupport s{std::vector<std::int64_t>(static_cast<std::size_t>(history.num_items), 0), minimum};
  for (const std::int32_t i : history.items) ++s.counts[static_cast<std::size_t>(i)];
  return s;
}

void ItemSupport::drop_masked(TopK& list) const {
  if (minimum <= 0) return;
  // -infinity sorts last, so the masked entries are a tail.
  std::size_t keep = 0;
  while (keep < list.scores.size() && list.scores[keep] != -std::numeric_limits<float>::infinity()) ++keep;
  list.items.resize(keep);
  list.scores.resize(keep);
}

}  // namespace recgrad
