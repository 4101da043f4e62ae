// rated_at_least: an implicit model's --positive-rating takes the interactions rated below
// it out of every part of a split, counts them, keeps the cold items, changes nothing when
// applied again, and refuses data without ratings and a training part left empty.
#include <doctest/doctest.h>

#include <algorithm>
#include <stdexcept>

#include "data/line_reader.hpp"
#include "data/split.hpp"
#include "data/synthetic.hpp"
#include "data_test_util.hpp"

using namespace recgrad::data;
using recgrad::data::testing::require_data_error;

namespace {

const Dataset& builtin() {
  static const Dataset ds = builtin_dataset(0);
  return ds;
}

std::int64_t rated_below(const Dataset& ds, const std::vector<std::int32_t>& rows, float min_rating) {
  return std::count_if(rows.begin(), rows.end(), [&](std::int32_t r) { return ds.interactions.ratings[r] < min_rating; });
}

}  // namespace

TEST_CASE("rated_at_least leaves out of every part exactly the interactions rated below, and says how many") {
  const Dataset& ds = builtin();
  for (const char* name : {"random", "last", "coldstart"}) {
    CAPTURE(name);
    const Split all = make_split(ds, {.name = name, .seed = 3});
    const Split kept = rated_at_least(ds, all, 4.0);
    const std::int64_t below =
        rated_below(ds, all.train, 4) + rated_below(ds, all.validation, 4) + rated_below(ds, all.test, 4);
    REQUIRE(below > 0);
    CHECK(kept.below_positive == below);
    CHECK(kept.train.size() + kept.validation.size() + kept.test.size() + below ==
          all.train.size() + all.validation.size() + all.test.size());
    for (const auto* part : {&kept.train, &kept.validation, &kept.test}) {
      CHECK(rated_below(ds, *part, 4) == 0);
      CHECK(std::is_sorted(part->begin(), part->end()));
    }
    CHECK(std::includes(all.test.begin(), all.test.end(), kept.test.begin(), kept.test.end()));
    CHECK(kept.cold_items == all.cold_items);
    REQUIRE(kept.positive_rating.has_value());
    CHECK(*kept.positive_rating == 4.0);
    CHECK(kept.summary().find("rated below 4 and left out " + std::to_string(below)) != std::string::npos);

    const Split again = rated_at_least(ds, kept, 4.0);  // nothing more to leave out
    CHECK(again.train == kept.train);
    CHECK(again.test == kept.test);
    CHECK(again.below_positive == kept.below_positive);
  }
  // Below the lowest rating nothing is left out, and the summary still says the threshold.
  const Split all = make_split(ds, {.name = "random", .seed = 3});
  const Split every = rated_at_least(ds, all, 0.5);
  CHECK(every.train == all.train);
  CHECK(every.below_positive == 0);
  CHECK(every.summary().find("rated below 0.5 and left out 0") != std::string::npos);
}

TEST_CASE("rated_at_least refuses data without ratings and a threshold that leaves nothing to train on") {
  Dataset clicks;
  clicks.name = "clicks.csv";
  for (int u = 0; u < 3; ++u) clicks.users.insert(std::to_string(u));
  for (int i = 0; i < 4; ++i) clicks.items.insert(std::to_string(i));
  for (int u = 0; u < 3; ++u)
    for (int i = 0; i < 4; ++i) clicks.interactions.push_back(u, i, 1.0f, 0);
  finish_interactions(clicks, /*has_ratings=*/false, /*has_timestamps=*/false);
  const Split split = make_split(clicks, {.name = "random", .seed = 1});
  require_data_error([&] { (void)rated_at_least(clicks, split, 4.0); },
                     {"--positive-rating 4", "clicks.csv has no rating column"});

  const Dataset& ds = builtin();
  try {
    (void)rated_at_least(ds, make_split(ds, {.name = "random", .seed = 1}), 6.0);
    FAIL("a threshold above every rating was accepted");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()).find("--positive-rating 6: no interaction of split random's training part is rated 6 "
                                     "or more") != std::string::npos);
  }
}
