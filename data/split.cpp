#include "data/split.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "data/generic.hpp"
#include "data/line_reader.hpp"
#include "data/shuffle.hpp"
#include "data/split_files.hpp"

namespace recgrad::data {

namespace {

// A rating as a person writes it: 4, 3.5.
std::string number_text(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

void check_fraction(double value, const char* what) {
  if (!(value > 0.0 && value < 1.0))
    throw std::invalid_argument(std::string("split option ") + what + " must be in (0, 1), got " +
                                std::to_string(value));
}

void require_timestamps(const Dataset& ds, const std::string& split) {
  if (!ds.has_timestamps)
    throw DataError("split \"" + split + "\" orders interactions by time, but " + ds.name +
                    " has no timestamp column");
}

// Rows not in `test` (both ascending) go to train.
std::vector<std::int32_t> complement(std::int64_t n, const std::vector<std::int32_t>& test) {
  std::vector<std::int32_t> rest;
  rest.reserve(static_cast<std::size_t>(n) - test.size());
  std::size_t k = 0;
  for (std::int32_t r = 0; r < n; ++r) {
    if (k < test.size() && test[k] == r) ++k;
    else rest.push_back(r);
  }
  return rest;
}

Split random_split(const Dataset& ds, const SplitOptions& o) {
  check_fraction(o.test_fraction, "test_fraction");
  Split s;
  std::vector<std::int32_t> rows = all_rows(ds);
  Rng rng(o.seed);
  shuffle(rows.data(), rows.size(), rng);
  const auto n_test = static_cast<std::size_t>(std::llround(o.test_fraction * static_cast<double>(rows.size())));
  s.test.assign(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n_test));
  std::sort(s.test.begin(), s.test.end());
  s.train = complement(ds.num_interactions(), s.test);
  return s;
}

Split leave_last_out(const Dataset& ds) {
  require_timestamps(ds, "last");
  const Interactions& in = ds.interactions;
  std::vector<std::int32_t> rows = all_rows(ds);
  // (user, timestamp, item) order; (user, item) is unique, so this is a total order.
  std::sort(rows.begin(), rows.end(), [&](std::int32_t a, std::int32_t b) {
    if (in.users[a] != in.users[b]) return in.users[a] < in.users[b];
    if (in.timestamps[a] != in.timestamps[b]) return in.timestamps[a] < in.timestamps[b];
    return in.items[a] < in.items[b];
  });
  Split s;
  for (std::size_t begin = 0; begin < rows.size();) {
    std::size_t end = begin;
    while (end < rows.size() && in.users[rows[end]] == in.users[rows[begin]]) ++end;
    const std::size_t count = end - begin;
    if (count < 3) ++s.short_users;
    if (count >= 2) s.test.push_back(rows[end - 1]);
    if (count >= 3) s.validation.push_back(rows[end - 2]);
    // Which of two interactions at the same time is "later" is decided by the item id,
    // not by the data: counted, so that data-info can say how often that happened.
    const auto same_time = [&](std::size_t a, std::size_t b) { return in.timestamps[rows[a]] == in.timestamps[rows[b]]; };
    if ((count >= 2 && same_time(end - 1, end - 2)) || (count >= 3 && same_time(end - 2, end - 3))) ++s.tied;
    const std::size_t train_end = count >= 3 ? end - 2 : count == 2 ? end - 1 : end;
    s.train.insert(s.train.end(), rows.begin() + static_cast<std::ptrdiff_t>(begin),
                   rows.begin() + static_cast<std::ptrdiff_t>(train_end));
    begin = end;
  }
  for (auto* part : {&s.train, &s.validation, &s.test}) std::sort(part->begin(), part->end());
  return s;
}

Split temporal_split(const Dataset& ds, const SplitOptions& o) {
  require_timestamps(ds, "temporal");
  check_fraction(o.time_quantile, "time_quantile");
  std::vector<std::int64_t> times = ds.interactions.timestamps;
  const auto at = static_cast<std::size_t>(o.time_quantile * static_cast<double>(times.size()));
  Split s;
  if (times.empty()) return s;
  std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(at), times.end());
  const std::int64_t cutoff = times[at];
  for (std::int32_t r = 0; r < ds.num_interactions(); ++r) {
    (ds.interactions.timestamps[r] < cutoff ? s.train : s.test).push_back(r);
    s.tied += ds.interactions.timestamps[r] == cutoff;
  }
  return s;
}

Split coldstart_split(const Dataset& ds, const SplitOptions& o) {
  check_fraction(o.item_fraction, "item_fraction");
  std::vector<std::int32_t> items(static_cast<std::size_t>(ds.num_items()));
  std::iota(items.begin(), items.end(), 0);
  Rng rng(o.seed);
  shuffle(items.data(), items.size(), rng);
  const auto n_cold = static_cast<std::size_t>(std::llround(o.item_fraction * static_cast<double>(items.size())));
  Split s;
  s.cold_items.assign(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(n_cold));
  std::sort(s.cold_items.begin(), s.cold_items.end());
  std::vector<char> cold(items.size(), 0);
  for (const std::int32_t i : s.cold_items) cold[i] = 1;
  for (std::int32_t r = 0; r < ds.num_interactions(); ++r)
    (cold[ds.interactions.items[r]] ? s.test : s.train).push_back(r);
  return s;
}

Split shipped_split(const Dataset& ds, const std::string& name) {
  const auto it = std::find_if(ds.shipped_splits.begin(), ds.shipped_splits.end(),
                               [&](const ShippedSplit& s) { return s.name == name; });
  if (it == ds.shipped_splits.end())
    throw DataError("split \"" + name + "\" is one of the split files shipped with MovieLens 100K, but " +
                    ds.name + " (format " + ds.format + ") has no " + name + ".base/" + name + ".test");
  const std::vector<std::int32_t> by_pair = rows_by_pair(ds);
  const InteractionFormat shipped{.delimiter = "\t"};
  Split s;
  s.train = rows_of_file(ds, it->base, by_pair, shipped);
  s.test = rows_of_file(ds, it->test, by_pair, shipped);
  refuse_shared_records(ds, s.train, it->base, s.test, it->test);
  s.unassigned = ds.num_interactions() - static_cast<std::int64_t>(s.train.size() + s.test.size());
  return s;
}

}  // namespace

