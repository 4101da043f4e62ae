#include "data/user_items.hpp"

#include <stdexcept>
#include <string>
#include <utility>

namespace recgrad::data {

namespace {

// The lists of (users[i], item_ids[i]) pairs, with ratings[i] beside each when `ratings`
// is not empty.
UserItems build_lists(std::int32_t num_users, std::int32_t num_items, std::span<const std::int32_t> users,
                      std::span<const std::int32_t> item_ids, std::span<const float> ratings) {
  if (users.size() != item_ids.size() || (!ratings.empty() && ratings.size() != users.size()))
    throw std::invalid_argument("UserItems::from_pairs: " + std::to_string(users.size()) + " users but " +
                                std::to_string(item_ids.size()) + " items and " + std::to_string(ratings.size()) +
                                " ratings");
  UserItems out;
  out.num_items = num_items;
  out.offsets.assign(static_cast<std::size_t>(num_users) + 1, 0);
  for (std::size_t i = 0; i < users.size(); ++i) {
    if (users[i] < 0 || users[i] >= num_users || item_ids[i] < 0 || item_ids[i] >= num_items)
      throw std::out_of_range("UserItems::from_pairs: pair (" + std::to_string(users[i]) + ", " +
                              std::to_string(item_ids[i]) + ") outside " + std::to_string(num_users) + " users x " +
                              std::to_string(num_items) + " items");
    ++out.offsets[users[i] + 1];
  }
  for (std::int32_t u = 0; u < num_users; ++u) out.offsets[u + 1] += out.offsets[u];
  const bool rated = !ratings.empty();
  out.items.resize(users.size());
  if (rated) out.ratings.resize(users.size());
  std::vector<std::int64_t> cursor(out.offsets.begin(), out.offsets.end() - 1);
  for (std::size_t i = 0; i < users.size(); ++i) {
    const std::int64_t slot = cursor[users[i]]++;
    out.items[slot] = item_ids[i];
    if (rated) out.ratings[slot] = ratings[i];
  }
  // Each list sorted by item, equal items kept in input order so that the last copy of a
  // pair wins, then compacted in place (a list only moves towards the front).
  std::vector<std::pair<std::int32_t, float>> list;
  std::int64_t write = 0;
  for (std::int32_t u = 0; u < num_users; ++u) {
    list.clear();
    for (std::int64_t s = out.offsets[u]; s < out.offsets[u + 1]; ++s)
      list.emplace_back(out.items[s], rated ? out.ratings[s] : 0.0f);
    std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    out.offsets[u] = write;
    for (std::size_t k = 0; k < list.size(); ++k) {
      if (k + 1 < list.size() && list[k + 1].first == list[k].first) continue;
      out.items[write] = list[k].first;
      if (rated) out.ratings[write] = list[k].second;
      ++write;
    }
  }
  out.offsets[num_users] = write;
  out.items.resize(static_cast<std::size_t>(write));
  if (rated) out.ratings.resize(static_cast<std::size_t>(write));
  return out;
}

}  // namespace

UserItems UserItems::from_pairs(std::int32_t num_users, std::int32_t num_items, std::span<const std::int32_t> users,
                                std::span<const std::int32_t> item_ids) {
  return build_lists(num_users, num_items, users, item_ids, {});
}

UserItems UserItems::from_rated_pairs(std::int32_t num_users, std::int32_t num_items,
                                      std::span<const std::int32_t> users, std::span<const std::int32_t> item_ids,
                                      std::span<const float> ratings) {
  if (ratings.size() != users.size())
    throw std::invalid_argument("UserItems::from_rated_pairs: " + std::to_string(users.size()) + " pairs but " +
                                std::to_string(ratings.size()) + " ratings");
  return build_lists(num_users, num_items, users, item_ids, ratings);
}

}  // namespace recgrad::data
