// Shared pieces of the rankers' tests (pop, itemknn): tiny data sets as per-user and
// per-item lists, brute-force cosines, every score of a model and a user's top unseen items.
#pragma once

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "data/user_items.hpp"
#include "models/model.hpp"

namespace ranker_test {

using namespace recgrad;

struct Lists {
  data::UserItems user_items, item_users;
};

inline Lists lists(Id users, Id items, const std::vector<std::int32_t>& u, const std::vector<std::int32_t>& i) {
  return {data::UserItems::from_pairs(users, items, u, i), data::UserItems::from_pairs(items, users, i, u)};
}

// A random tiny data set: each (user, item) present with probability 0.35.
inline Lists random_lists(Id users, Id items, unsigned seed) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution present(0.35);
  std::vector<std::int32_t> u, i;
  for (Id a = 0; a < users; ++a)
    for (Id b = 0; b < items; ++b)
      if (present(rng)) u.push_back(a), i.push_back(b);
  return lists(users, items, u, i);
}

// Brute force: the cosine of items a and b's binary columns.
inline double cosine(const data::UserItems& ui, Id a, Id b) {
  double both = 0, na = 0, nb = 0;
  for (Id u = 0; u < ui.num_users(); ++u) {
    const bool ha = ui.contains(u, a), hb = ui.contains(u, b);
    both += ha && hb;
    na += ha;
    nb += hb;
  }
  return both == 0 ? 0.0 : both / std::sqrt(na * nb);
}

template <class M>
std::vector<float> scores(const M& model) {
  std::vector<float> out(static_cast<std::size_t>(model.num_users()) * static_cast<std::size_t>(model.num_items()));
  model.score_users(0, model.num_users(), out);
  return out;
}

// The user's unseen items, best first (ties: lower index).
inline std::vector<Id> top_unseen(const std::vector<float>& all, const data::UserItems& ui, Id user, std::size_t k) {
  const Id items = ui.num_items;
  std::vector<Id> order;
  for (Id i = 0; i < items; ++i)
    if (!ui.contains(user, i)) order.push_back(i);
  const float* row = all.data() + static_cast<std::size_t>(user) * static_cast<std::size_t>(items);
  std::stable_sort(order.begin(), order.end(), [&](Id a, Id b) { return row[a] > row[b]; });
  order.resize(std::min(k, order.size()));
  return order;
}

}  // namespace ranker_test
