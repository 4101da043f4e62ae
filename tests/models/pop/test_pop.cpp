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

TEST_CASE("pop: an item nobody trained on scores its features' popularity, below every trained item") {
  // items 0..4 as above; genres: 0 Drama, 1 Drama|Comedy (1/2 each), 2 Comedy, 3 Horror,
  // 4 (untrained) Drama|Comedy (1/2 each), so 4 scores the mean counts of the trained
  // Drama items (1 + 3) / 2 = 2 and Comedy items (3 + 1) / 2 = 2, weighted: 2.
  const Lists l = lists(3, 6, {0, 0, 1, 2, 2, 2}, {0, 1, 1, 1, 2, 3});
  data::IdMap ids;
  for (const char* id : {"a", "b", "c", "d", "e", "f"}) ids.insert(id);
  data::FeatureBuilder builder("item_id", ids);
  const std::int32_t genre = builder.add_field("genre");
  const std::vector<std::pair<std::int32_t, const char*>> genres = {{0, "Drama"}, {1, "Drama"},  {1, "Comedy"},
                                                                    {2, "Comedy"}, {3, "Horror"}, {4, "Drama"},
                                                                    {4, "Comedy"}, {5, "Horror"}};
  for (const auto& [item, name] : genres) builder.add(item, genre, name, item == 1 || item == 4 ? 0.5f : 1.0f);
  const data::FeatureMatrix features = builder.build();
  MostPopular model(3, 6, &features);
  model.begin_sweeps(l.user_items, l.item_users, {});
  model.sweep();
  const float* s = model.tensors()[0].second->data();
  CHECK(std::vector<float>(s, s + 4) == std::vector<float>{1, 3, 1, 1});  // trained: their counts
  // Untrained: 2 (item 4) and 1 (item 5, Horror: item 3's count), scaled by 1 / (1 + 2).
  CHECK(s[4] == doctest::Approx(2.0 / 3));
  CHECK(s[5] == doctest::Approx(1.0 / 3));
  MostPopular counts_only(3, 6);
  counts_only.begin_sweeps(l.user_items, l.item_users, {});
  counts_only.sweep();
  CHECK(counts_only.tensors()[0].second->data()[4] == 0);
}
