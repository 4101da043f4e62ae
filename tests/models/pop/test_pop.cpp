// pop on data small enough to check by hand: its scores are the training counts, and
// it ranks as its definition says.
#include <doctest/doctest.h>

#include "models/pop/pop.hpp"
#include "models/ranker_test_util.hpp"

using namespace recgrad;
using namespace ranker_test;

TEST_CASE("pop: every user's score of an item is its number of training users") {
  // item 0: 1 user, item 1: 3, items 2 and 3: 1, item 4: none.
  const Lists l = lists(3, 5, {0, 0, 1, 2, 2, 2}, {0, 1, 1, 1, 2, 3});
  MostPopular model(3, 5);
  model.begin_sweeps(l.user_items, l.item_users, {});
  model.sweep();
  const std::vector<float> counts = {1, 3, 1, 1, 0};
  const auto named = model.tensors();
  REQUIRE(named.size() == 1);
  CHECK(named[0].first == "item_counts");
  CHECK(named[0].second->shape() == Shape{5, 1});
  CHECK(std::equal(counts.begin(), counts.end(), named[0].second->data()));
  const std::vector<float> all = scores(model);
  for (Id u = 0; u < 3; ++u) CHECK(std::equal(counts.begin(), counts.end(), all.begin() + u * 5));
  const std::vector<Id> users = {2, 0, 1}, items = {4, 1, 0};
  std::vector<float> out(3);
  model.predict(users, items, out);
  CHECK(out == std::vector<float>{0, 3, 1});
  CHECK(model.item_vectors().size() == 0);  // nothing for `similar` to search
  CHECK(top_unseen(all, l.user_items, 0, 3) == std::vector<Id>{2, 3, 4});  // most popular unseen first
}
