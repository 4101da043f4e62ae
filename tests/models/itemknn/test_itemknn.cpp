// itemknn on data small enough to check by brute force: its similarities are the
// cosines of the binary user-item matrix, its scores the Deshpande & Karypis sum over the
// kept neighbours, and it ranks as its definition says (beside pop, the crowd's choice).
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>

#include "models/itemknn/itemknn.hpp"
#include "models/pop/pop.hpp"
#include "models/ranker_test_util.hpp"
#include "models/registry.hpp"

using namespace recgrad;
using namespace ranker_test;

TEST_CASE("itemknn: kept similarities are the brute-force cosines, best first, and only those") {
  const Id users = 14, items = 9;
  const Lists l = random_lists(users, items, 5);
  for (const std::int64_t k : {3, 8, 50}) {
    CAPTURE(k);
    ItemKnn model(k, users, items);
    CHECK(model.neighbours_kept() == std::min<std::int64_t>(k, items - 1));
    model.begin_sweeps(l.user_items, l.item_users, {});
    model.sweep();
    for (Id j = 0; j < items; ++j) {
      CAPTURE(j);
      // Brute force: every other item with a positive cosine, best first, ties by index.
      std::vector<std::pair<double, Id>> want;
      for (Id i = 0; i < items; ++i)
        if (i != j && cosine(l.user_items, i, j) > 0) want.emplace_back(-cosine(l.user_items, i, j), i);
      std::sort(want.begin(), want.end());
      for (std::int64_t c = 0; c < model.neighbours_kept(); ++c) {
        const auto n = static_cast<std::size_t>(c);
        if (n < want.size()) {
          CHECK(model.neighbour_row(j)[c] == static_cast<float>(want[n].second));
          CHECK(model.similarity_row(j)[c] == doctest::Approx(-want[n].first).epsilon(1e-6));
        } else {
          CHECK(model.neighbour_row(j)[c] == -1.0f);
          CHECK(model.similarity_row(j)[c] == 0.0f);
        }
      }
    }
  }
}

TEST_CASE("itemknn: scores sum the user's items' similarities where the item is among their k neighbours") {
  const Id users = 14, items = 9;
  const Lists l = random_lists(users, items, 11);
  ItemKnn model(3, users, items);
  model.begin_sweeps(l.user_items, l.item_users, {});
  model.sweep();
  const std::vector<float> all = scores(model);
  for (Id u = 0; u < users; ++u)
    for (Id i = 0; i < items; ++i) {
      double want = 0;
      for (const Id j : l.user_items.of(u))
        for (std::int64_t c = 0; c < 3; ++c)
          if (model.neighbour_row(j)[c] == static_cast<float>(i)) want += cosine(l.user_items, i, j);
      CHECK(all[static_cast<std::size_t>(u * items + i)] == doctest::Approx(want).epsilon(1e-5));
      const Id user[] = {u}, item[] = {i};
      float one = 0;
      model.predict(user, item, {&one, 1});
      CHECK(one == all[static_cast<std::size_t>(u * items + i)]);  // the same sum in the same order
    }
}

TEST_CASE("itemknn: item vectors give every pair's exact cosine, for `similar`") {
  const Lists l = random_lists(10, 7, 3);
  ItemKnn model(2, 10, 7);
  model.begin_sweeps(l.user_items, l.item_users, {});
  model.sweep();
  const Tensor<float> v = model.item_vectors();
  REQUIRE(v.shape() == Shape{7, 10});
  for (Id a = 0; a < 7; ++a)
    for (Id b = 0; b < 7; ++b) {
      const double dot = std::inner_product(v.row(a), v.row(a) + 10, v.row(b), 0.0);
      const double na = std::inner_product(v.row(a), v.row(a) + 10, v.row(a), 0.0);
      const double nb = std::inner_product(v.row(b), v.row(b) + 10, v.row(b), 0.0);
      const double cos = na == 0 || nb == 0 ? 0.0 : dot / std::sqrt(na * nb);
      CHECK(cos == doctest::Approx(cosine(l.user_items, a, b)));
    }
}

TEST_CASE("itemknn: its users' items come back from extra_state, and bad indices are refused") {
  const Lists l = random_lists(8, 6, 2);
  ItemKnn trained(4, 8, 6);
  trained.begin_sweeps(l.user_items, l.item_users, {});
  trained.sweep();
  ItemKnn fresh(4, 8, 6);
  for (const auto& [name, tensor] : fresh.tensors())
    for (const auto& [other, value] : trained.tensors())
      if (name == other) *tensor = *value;
  fresh.restore_extra_state(trained.extra_state());
  CHECK(scores(fresh) == scores(trained));

  std::vector<StateTensor> bad = trained.extra_state();
  bad[1].value.data()[0] = 6;  // no item 6
  CHECK_THROWS_AS(fresh.restore_extra_state(bad), std::invalid_argument);
  bad = trained.extra_state();
  bad[0].value.data()[0] += 1;  // counts no longer add up
  CHECK_THROWS_AS(fresh.restore_extra_state(bad), std::invalid_argument);
  fresh.tensors()[0].second->data()[0] = 17;  // a neighbour that is no item
  CHECK_THROWS_AS(fresh.restore_extra_state(trained.extra_state()), std::invalid_argument);
}

TEST_CASE("itemknn recommends within a user's taste where pop recommends the crowd's") {
  // Users 0-5 share items 0-3, users 6-11 items 4-7, where item 7 has every user and is
  // the most popular item. User 0 has seen item 1 only.
  std::vector<std::int32_t> u, i;
  for (Id a = 0; a < 12; ++a)
    for (Id b = 0; b < 4; ++b)
      if (!(a == 0 && b >= 2) && (a + b) % 3 != 0) u.push_back(a), i.push_back(a < 6 ? b : 4 + b);
  for (Id a = 0; a < 6; ++a) u.push_back(6 + a), i.push_back(7);
  const Lists l = lists(12, 8, u, i);
  ItemKnn knn(3, 12, 8);
  MostPopular pop(12, 8);
  for (SweepModel<float>* m : std::initializer_list<SweepModel<float>*>{&knn, &pop}) {
    m->begin_sweeps(l.user_items, l.item_users, {});
    m->sweep();
  }
  REQUIRE(l.user_items.of(0).size() == 1);
  const std::vector<Id> knn_top = top_unseen(scores(knn), l.user_items, 0, 3);
  const std::vector<Id> same_cluster = {0, 2, 3};
  CHECK(std::is_permutation(knn_top.begin(), knn_top.end(), same_cluster.begin()));
  CHECK(top_unseen(scores(pop), l.user_items, 0, 1) == std::vector<Id>{7});
  CHECK(model_spec("pop").make({}, {12, 8}, 0)->name() == "pop");
  CHECK(model_spec("itemknn").make({}, {12, 8}, 0)->name() == "itemknn");
}
