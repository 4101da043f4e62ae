// Synthetic data: determinism, MovieLens-like shape, features, and the streamed files
// holding exactly the in-memory data.
#include <stdexcept>
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "data/generic.hpp"
#include "data/load.hpp"
#include "data/synthetic.hpp"
#include "data_test_util.hpp"

using namespace recgrad::data;
using recgrad::data::testing::TempDir;

namespace {

// A row's features as "name:weight" strings: comparable across feature numberings.
std::multiset<std::string> named_row(const FeatureMatrix& m, std::int32_t row) {
  std::multiset<std::string> out;
  for (std::size_t k = 0; k < m.ids_of(row).size(); ++k)
    out.insert(m.names[m.ids_of(row)[k]] + ":" + std::to_string(m.weights_of(row)[k]));
  return out;
}

}  // namespace

TEST_CASE("builtin_dataset: MovieLens-shaped, with features, deterministic for a seed") {
  const Dataset ds = builtin_dataset(0);
  CHECK(ds.name == "builtin");
  CHECK(ds.num_interactions() == 100000);
  CHECK(ds.num_users() == 1000);
  CHECK(ds.num_items() >= 1650);
  CHECK(ds.num_items() <= 1700);
  CHECK(ds.report.duplicates == 0);
  const auto& r = ds.interactions.ratings;
  const double mean = std::accumulate(r.begin(), r.end(), 0.0) / static_cast<double>(r.size());
  CHECK(mean > 3.3);
  CHECK(mean < 3.7);
  CHECK(*std::min_element(r.begin(), r.end()) == 1.0f);
  CHECK(*std::max_element(r.begin(), r.end()) == 5.0f);
  for (const float x : r) REQUIRE(x == std::round(x));

  // Most users have 20+ ratings; item popularity has a long tail.
  const UserItems per_user = ds.user_items();
  std::int32_t with_20 = 0;
  for (std::int32_t u = 0; u < ds.num_users(); ++u) with_20 += per_user.of(u).size() >= 20;
  CHECK(with_20 >= 950);
  auto counts = ds.item_counts(all_rows(ds));
  std::sort(counts.rbegin(), counts.rend());
  CHECK(counts.front() > 10 * counts[counts.size() / 2]);

  CHECK(ds.user_features.field("age")->count == 7);
  CHECK(ds.user_features.field("gender")->count == 2);
  CHECK(ds.user_features.field("occupation")->count == 21);
  CHECK(ds.item_features.field("genre")->count == 18);
  CHECK(ds.item_features.field("decade")->count == 7);
  for (std::int32_t i = 0; i < ds.num_items(); ++i) {
    double genre_weight = 0;
    const auto ids = ds.item_features.ids_of(i);
    for (std::size_t k = 0; k < ids.size(); ++k)
      if (ds.item_features.field_of(ids[k]) == 1) genre_weight += ds.item_features.weights_of(i)[k];
    REQUIRE(genre_weight == doctest::Approx(1.0));
  }

  const Dataset again = builtin_dataset(0);
  CHECK(again.interactions.items == ds.interactions.items);
  CHECK(again.interactions.ratings == ds.interactions.ratings);
  CHECK(again.interactions.timestamps == ds.interactions.timestamps);
  CHECK(again.item_features.ids == ds.item_features.ids);
  CHECK(builtin_dataset(1).interactions.items != ds.interactions.items);
}

