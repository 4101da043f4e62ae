// als --confidence rating: an observed pair's confidence is 1 + alpha × its rating. With
// every rating 1 it is the flat model to the bit; with real ratings it learns other
// factors; lists without ratings are refused rather than read as flat.
#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "data/synthetic.hpp"
#include "models/als/als.hpp"

using namespace recgrad;

namespace {

struct Lists {
  data::UserItems by_user, by_item;
};

Lists lists_of(const data::Dataset& ds, bool ratings_of_one) {
  std::vector<float> ratings(ds.interactions.ratings.begin(), ds.interactions.ratings.end());
  if (ratings_of_one) ratings.assign(ratings.size(), 1.0f);
  const auto& in = ds.interactions;
  return {data::UserItems::from_rated_pairs(ds.num_users(), ds.num_items(), in.users, in.items, ratings),
          data::UserItems::from_rated_pairs(ds.num_items(), ds.num_users(), in.items, in.users, ratings)};
}

Tensor<float> factors_after_sweeps(const AlsConfig& config, const data::Dataset& ds, const Lists& lists) {
  ImplicitAls als(config, ds.num_users(), ds.num_items(), 5);
  for (int s = 0; s < 3; ++s) als.sweep(lists.by_user, lists.by_item);
  return als.item_vectors();
}

}  // namespace

TEST_CASE("als --confidence rating: ratings of 1 are the flat model, real ratings another, no ratings refused") {
  const data::Dataset ds = data::generate_dataset({.users = 60, .items = 80, .interactions = 1500, .seed = 2});
  const AlsConfig flat{.dim = 8, .l2 = 1.0, .alpha = 2.0};
  AlsConfig rated = flat;
  rated.confidence_by_rating = true;
  const Lists ones = lists_of(ds, true), real = lists_of(ds, false);

  const Tensor<float> expected = factors_after_sweeps(flat, ds, ones);
  const Tensor<float> same = factors_after_sweeps(rated, ds, ones);
  CHECK(std::equal(same.begin(), same.end(), expected.begin()));
  const Tensor<float> other = factors_after_sweeps(rated, ds, real);
  CHECK_FALSE(std::equal(other.begin(), other.end(), expected.begin()));

  ImplicitAls als(rated, ds.num_users(), ds.num_items(), 5);
  const data::UserItems plain = ds.user_items();
  const auto& in = ds.interactions;
  const data::UserItems by_item = data::UserItems::from_pairs(ds.num_items(), ds.num_users(), in.items, in.users);
  CHECK_THROWS_WITH_AS(als.sweep(plain, by_item), doctest::Contains("carry no ratings"), std::logic_error);
}
