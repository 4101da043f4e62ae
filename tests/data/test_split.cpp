// Splits: sizes, determinism, the leave-last-out tie rule, cold-start items.
#include <stdexcept>
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "data/line_reader.hpp"
#include "data/split.hpp"
#include "data/synthetic.hpp"

using namespace recgrad::data;

namespace {

// A dataset written out by hand: (user, item, timestamp) triples, ratings all 3.
Dataset tiny(std::int32_t users, std::int32_t items,
             const std::vector<std::tuple<std::int32_t, std::int32_t, std::int64_t>>& rows) {
  Dataset ds;
  ds.name = "tiny";
  for (std::int32_t u = 0; u < users; ++u) ds.users.insert(std::to_string(u));
  for (std::int32_t i = 0; i < items; ++i) ds.items.insert(std::to_string(i));
  for (const auto& [u, i, t] : rows) ds.interactions.push_back(u, i, 3.0f, t);
  finish_interactions(ds, true, true);
  return ds;
}

const Dataset& builtin() {
  static const Dataset ds = builtin_dataset(0);
  return ds;
}

// Every row in exactly one part (or counted as unassigned).
void check_partition(const Dataset& ds, const Split& s) {
  std::vector<int> seen(static_cast<std::size_t>(ds.num_interactions()), 0);
  for (const auto* part : {&s.train, &s.validation, &s.test}) {
    CHECK(std::is_sorted(part->begin(), part->end()));
    for (const auto r : *part) ++seen[r];
  }
  CHECK(std::count(seen.begin(), seen.end(), 1) + s.unassigned == ds.num_interactions());
  CHECK(std::count_if(seen.begin(), seen.end(), [](int c) { return c > 1; }) == 0);
}

}  // namespace

TEST_CASE("random: exact test share, a partition, the same for a seed and different across seeds") {
  const Dataset& ds = builtin();
  const Split a = make_split(ds, {"random", 7});
  CHECK(a.name == "random");
  CHECK(a.test.size() == 20000);
  CHECK(a.train.size() == 80000);
  CHECK(a.validation.empty());
  check_partition(ds, a);
  CHECK(make_split(ds, {"random", 7}).test == a.test);
  CHECK(make_split(ds, {"random", 8}).test != a.test);
  SplitOptions tenth{"random", 7};
  tenth.test_fraction = 0.1;
  CHECK(make_split(ds, tenth).test.size() == 10000);
  CHECK(a.summary() == "split random: train 80000, validation 0, test 20000");
}

TEST_CASE("last: by timestamp, ties broken by item id, second-to-last is validation") {
  // User 0: items 5 and 2 tie at the last second -> 5 (larger id) is test, 2 validation.
  // User 1: two interactions -> 1 train, 1 test. User 2: one interaction -> train.
  const Dataset ds = tiny(3, 6, {{0, 1, 100}, {0, 5, 300}, {0, 2, 300}, {0, 3, 200},
                                 {1, 4, 50}, {1, 0, 10}, {2, 3, 7}});
  const Split s = make_split(ds, {"last"});
  auto item_of = [&](std::int32_t row) { return ds.interactions.items[row]; };
  REQUIRE(s.test.size() == 2);
  CHECK(item_of(s.test[0]) == 5);
  CHECK(item_of(s.test[1]) == 4);
  REQUIRE(s.validation.size() == 1);
  CHECK(item_of(s.validation[0]) == 2);
  CHECK(s.train == std::vector<std::int32_t>{0, 3, 5, 6});
  CHECK(s.short_users == 2);
  check_partition(ds, s);
  CHECK(s.summary().find("users with < 3 interactions 2") != std::string::npos);
  CHECK(make_split(ds, {"last", 99}).test == s.test);  // no randomness involved
  // User 0's test item was chosen by the tie-break, and the split says so; user 1's was not.
  CHECK(s.tied == 1);
  CHECK(s.summary().find("users whose test or validation item ties in time with the one before 1 (ordered by item id)") !=
        std::string::npos);
  // A tie deeper in the history decides nothing about the parts: not counted.
  const Dataset early = tiny(1, 6, {{0, 1, 100}, {0, 2, 100}, {0, 3, 200}, {0, 4, 300}});
  CHECK(make_split(early, {"last"}).tied == 0);
}

TEST_CASE("temporal: everything before the cutoff trains, the cutoff second and later test") {
  const Dataset ds = tiny(2, 6, {{0, 0, 10}, {0, 1, 20}, {1, 2, 30}, {1, 3, 40}, {0, 4, 50}});
  SplitOptions o{"temporal"};
  o.time_quantile = 0.6;  // cutoff = the timestamp at position 3 of 5 in time order = 40
  const Split s = make_split(ds, o);
  CHECK(s.train == std::vector<std::int32_t>{0, 1, 2});
  CHECK(s.test == std::vector<std::int32_t>{3, 4});
  CHECK(s.tied == 1);  // the one interaction at the cutoff second, in test
  CHECK(s.summary().find("interactions at the cutoff time 1 (in test)") != std::string::npos);
  const Split b = make_split(builtin(), {"temporal"});
  CHECK(b.train.size() == doctest::Approx(80000).epsilon(0.01));
  check_partition(builtin(), b);
}

TEST_CASE("coldstart: the chosen items have no training interaction at all") {
  const Dataset& ds = builtin();
  SplitOptions o{"coldstart", 3};
  o.item_fraction = 0.2;
  const Split s = make_split(ds, o);
  CHECK(s.cold_items.size() == static_cast<std::size_t>(std::llround(0.2 * ds.num_items())));
  const std::set<std::int32_t> cold(s.cold_items.begin(), s.cold_items.end());
  for (const auto r : s.train) CHECK_FALSE(cold.count(ds.interactions.items[r]));
  for (const auto r : s.test) CHECK(cold.count(ds.interactions.items[r]));
  check_partition(ds, s);
  CHECK(make_split(ds, o).cold_items == s.cold_items);
  o.seed = 4;
  CHECK(make_split(ds, o).cold_items != s.cold_items);
}

TEST_CASE("Split errors: unknown names, bad fractions, no timestamps, no shipped files") {
  const Dataset& ds = builtin();
  CHECK_THROWS_AS(make_split(ds, {"u9"}), std::invalid_argument);
  SplitOptions bad{"random"};
  bad.test_fraction = 1.0;
  CHECK_THROWS_AS(make_split(ds, bad), std::invalid_argument);
  CHECK_THROWS_WITH_AS(make_split(ds, {"u1"}), doctest::Contains("no u1.base"), DataError);
  Dataset untimed = tiny(1, 3, {{0, 0, 0}, {0, 1, 0}, {0, 2, 0}});
  untimed.has_timestamps = false;
  CHECK_THROWS_WITH_AS(make_split(untimed, {"last"}), doctest::Contains("timestamp"), DataError);
  CHECK_THROWS_AS(make_split(untimed, {"temporal"}), DataError);
  CHECK(split_names().size() == 11);
}
