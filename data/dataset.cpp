#include "data/dataset.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace recgrad::data {

void Interactions::reserve(std::size_t n) {
  users.reserve(n);
  items.reserve(n);
  ratings.reserve(n);
  timestamps.reserve(n);
}

void Interactions::push_back(std::int32_t user, std::int32_t item, float rating,
                             std::int64_t timestamp) {
  users.push_back(user);
  items.push_back(item);
  ratings.push_back(rating);
  timestamps.push_back(timestamp);
}

double Dataset::density() const {
  const double cells = static_cast<double>(num_users()) * static_cast<double>(num_items());
  return cells > 0 ? static_cast<double>(num_interactions()) / cells : 0.0;
}

std::string Dataset::item_label(std::int32_t item) const {
  if (static_cast<std::size_t>(item) < item_titles.size() && !item_titles[item].empty())
    return item_titles[item];
  return items.raw(item);
}

UserItems Dataset::user_items(std::span<const std::int32_t> rows) const {
  std::vector<std::int32_t> u(rows.size()), i(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    u[k] = interactions.users[rows[k]];
    i[k] = interactions.items[rows[k]];
  }
  return UserItems::from_pairs(num_users(), num_items(), u, i);
}

UserItems Dataset::user_items() const {
  return UserItems::from_pairs(num_users(), num_items(), interactions.users, interactions.items);
}

std::vector<std::int64_t> Dataset::item_counts(std::span<const std::int32_t> rows) const {
  std::vector<std::int64_t> counts(static_cast<std::size_t>(num_items()), 0);
  for (const std::int32_t r : rows) ++counts[interactions.items[r]];
  return counts;
}

std::vector<std::int32_t> all_rows(const Dataset& ds) {
  std::vector<std::int32_t> rows(static_cast<std::size_t>(ds.num_interactions()));
  std::iota(rows.begin(), rows.end(), 0);
  return rows;
}

Dataset with_rows(const Dataset& ds, std::span<const std::int32_t> rows) {
  if (!std::is_sorted(rows.begin(), rows.end()) || std::adjacent_find(rows.begin(), rows.end()) != rows.end())
    throw std::invalid_argument("with_rows: the rows must be ascending and distinct");
  if (!rows.empty() && (rows.front() < 0 || rows.back() >= ds.num_interactions()))
    throw std::invalid_argument("with_rows: a row is outside the data set");
  Dataset out;
  out.name = ds.name;
  out.format = ds.format;
  out.users = ds.users;
  out.items = ds.items;
  out.item_titles = ds.item_titles;
  out.has_ratings = ds.has_ratings;
  out.has_timestamps = ds.has_timestamps;
  out.user_features = ds.user_features;
  out.item_features = ds.item_features;
  out.report = ds.report;
  const Interactions& in = ds.interactions;
  out.interactions.reserve(rows.size());
  for (const std::int32_t r : rows) out.interactions.push_back(in.users[r], in.items[r], in.ratings[r], in.timestamps[r]);
  return out;
}

void finish_interactions(Dataset& ds, bool has_ratings, bool has_timestamps) {
  Interactions& in = ds.interactions;
  const std::int64_t n = in.size();
  if (n >= INT32_MAX)
    throw std::length_error(ds.name + ": " + std::to_string(n) +
                            " interactions; at most 2^31 - 2 are supported");
  const std::int32_t num_users = ds.num_users();
  const std::int32_t num_items = ds.num_items();
  for (std::int64_t r = 0; r < n; ++r)
    if (in.users[r] < 0 || in.users[r] >= num_users || in.items[r] < 0 || in.items[r] >= num_items)
      throw std::logic_error(ds.name + ": interaction " + std::to_string(r) +
                             " has an index outside the id maps");

  // Rows grouped by user, file order kept inside a group (a stable counting sort).
  std::vector<std::int64_t> start(static_cast<std::size_t>(num_users) + 1, 0);
  for (const std::int32_t u : in.users) ++start[u + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::int32_t> by_user(static_cast<std::size_t>(n));
  {
    std::vector<std::int64_t> cursor(start.begin(), start.end() - 1);
    for (std::int32_t r = 0; r < n; ++r) by_user[cursor[in.users[r]]++] = r;
  }
  // Within one user, a later row for an item already seen replaces the earlier one.
  std::vector<std::int32_t> seen_by(static_cast<std::size_t>(num_items), -1);
  std::vector<std::int32_t> last_row(static_cast<std::size_t>(num_items));
  std::vector<char> dropped(static_cast<std::size_t>(n), 0);
  std::int64_t duplicates = 0;
  for (std::int32_t u = 0; u < num_users; ++u) {
    for (std::int64_t k = start[u]; k < start[u + 1]; ++k) {
      const std::int32_t r = by_user[k];
      const std::int32_t item = in.items[r];
      if (seen_by[item] == u) {
        dropped[last_row[item]] = 1;
        ++duplicates;
      }
      seen_by[item] = u;
      last_row[item] = r;
    }
  }
  if (duplicates > 0) {
    std::int64_t write = 0;
    for (std::int64_t r = 0; r < n; ++r) {
      if (dropped[r]) continue;
      in.users[write] = in.users[r];
      in.items[write] = in.items[r];
      in.ratings[write] = in.ratings[r];
      in.timestamps[write] = in.timestamps[r];
      ++write;
    }
    in.users.resize(write);
    in.items.resize(write);
    in.ratings.resize(write);
    in.timestamps.resize(write);
  }
  ds.report.duplicates += duplicates;
  ds.has_ratings = has_ratings;
  ds.has_timestamps = has_timestamps;
}

}  // namespace recgrad::data