TEST_CASE("write_synthetic streams exactly the in-memory data to files the loader reads back") {
  TempDir dir;
  SyntheticSpec spec;
  spec.users = 300;
  spec.items = 2000;
  spec.interactions = 9000;
  spec.seed = 5;
  const SyntheticFiles files = write_synthetic(spec, dir.path() / "out");
  CHECK(files.rows == 9000);
  CHECK(files.bytes == static_cast<std::int64_t>(std::filesystem::file_size(files.interactions) +
                                                 std::filesystem::file_size(files.user_features) +
                                                 std::filesystem::file_size(files.item_features)));
  // Only the three finished files: no temporary left behind.
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path() / "out"), {}) == 3);

  const Dataset memory = generate_dataset(spec);
  const Dataset disk = load_dataset({dir.path() / "out"});
  REQUIRE(disk.num_users() == memory.num_users());
  REQUIRE(disk.num_items() == memory.num_items());
  REQUIRE(disk.num_interactions() == memory.num_interactions());
  CHECK(memory.num_items() < spec.items);  // some tail items were never picked: left out
  for (std::int32_t i = 0; i < memory.num_items(); ++i) REQUIRE(disk.items.raw(i) == memory.items.raw(i));
  for (std::int32_t u = 0; u < memory.num_users(); ++u) REQUIRE(disk.users.raw(u) == memory.users.raw(u));
  CHECK(disk.interactions.users == memory.interactions.users);
  CHECK(disk.interactions.items == memory.interactions.items);
  CHECK(disk.interactions.ratings == memory.interactions.ratings);
  CHECK(disk.interactions.timestamps == memory.interactions.timestamps);
  for (std::int32_t u = 0; u < memory.num_users(); ++u)
    REQUIRE(named_row(disk.user_features, u) == named_row(memory.user_features, u));
  for (std::int32_t i = 0; i < memory.num_items(); ++i)
    REQUIRE(named_row(disk.item_features, i) == named_row(memory.item_features, i));
}

TEST_CASE("Synthetic sizes from a thousand interactions up, and refused specs") {
  SyntheticSpec small;
  small.users = 100;
  small.items = 50;
  small.interactions = 1000;
  const Dataset ds = generate_dataset(small);
  CHECK(ds.num_interactions() == 1000);
  CHECK(ds.user_items().items.size() == 1000);  // distinct pairs

  SyntheticSpec dense = small;  // 50% density: heavy users take the exact path
  dense.interactions = 100 * 25;
  CHECK(generate_dataset(dense).num_interactions() == 2500);

  SyntheticSpec sparse = small;  // fewer interactions than users: some users have none
  sparse.interactions = 40;
  const Dataset few = generate_dataset(sparse);
  CHECK(few.num_interactions() == 40);
  CHECK(few.num_users() <= 40);

  SyntheticSpec bad = small;
  bad.interactions = 100 * 25 + 1;
  CHECK_THROWS_WITH_AS(generate_dataset(bad), doctest::Contains("50%"), std::invalid_argument);
  bad = small;
  bad.users = 0;
  CHECK_THROWS_AS(bad.validate(), std::invalid_argument);
  bad = small;
  bad.items = 1;
  CHECK_THROWS_AS(bad.validate(), std::invalid_argument);
}

TEST_CASE("synthetic ratings come on the scale asked for: stars, half stars or 0/1 clicks") {
  SyntheticSpec spec{.users = 200, .items = 300, .interactions = 6000, .seed = 4};
  const auto values = [&](RatingScale scale) {
    spec.ratings = scale;
    const Dataset ds = generate_dataset(spec);
    return std::set<float>(ds.interactions.ratings.begin(), ds.interactions.ratings.end());
  };
  CHECK(values(RatingScale::Stars) == std::set<float>{1, 2, 3, 4, 5});
  const std::set<float> half = values(RatingScale::HalfStars);
  CHECK(half.size() == 10);
  CHECK(*half.begin() == 0.5f);
  CHECK(*half.rbegin() == 5.0f);
  for (const float r : half) CHECK(std::fmod(r * 2, 1.0f) == 0.0f);
  CHECK(values(RatingScale::Clicks) == std::set<float>{0, 1});
  for (const RatingScale scale : {RatingScale::Stars, RatingScale::HalfStars, RatingScale::Clicks})
    CHECK(rating_scale(to_string(scale)) == scale);
  CHECK_THROWS_WITH_AS(rating_scale("likert"), doctest::Contains("expected stars, half-stars or clicks"),
                       std::invalid_argument);
}
