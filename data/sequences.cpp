#include "data/sequences.hpp"

#include <algorithm>

namespace recgrad::data {

UserSequences user_sequences(const Dataset& ds, std::span<const std::int32_t> rows) {
  const Interactions& in = ds.interactions;
  std::vector<std::int32_t> order(rows.begin(), rows.end());
  std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
    if (in.users[a] != in.users[b]) return in.users[a] < in.users[b];
    if (in.timestamps[a] != in.timestamps[b]) return in.timestamps[a] < in.timestamps[b];
    return in.items[a] < in.items[b];
  });
  UserSequences s;
  s.offsets.assign(static_cast<std::size_t>(ds.num_users()) + 1, 0);
  s.items.reserve(order.size());
  for (const std::int32_t r : order) {
    ++s.offsets[static_cast<std::size_t>(in.users[r]) + 1];
    s.items.push_back(in.items[r]);
  }
  for (std::size_t u = 1; u < s.offsets.size(); ++u) s.offsets[u] += s.offsets[u - 1];
  return s;
}

UserSequences user_sequences(const Dataset& ds, const UserItems& history) {
  std::vector<std::int32_t> rows;
  const Interactions& in = ds.interactions;
  for (std::int32_t r = 0; r < ds.num_interactions(); ++r)
    if (in.users[r] < history.num_users() && history.contains(in.users[r], in.items[r])) rows.push_back(r);
  return user_sequences(ds, rows);
}

UserSequences last_items(const UserSequences& sequences, std::int32_t n) {
  UserSequences out;
  for (std::int32_t u = 0; u < sequences.num_users(); ++u) {
    const auto items = sequences.of(u);
    const auto keep = std::min<std::size_t>(items.size(), static_cast<std::size_t>(std::max(n, 0)));
    out.items.insert(out.items.end(), items.end() - static_cast<std::ptrdiff_t>(keep), items.end());
    out.offsets.push_back(static_cast<std::int64_t>(out.items.size()));
  }
  return out;
}

}  // namespace recgrad::data
