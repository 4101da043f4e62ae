// The blocked, parallel evaluator against a brute-force one written the obvious way
// (full stable sort, pairwise AUC), on seeded random data with many tied scores; and
// the same result for any thread count and block size.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "evaluation/metrics.hpp"
#include "autodiff/random.hpp"
#include "test_metrics_util.hpp"

namespace rd = recgrad::data;
using rd::testing::dense_source;

namespace {

struct Problem {
  std::int32_t num_users = 0, num_items = 0, dim = 13;
  std::vector<float> U, V, bias, scores;  // scores = U V^T + bias, exact in float
  rd::UserItems train, test;
};

// Factors are multiples of 1/4 in [-1/2, 1/2] and biases multiples of 1/8, so every
// score is a small multiple of 1/16: exact in float whatever the summation order
// (SIMD or not), and full of ties.
struct Shape {
  std::int32_t num_users = 37, num_items = 53;
  std::uint64_t train_one_in = 6, test_one_in = 9;
};

// Users train on about 1 item in `train_one_in` and, except every sixth user, test on
// about 1 in `test_one_in` (possibly also a training item).
Problem make_problem(std::uint64_t seed, Shape shape = {}) {
  const auto [num_users, num_items, train_one_in, test_one_in] = shape;
  recgrad::Rng rng(seed);
  Problem p;
  p.num_users = num_users;
  p.num_items = num_items;
  auto quarter = [&] { return (static_cast<float>(rng.below(5)) - 2.0f) / 4.0f; };
  for (std::int32_t i = 0; i < p.num_users * p.dim; ++i) p.U.push_back(quarter());
  for (std::int32_t i = 0; i < p.num_items * p.dim; ++i) p.V.push_back(quarter());
  for (std::int32_t i = 0; i < p.num_items; ++i)
    p.bias.push_back((static_cast<float>(rng.below(9)) - 4.0f) / 8.0f);
  for (std::int32_t u = 0; u < p.num_users; ++u)
    for (std::int32_t i = 0; i < p.num_items; ++i) {
      double s = p.bias[i];
      for (std::int32_t f = 0; f < p.dim; ++f) s += double(p.U[u * p.dim + f]) * p.V[i * p.dim + f];
      p.scores.push_back(static_cast<float>(s));
    }
  std::vector<std::int32_t> tu, ti, su, si;
  for (std::int32_t u = 0; u < p.num_users; ++u) {
    const bool has_test = u % 6 != 0;  // every sixth user has no test items
    for (std::int32_t i = 0; i < p.num_items; ++i) {
      if (rng.below(train_one_in) == 0) tu.push_back(u), ti.push_back(i);
      if (has_test && rng.below(test_one_in) == 0) su.push_back(u), si.push_back(i);  // may overlap train
    }
  }
  p.train = rd::UserItems::from_pairs(p.num_users, p.num_items, tu, ti);
  p.test = rd::UserItems::from_pairs(p.num_users, p.num_items, su, si);
  return p;
}

// Every metric by its definition, one user at a time, nothing clever.
recgrad::EvalResult brute_force(const std::vector<float>& scores, const rd::UserItems& train,
                           const rd::UserItems& test, std::int32_t k) {
  const std::int32_t n = train.num_items;
  double auc = 0, precision = 0, recall = 0, ndcg = 0, map = 0, mrr = 0, hr = 0;
  std::int64_t evaluated = 0, with_auc = 0;
  std::set<std::int32_t> covered;
  for (std::int32_t u = 0; u < train.num_users(); ++u) {
    const float* s = scores.data() + std::size_t(u) * n;
    std::vector<std::int32_t> cand, rel, neg;
    for (std::int32_t i = 0; i < n; ++i) {
      if (train.contains(u, i)) continue;
      cand.push_back(i);
      (test.contains(u, i) ? rel : neg).push_back(i);
    }
    if (rel.empty()) continue;
    ++evaluated;
    std::stable_sort(cand.begin(), cand.end(), [&](auto a, auto b) { return s[a] > s[b]; });
    auto is_rel = [&](std::int32_t i) { return std::count(rel.begin(), rel.end(), i) > 0; };
    double hits = 0, dcg = 0, idcg = 0, ap = 0;
    for (std::int32_t i = 0; i < k && i < std::int32_t(cand.size()); ++i) {
      covered.insert(cand[i]);
      if (!is_rel(cand[i])) continue;
      hits += 1;
      dcg += 1.0 / std::log2(i + 2.0);
      ap += hits / (i + 1);
    }
    const auto P = std::int32_t(rel.size());
    for (std::int32_t i = 0; i < std::min(P, k); ++i) idcg += 1.0 / std::log2(i + 2.0);
    precision += hits / k;
    recall += hits / P;
    ndcg += dcg / idcg;
    map += ap / std::min(P, k);
    hr += hits > 0 ? 1 : 0;
    for (std::size_t i = 0; i < cand.size(); ++i)
      if (is_rel(cand[i])) {
        mrr += 1.0 / double(i + 1);
        break;
      }
    if (neg.empty()) continue;
    double wins = 0;
    for (auto p : rel)
      for (auto q : neg) wins += s[p] > s[q] ? 1.0 : s[p] == s[q] ? 0.5 : 0.0;
    auc += wins / (double(rel.size()) * double(neg.size()));
    ++with_auc;
  }
  recgrad::EvalResult r;
  r.k = k;
  r.auc = auc / with_auc;
  r.precision = precision / evaluated;
  r.recall = recall / evaluated;
  r.ndcg = ndcg / evaluated;
  r.map = map / evaluated;
  r.mrr = mrr / evaluated;
  r.hit_rate = hr / evaluated;
  r.coverage = double(covered.size()) / n;
  r.n_eval_users = evaluated;
  r.n_skipped_users = train.num_users() - evaluated;
  r.n_auc_skipped_users = evaluated - with_auc;
  return r;
}

void check_close(const recgrad::EvalResult& got, const recgrad::EvalResult& want) {
  CHECK(*got.n_eval_users == *want.n_eval_users);
  CHECK(*got.n_skipped_users == *want.n_skipped_users);
  CHECK(got.n_auc_skipped_users == want.n_auc_skipped_users);
  const auto eps = 1e-12;
  CHECK(*got.auc == doctest::Approx(*want.auc).epsilon(eps));
  CHECK(*got.precision == doctest::Approx(*want.precision).epsilon(eps));
  CHECK(*got.recall == doctest::Approx(*want.recall).epsilon(eps));
  CHECK(*got.ndcg == doctest::Approx(*want.ndcg).epsilon(eps));
  CHECK(*got.map == doctest::Approx(*want.map).epsilon(eps));
  CHECK(*got.mrr == doctest::Approx(*want.mrr).epsilon(eps));
  CHECK(*got.hit_rate == doctest::Approx(*want.hit_rate).epsilon(eps));
  CHECK(*got.coverage == doctest::Approx(*want.coverage).epsilon(eps));
}

}  // namespace

