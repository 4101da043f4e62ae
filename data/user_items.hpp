// Per-user item lists in compressed-row form: the items of user u are
// items[offsets[u] .. offsets[u+1]), sorted ascending and without duplicates.
// Used for "what did this user see in training" (candidate exclusion, negative
// sampling) and "what is relevant in test" (ranking metrics).
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace recgrad::data {

struct UserItems {
  std::int32_t num_items = 0;           // size of the catalogue the ids index into
  std::vector<std::int64_t> offsets{0};  // num_users + 1 entries
  std::vector<std::int32_t> items;
  // Beside `items`, each pair's rating where the lists were built with ratings
  // (from_rated_pairs); empty otherwise.
  std::vector<float> ratings;

  std::int32_t num_users() const { return static_cast<std::int32_t>(offsets.size()) - 1; }
  std::span<const std::int32_t> of(std::int32_t user) const {
    return {items.data() + offsets[user], items.data() + offsets[user + 1]};
  }
  std::span<const float> ratings_of(std::int32_t user) const {
    if (ratings.empty()) return {};
    return {ratings.data() + offsets[user], ratings.data() + offsets[user + 1]};
  }
  bool contains(std::int32_t user, std::int32_t item) const {
    auto list = of(user);
    return std::binary_search(list.begin(), list.end(), item);
  }

  // Builds the lists from parallel (user, item) arrays; duplicates collapse to one entry.
  static UserItems from_pairs(std::int32_t num_users, std::int32_t num_items,
                              std::span<const std::int32_t> users,
                              std::span<const std::int32_t> item_ids);
  // The same with each pair's rating kept beside it (a duplicated pair keeps the rating of
  // its last copy, as the loaders do).
  static UserItems from_rated_pairs(std::int32_t num_users, std::int32_t num_items,
                                    std::span<const std::int32_t> users, std::span<const std::int32_t> item_ids,
                                    std::span<const float> ratings);
};

}  // namespace recgrad::data
