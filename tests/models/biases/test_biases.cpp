// biases on ratings small enough to check by hand: without shrinkage it recovers ratings
// that are exactly mean + user part + item part; with shrinkage its biases satisfy the
// fixed point that defines them; predictions are clipped to the rating range.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "models/biases/biases.hpp"

using namespace recgrad;

namespace {

struct Ratings {
  std::vector<std::int32_t> users, items;
  std::vector<float> ratings;
  data::UserItems user_items() const { return data::UserItems::from_rated_pairs(3, 4, users, items, ratings); }
  data::UserItems item_users() const { return data::UserItems::from_rated_pairs(4, 3, items, users, ratings); }
  double mean() const {
    double s = 0;
    for (const float r : ratings) s += r;
    return s / static_cast<double>(ratings.size());
  }
};

// r = 3 + a_u + c_i for every (u, i) of 3 users x 4 items: additive, so biases fit it exactly.
Ratings additive() {
  const double a[] = {-0.5, 0.0, 0.5}, c[] = {-1.0, 0.0, 0.25, 0.75};
  Ratings r;
  for (std::int32_t u = 0; u < 3; ++u)
    for (std::int32_t i = 0; i < 4; ++i) {
      r.users.push_back(u);
      r.items.push_back(i);
      r.ratings.push_back(static_cast<float>(3 + a[u] + c[i]));
    }
  return r;
}

Biases fitted(const Ratings& r, double l2, const data::UserItems& ui, const data::UserItems& iu, int sweeps) {
  ModelConfig config;
  config.l2 = l2;
  config.global_mean = r.mean();
  config.rating_min = 1;
  config.rating_max = 5;
  Biases model(config, 3, 4);
  model.begin_sweeps(ui, iu, {});
  for (int s = 0; s < sweeps; ++s) model.sweep();
  return model;
}

}  // namespace

TEST_CASE("biases without shrinkage reproduce additive ratings exactly") {
  const Ratings r = additive();
  const data::UserItems ui = r.user_items(), iu = r.item_users();
  const Biases model = fitted(r, 0.0, ui, iu, 50);
  std::vector<float> out(r.ratings.size());
  model.predict(r.users, r.items, out);
  for (std::size_t k = 0; k < out.size(); ++k) CHECK(out[k] == doctest::Approx(r.ratings[k]).epsilon(1e-5));
}

TEST_CASE("biases with shrinkage satisfy b = sum of residuals over l2 + count, and clip predictions") {
  Ratings r = additive();
  r.ratings[2 * 4 + 3] = 5;  // (2, 3) off the additive pattern
  r.users.erase(r.users.begin());  // and user 0 without item 0: unequal counts
  r.items.erase(r.items.begin());
  r.ratings.erase(r.ratings.begin());
  const data::UserItems ui = data::UserItems::from_rated_pairs(3, 4, r.users, r.items, r.ratings);
  const data::UserItems iu = data::UserItems::from_rated_pairs(4, 3, r.items, r.users, r.ratings);
  Biases model = fitted(r, 2.0, ui, iu, 200);
  const auto named = model.tensors();
  REQUIRE(named.size() == 2);
  const float* bu = named[0].second->data();
  const float* bi = named[1].second->data();
  const double mu = r.mean();
  for (std::int32_t i = 0; i < 4; ++i) {
    double residual = 0, count = 0;
    for (std::size_t k = 0; k < r.ratings.size(); ++k)
      if (r.items[k] == i) residual += r.ratings[k] - mu - bu[r.users[k]], count += 1;
    CHECK(bi[i] == doctest::Approx(residual / (2.0 + count)).epsilon(1e-5));
  }
  for (std::int32_t u = 0; u < 3; ++u) {
    double residual = 0, count = 0;
    for (std::size_t k = 0; k < r.ratings.size(); ++k)
      if (r.users[k] == u) residual += r.ratings[k] - mu - bi[r.items[k]], count += 1;
    CHECK(bu[u] == doctest::Approx(residual / (2.0 + count)).epsilon(1e-5));
  }
  // Scores rank unclipped; predictions are clipped to the 1..5 range.
  named[1].second->data()[3] = 10.0f;
  std::vector<float> all(4);
  model.score_users(2, 1, all);
  CHECK(all[3] > 5.0f);
  std::vector<float> out(1);
  model.predict(std::vector<Id>{2}, std::vector<Id>{3}, out);
  CHECK(out[0] == 5.0f);
}

TEST_CASE("biases refuses lists without ratings and a sweep before them") {
  Biases model(ModelConfig{}, 3, 4);
  CHECK_THROWS_AS(model.sweep(), std::logic_error);
  const Ratings r = additive();
  const data::UserItems bare = data::UserItems::from_pairs(3, 4, r.users, r.items);
  const data::UserItems bare_items = data::UserItems::from_pairs(4, 3, r.items, r.users);
  CHECK_THROWS_AS(model.begin_sweeps(bare, bare_items, {}), std::invalid_argument);
}
