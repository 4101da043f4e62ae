// The ml-latest profile: synthetic data with MovieLens latest-small's shape (a second
// real-shaped data set the quality floors run on), its tail options, and refusals.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "data/synthetic.hpp"

using namespace recgrad::data;

namespace {

// Interactions per item row and per user row.
std::vector<int> counts(const std::vector<std::int32_t>& ids, std::size_t n) {
  std::vector<int> c(n, 0);
  for (const std::int32_t id : ids) ++c[static_cast<std::size_t>(id)];
  return c;
}

int median(std::vector<int> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

}  // namespace

TEST_CASE("the ml-latest profile has latest-small's shape: 610 users, about 9.7k items, long tails, half stars") {
  const Dataset ds = generate_dataset(synthetic_profile("ml-latest", 0));
  CHECK(ds.num_users() == 610);
  CHECK(ds.num_interactions() == 100836);
  // latest-small: 9 724 items rated, 3 446 (35%) once, the most rated by 329 users.
  CHECK(ds.num_items() > 9000);
  CHECK(ds.num_items() < 10500);
  const std::vector<int> per_item = counts(ds.interactions.items, ds.num_items());
  const auto once = std::count(per_item.begin(), per_item.end(), 1);
  CHECK(static_cast<double>(once) / static_cast<double>(ds.num_items()) > 0.2);
  const int top = *std::max_element(per_item.begin(), per_item.end());
  CHECK(top > 200);
  CHECK(top < 400);
  // latest-small: users median 70.5 ratings, the most active 2 698.
  const std::vector<int> per_user = counts(ds.interactions.users, ds.num_users());
  CHECK(median(per_user) > 50);
  CHECK(median(per_user) < 120);
  CHECK(*std::max_element(per_user.begin(), per_user.end()) > 1500);
  for (const float r : ds.interactions.ratings) {
    CHECK(r >= 0.5f);
    CHECK(r <= 5.0f);
    CHECK(std::round(2 * r) == 2 * r);
  }
  // The same seed, the same data; another seed, other data.
  CHECK(generate_dataset(synthetic_profile("ml-latest", 0)).interactions.items == ds.interactions.items);
  CHECK(generate_dataset(synthetic_profile("ml-latest", 1)).interactions.items != ds.interactions.items);
}

TEST_CASE("the tail options change the data's shape and out-of-range ones are refused") {
  SyntheticSpec flat{.users = 200, .items = 2000, .interactions = 20000};
  SyntheticSpec steep = flat;
  steep.popularity_offset = 0.001;
  steep.popularity_exponent = 2.5;
  auto top_count = [](const SyntheticSpec& spec) {
    const Dataset ds = generate_dataset(spec);
    const std::vector<int> c = counts(ds.interactions.items, ds.num_items());
    return *std::max_element(c.begin(), c.end());
  };
  CHECK(top_count(steep) > top_count(flat));

  CHECK_THROWS_AS(synthetic_profile("ml-huge"), std::invalid_argument);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const double bad : {0.0, 5.0, nan}) {
    SyntheticSpec s = flat;
    s.popularity_exponent = bad;
    CHECK_THROWS_AS(s.validate(), std::invalid_argument);
  }
  for (const double bad : {-0.1, 1.5, nan}) {
    SyntheticSpec s = flat;
    s.popularity_offset = bad;
    CHECK_THROWS_AS(s.validate(), std::invalid_argument);
  }
  for (const double bad : {-1.0, 3.5, nan}) {
    SyntheticSpec s = flat;
    s.activity_sigma = bad;
    CHECK_THROWS_AS(s.validate(), std::invalid_argument);
  }
}