TEST_CASE("from_factors scores U V^T + bias through the kernels") {
  const Problem p = make_problem(1);
  const auto source = recgrad::ScoreSource::from_factors(p.U, p.V, p.dim, p.bias);
  CHECK(source.num_users == p.num_users);
  CHECK(source.num_items == p.num_items);
  std::vector<float> out(p.scores.size());
  source.score_users(0, p.num_users, out);
  CHECK(out == p.scores);
  std::vector<float> tail(std::size_t(2) * p.num_items);
  source.score_users(p.num_users - 2, 2, tail);
  CHECK(std::equal(tail.begin(), tail.end(), p.scores.end() - std::ptrdiff_t(tail.size())));
  CHECK_THROWS_AS(source.score_users(p.num_users - 1, 2, tail), std::invalid_argument);
  CHECK_THROWS_AS(recgrad::ScoreSource::from_factors(p.U, p.V, 12), std::invalid_argument);
  CHECK_THROWS_AS(recgrad::ScoreSource::from_factors(p.U, p.V, p.dim, std::span(p.bias).first(3)),
                  std::invalid_argument);
}

TEST_CASE("factor evaluator matches brute force for every metric, on 1 and 2 threads") {
  // Dense training lists (1 in 6) and sparse ones (1 in 30): the counting takes a
  // different path for each.
  for (const auto& [case_seed, shape] : {std::pair<std::uint64_t, Shape>{2, {}},
                                         std::pair<std::uint64_t, Shape>{3, {37, 400, 30, 9}}}) {
    const std::uint64_t seed = case_seed;  // CAPTURE's lambda cannot capture a structured binding in clang 14
    const Problem p = make_problem(seed, shape);
    const auto source = recgrad::ScoreSource::from_factors(p.U, p.V, p.dim, p.bias);
    for (std::int32_t k : {1, 5, 60}) {
      CAPTURE(seed);
      CAPTURE(k);
      const recgrad::EvalResult want = brute_force(p.scores, p.train, p.test, k);
      CHECK(*want.n_skipped_users >= 7);  // users 0, 6, ..., 36 have no test items
      const recgrad::EvalResult one = recgrad::evaluate_ranking(source, p.train, p.test, {.k = k, .threads = 1});
      check_close(one, want);
      // Any thread count and blocking gives the same figures to the last bit.
      for (std::int32_t block : {1, 5, 64}) {
        const recgrad::EvalResult two = recgrad::evaluate_ranking(
            source, p.train, p.test, {.k = k, .block_users = block, .threads = 2});
        CHECK(recgrad::to_json(two) == recgrad::to_json(one));
      }
    }
  }
}