const std::vector<std::string>& split_names() {
  static const std::vector<std::string> names = {"u1", "u2", "u3", "u4", "u5", "ua", "ub",
                                                 "random", "last", "temporal", "coldstart"};
  return names;
}

Split make_split(const Dataset& ds, const SplitOptions& options) {
  const std::string& name = options.name;
  Split s;
  if (name.starts_with(kSplitFilesPrefix)) s = read_split_files(ds, name.substr(kSplitFilesPrefix.size()));
  else if (name == "random") s = random_split(ds, options);
  else if (name == "last") s = leave_last_out(ds);
  else if (name == "temporal") s = temporal_split(ds, options);
  else if (name == "coldstart") s = coldstart_split(ds, options);
  else if (std::find(split_names().begin(), split_names().end(), name) != split_names().end())
    s = shipped_split(ds, name);
  else {
    std::string known;
    for (const auto& n : split_names()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown split \"" + name + "\"; expected one of " + known);
  }
  s.name = name;
  return s;
}

Split rated_at_least(const Dataset& ds, Split split, double min_rating) {
  const std::string option = "--positive-rating " + number_text(min_rating);
  if (!ds.has_ratings)
    throw DataError(option + ": " + ds.name + " has no rating column (every interaction counts as a rating of 1)");
  const auto& ratings = ds.interactions.ratings;
  const auto low = [&](std::int32_t row) { return ratings[static_cast<std::size_t>(row)] < min_rating; };
  for (std::vector<std::int32_t>* part : {&split.train, &split.validation, &split.test})
    split.below_positive += std::erase_if(*part, low);
  split.positive_rating = min_rating;
  if (split.train.empty())
    throw std::invalid_argument(option + ": no interaction of split " + split.name + "'s training part is rated " +
                                number_text(min_rating) + " or more");
  return split;
}

std::string Split::summary() const {
  std::string out = "split " + name + ": train " + std::to_string(train.size()) + ", validation " +
                    std::to_string(validation.size()) + ", test " + std::to_string(test.size());
  if (!cold_items.empty()) out += ", cold items " + std::to_string(cold_items.size());
  if (short_users > 0) out += ", users with < 3 interactions " + std::to_string(short_users);
  if (unassigned > 0) out += ", interactions in no part " + std::to_string(unassigned);
  if (tied > 0 && name == "last")
    out += ", users whose test or validation item ties in time with the one before " + std::to_string(tied) +
           " (ordered by item id)";
  if (tied > 0 && name == "temporal") out += ", interactions at the cutoff time " + std::to_string(tied) + " (in test)";
  if (positive_rating)
    out += ", rated below " + number_text(*positive_rating) + " and left out " + std::to_string(below_positive);
  return out;
}

}  // namespace recgrad::data
