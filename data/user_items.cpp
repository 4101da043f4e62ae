#include "data/user_items.hpp"

#include <stdexcept>
#include <string>

namespace recgrad::data {

UserItems UserItems::from_pairs(std::int32_t num_users, std::int32_t num_items,
                                std::span<const std::int32_t> users,
                                std::span<const std::int32_t> item_ids) {
  if (users.size() != item_ids.size())
    throw std::invalid_argument("UserItems::from_pairs: " + std::to_string(users.size()) +
                                " users but " + std::to_string(item_ids.size()) + " items");
  UserItems out;
  out.num_items = num_items;
  out.offsets.assign(static_cast<std::size_t>(num_users) + 1, 0);
  for (std::size_t i = 0; i < users.size(); ++i) {
    if (users[i] < 0 || users[i] >= num_users || item_ids[i] < 0 || item_ids[i] >= num_items)
      throw std::out_of_range("UserItems::from_pairs: pair (" + std::to_string(users[i]) + ", " +
                              std::to_string(item_ids[i]) + ") outside " +
                              std::to_string(num_users) + " users x " +
                              std::to_string(num_items) + " items");
    ++out.offsets[users[i] + 1];
  }
  for (std::int32_t u = 0; u < num_users; ++u) out.offsets[u + 1] += out.offsets[u];
  out.items.resize(users.size());
  std::vector<std::int64_t> cursor(out.offsets.begin(), out.offsets.end() - 1);
  for (std::size_t i = 0; i < users.size(); ++i) out.items[cursor[users[i]]++] = item_ids[i];
  // Sort and deduplicate each list, compacting in place.
  std::int64_t write = 0;
  for (std::int32_t u = 0; u < num_users; ++u) {
    auto first = out.items.begin() + out.offsets[u];
    auto last = out.items.begin() + out.offsets[u + 1];
    std::sort(first, last);
    last = std::unique(first, last);
    out.offsets[u] = write;
    write = std::copy(first, last, out.items.begin() + write) - out.items.begin();
  }
  out.offsets[num_users] = write;
  out.items.resize(static_cast<std::size_t>(write));
  return out;
}

}  // namespace recgrad::data