TEST_CASE("users with hundreds of relevant items match brute force too") {
  // About 1300 x 0.83 / 2 = 540 relevant items per tested user: past kLinearMaxPositives,
  // so AUC takes the sorted-positives path.
  const Problem p = make_problem(6, {4, 1300, 6, 2});
  const auto source = recgrad::ScoreSource::from_factors(p.U, p.V, p.dim, p.bias);
  REQUIRE(p.test.of(1).size() > 512);
  check_close(recgrad::evaluate_ranking(source, p.train, p.test, {.k = 10, .threads = 2}),
              brute_force(p.scores, p.train, p.test, 10));
}

TEST_CASE("a callback score source plugs in the same way") {
  const Problem p = make_problem(4);
  const auto source = dense_source(p.scores, p.num_users, p.num_items);
  check_close(recgrad::evaluate_ranking(source, p.train, p.test, {.k = 7, .block_users = 3, .threads = 2}),
              brute_force(p.scores, p.train, p.test, 7));
}

TEST_CASE("recommend_top_k gives every user's top_k with training items excluded") {
  const Problem p = make_problem(5);
  const auto source = recgrad::ScoreSource::from_factors(p.U, p.V, p.dim, p.bias);
  const auto one = recgrad::recommend_top_k(source, p.train, {.k = 6, .threads = 1});
  const auto two = recgrad::recommend_top_k(source, p.train, {.k = 6, .block_users = 4, .threads = 2});
  REQUIRE(one.size() == std::size_t(p.num_users));
  for (std::int32_t u = 0; u < p.num_users; ++u) {
    const auto row = std::span(p.scores).subspan(std::size_t(u) * p.num_items, p.num_items);
    const auto want = recgrad::top_k(row, 6, p.train.of(u));
    CHECK(one[u].items == want.items);
    CHECK(one[u].scores == want.scores);
    CHECK(two[u].items == want.items);
  }
  CHECK_THROWS_AS(recgrad::recommend_top_k(source, rd::testing::lists(p.num_items, {{1}})),
                  std::invalid_argument);
}
