// UserItems: lists sorted and without duplicates; from_rated_pairs keeps each pair's
// rating beside its item through the sort, the last copy of a pair winning.
#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "data/user_items.hpp"

using namespace recgrad::data;

TEST_CASE("rated lists keep each pair's rating beside its item, sorted, the last copy of a pair winning") {
  const std::vector<std::int32_t> users{1, 0, 1, 1, 0, 1};
  const std::vector<std::int32_t> items{7, 3, 2, 7, 1, 5};
  const std::vector<float> ratings{1.0f, 4.0f, 2.5f, 3.5f, 5.0f, 0.5f};  // (1, 7) twice: 3.5 is the later
  const UserItems lists = UserItems::from_rated_pairs(3, 8, users, items, ratings);
  CHECK(std::vector<std::int32_t>(lists.of(0).begin(), lists.of(0).end()) == std::vector<std::int32_t>{1, 3});
  CHECK(std::vector<float>(lists.ratings_of(0).begin(), lists.ratings_of(0).end()) == std::vector<float>{5.0f, 4.0f});
  CHECK(std::vector<std::int32_t>(lists.of(1).begin(), lists.of(1).end()) == std::vector<std::int32_t>{2, 5, 7});
  CHECK(std::vector<float>(lists.ratings_of(1).begin(), lists.ratings_of(1).end()) ==
        std::vector<float>{2.5f, 0.5f, 3.5f});
  CHECK(lists.of(2).empty());
  CHECK(lists.ratings_of(2).empty());
  CHECK(lists.ratings.size() == lists.items.size());

  const UserItems plain = UserItems::from_pairs(3, 8, users, items);  // the same lists, no ratings
  CHECK(plain.items == lists.items);
  CHECK(plain.offsets == lists.offsets);
  CHECK(plain.ratings.empty());
  CHECK(plain.ratings_of(1).empty());

  const std::vector<float> short_ratings{1.0f};
  CHECK_THROWS_AS(UserItems::from_rated_pairs(3, 8, users, items, short_ratings), std::invalid_argument);
  const std::vector<std::int32_t> outside{9, 3, 2, 7, 1, 5};
  CHECK_THROWS_AS(UserItems::from_rated_pairs(3, 8, users, outside, ratings), std::out_of_range);
}
