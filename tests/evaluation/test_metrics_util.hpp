// Small builders shared by the metrics tests.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "evaluation/metrics.hpp"
#include "data/user_items.hpp"

namespace recgrad::data::testing {

// Per-user item lists written out literally: lists(6, {{1}, {}, {0, 3}}).
inline UserItems lists(std::int32_t num_items, const std::vector<std::vector<std::int32_t>>& rows) {
  std::vector<std::int32_t> users, items;
  for (std::size_t u = 0; u < rows.size(); ++u)
    for (std::int32_t i : rows[u]) {
      users.push_back(static_cast<std::int32_t>(u));
      items.push_back(i);
    }
  return UserItems::from_pairs(static_cast<std::int32_t>(rows.size()), num_items, users, items);
}

// A score source over a dense row-major matrix (kept by reference: keep it alive).
inline ScoreSource dense_source(const std::vector<float>& scores, std::int32_t num_users,
                                std::int32_t num_items) {
  ScoreSource source;
  source.num_users = num_users;
  source.num_items = num_items;
  source.score_users = [&scores, num_items](std::int32_t first, std::int32_t count,
                                            std::span<float> out) {
    const auto begin = scores.begin() + std::ptrdiff_t(first) * num_items;
    std::copy(begin, begin + std::ptrdiff_t(count) * num_items, out.begin());
  };
  return source;
}

}  // namespace recgrad::data::testing
