// Ranking and next-item metrics on cases small enough to do by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "evaluation/metrics.hpp"
#include "test_metrics_util.hpp"

namespace rd = recgrad::data;
using rd::testing::dense_source;
using rd::testing::lists;

namespace {

// Discounts 1/log2(i+2) for 0-based positions i.
const double d0 = 1.0, d1 = 1.0 / std::log2(3.0), d2 = 1.0 / std::log2(4.0),
             d3 = 1.0 / std::log2(5.0), d4 = 1.0 / std::log2(6.0);

// 3 users x 6 items.
//   item:      0    1    2    3    4    5
//   user 0:  0.9  0.8  0.8  0.5  0.3  0.1   train {1}   test {2, 5}
//   user 1:  0.2  0.7  0.7  0.7  0.4  0.6   train {}    test {3, 4}
//   user 2:  0.0  0.0  0.0  0.0  0.0  0.0   train {0}   test {}      -> skipped, counted
// User 0's candidates (item 1 excluded by training; it would otherwise sit before the
// tied item 2): 0 (0.9), 2 (0.8), 3 (0.5), 4 (0.3), 5 (0.1); relevant 2, 5.
// User 1's candidates, ties by id: 1, 2, 3 (0.7), 5 (0.6), 4 (0.4), 0 (0.2); relevant 3, 4.
const std::vector<float> kScores{0.9f, 0.8f, 0.8f, 0.5f, 0.3f, 0.1f,  //
                                 0.2f, 0.7f, 0.7f, 0.7f, 0.4f, 0.6f,  //
                                 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};

recgrad::EvalResult evaluate_hand_case(std::int32_t k) {
  return recgrad::evaluate_ranking(dense_source(kScores, 3, 6), lists(6, {{1}, {}, {0}}),
                              lists(6, {{2, 5}, {3, 4}, {}}), recgrad::EvalOptions{.k = k});
}

}  // namespace

TEST_CASE("ranking metrics at k = 3 on the hand case, with ties and a skipped user") {
  const recgrad::EvalResult r = evaluate_hand_case(3);
  CHECK(r.candidates == "all");
  CHECK(*r.n_eval_users == 2);
  CHECK(*r.n_skipped_users == 1);  // user 2 has no test items
  CHECK(r.n_auc_skipped_users == 0);
  // user 0: top 3 = 0, 2, 3 -> one hit, at position 1.
  //   precision 1/3, recall 1/2, ndcg d1 / (d0 + d1), ap (1/2) / min(2, 3) = 1/4,
  //   best relevant item 2 is 2nd -> rr 1/2,
  //   auc: 2 (0.8) beats negatives 3, 4 but not 0 -> 2; 5 (0.1) beats none -> 2/6.
  // user 1: top 3 = 1, 2, 3 -> one hit, at position 2.
  //   precision 1/3, recall 1/2, ndcg d2 / (d0 + d1), ap (1/3) / 2 = 1/6,
  //   best relevant item 3 is 3rd (after the tied 1 and 2) -> rr 1/3,
  //   auc: 3 (0.7) beats 0, 5 and ties 1, 2 -> 3; 4 (0.4) beats 0 -> 1; 4/8.
  //   (By average ranks: 0->1, 4->2, 5->3, {1,2,3}->5; (5 + 2 - 3) / 8 = 1/2.)
  CHECK(*r.auc == doctest::Approx((2.0 / 6 + 4.0 / 8) / 2).epsilon(1e-12));
  CHECK(*r.precision == doctest::Approx(1.0 / 3).epsilon(1e-12));
  CHECK(*r.recall == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(*r.ndcg == doctest::Approx((d1 + d2) / (d0 + d1) / 2).epsilon(1e-12));
  CHECK(*r.map == doctest::Approx((1.0 / 4 + 1.0 / 6) / 2).epsilon(1e-12));
  CHECK(*r.mrr == doctest::Approx((1.0 / 2 + 1.0 / 3) / 2).epsilon(1e-12));
  CHECK(*r.hit_rate == 1.0);
  // Top lists {0, 2, 3} and {1, 2, 3}: 4 distinct items of 6.
  CHECK(*r.coverage == doctest::Approx(4.0 / 6).epsilon(1e-12));
}

TEST_CASE("ranking metrics with k larger than the candidates") {
  const recgrad::EvalResult r = evaluate_hand_case(8);
  // user 0: all 5 candidates listed, hits at positions 1 and 4.
  //   precision 2/8 (k, not the 5 candidates), recall 1, ndcg (d1 + d4) / (d0 + d1),
  //   ap (1/2 + 2/5) / min(2, 8).
  // user 1: all 6 listed, hits at positions 2 and 4.
  //   precision 2/8, recall 1, ndcg (d2 + d4) / (d0 + d1), ap (1/3 + 2/5) / 2.
  // auc and mrr do not depend on k.
  CHECK(*r.precision == doctest::Approx(0.25).epsilon(1e-12));
  CHECK(*r.recall == 1.0);
  CHECK(*r.ndcg == doctest::Approx(((d1 + d4) + (d2 + d4)) / (d0 + d1) / 2).epsilon(1e-12));
  CHECK(*r.map == doctest::Approx(((0.5 + 0.4) / 2 + (1.0 / 3 + 0.4) / 2) / 2).epsilon(1e-12));
  CHECK(*r.mrr == doctest::Approx((1.0 / 2 + 1.0 / 3) / 2).epsilon(1e-12));
  CHECK(*r.auc == doctest::Approx((2.0 / 6 + 4.0 / 8) / 2).epsilon(1e-12));
  CHECK(*r.coverage == 1.0);  // between them the lists hold all 6 items
  CHECK(r.k == 8);
}

TEST_CASE("a test item that is also a training item is not a candidate") {
  // user 0 test {1, 2}: item 1 is in training, so only 2 is relevant; at k = 3:
  //   top 0, 2, 3 -> hit at 1: precision 1/3, recall 1/1, ndcg d1 / d0, ap 1/2 / 1.
  // user 1 test {0}: only item 0 in training -> no relevant item -> skipped.
  const recgrad::EvalResult r =
      recgrad::evaluate_ranking(dense_source(kScores, 3, 6), lists(6, {{1}, {0}, {0}}),
                           lists(6, {{1, 2}, {0}, {}}), recgrad::EvalOptions{.k = 3});
  CHECK(*r.n_eval_users == 1);
  CHECK(*r.n_skipped_users == 2);
  CHECK(*r.recall == 1.0);
  CHECK(*r.ndcg == doctest::Approx(d1).epsilon(1e-12));
  CHECK(*r.map == doctest::Approx(0.5).epsilon(1e-12));
  // auc: 2 (0.8) against negatives 0 (0.9), 3, 4, 5 -> 3/4.
  CHECK(*r.auc == doctest::Approx(0.75).epsilon(1e-12));
}

TEST_CASE("auc is undefined, skipped and counted, when every candidate is relevant") {
  // user 0: trains on 0..3, test {4, 5} = all its candidates: ranked metrics only.
  //   top 2: 4 (0.3), 5 (0.1): precision 1, ndcg 1, rr 1.
  // user 1: test {3, 4}, as in the hand case: auc 1/2.
  const recgrad::EvalResult r = recgrad::evaluate_ranking(
      dense_source(kScores, 3, 6), lists(6, {{0, 1, 2, 3}, {}, {}}),
      lists(6, {{4, 5}, {3, 4}, {}}), recgrad::EvalOptions{.k = 2});
  CHECK(*r.n_eval_users == 2);
  CHECK(r.n_auc_skipped_users == 1);
  CHECK(*r.auc == doctest::Approx(0.5).epsilon(1e-12));
  // user 1 at k = 2: top 1, 2 -> no hit: precision 0, rr 1/3 (first relevant, 3, is third).
  // Means over the two: precision (1 + 0)/2, hr (1 + 0)/2, mrr (1 + 1/3)/2.
  CHECK(*r.precision == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(*r.hit_rate == 0.5);
  CHECK(*r.mrr == doctest::Approx((1 + 1.0 / 3) / 2).epsilon(1e-12));
}

TEST_CASE("sampled candidates: the relevant items plus n seeded negatives, labelled") {
  // 2 users x 8 items. Relevant items score lowest, negatives highest, all distinct:
  // with exactly 2 sampled negatives, each relevant item has 2 negatives above it.
  //   user 0 test {0}: candidates {0, a, b}: rr 1/3, auc 0, hr@2 0.
  //   user 1 test {1, 2}: candidates {1, 2, a, b}: best relevant third -> rr 1/3, auc 0.
  const std::vector<float> scores{0.0f, 1, 2, 3, 4, 5, 6, 7,  //
                                  8, 0.0f, 0.5f, 3, 4, 5, 6, 7};
  const auto source = dense_source(scores, 2, 8);
  const auto train = lists(8, {{}, {0}});
  const auto test = lists(8, {{0}, {1, 2}});
  const recgrad::CandidateSampling sampling{.negatives = 2, .seed = 5};
  const recgrad::EvalResult r = recgrad::evaluate_ranking(source, train, test, {.k = 2}, sampling);
  CHECK(r.candidates == "sampled-2");
  CHECK(*r.mrr == doctest::Approx(1.0 / 3).epsilon(1e-12));
  CHECK(*r.auc == 0.0);
  CHECK(*r.hit_rate == 0.0);
  // Deterministic for the seed, whatever the thread count and blocking.
  const recgrad::EvalResult again =
      recgrad::evaluate_ranking(source, train, test, {.k = 2, .block_users = 1, .threads = 2}, sampling);
  CHECK(recgrad::to_json(again) == recgrad::to_json(r));
  // Asking for more negatives than exist ranks against all of them: the same figures
  // as "all" (user 1's test items are not negatives for it), under its own label.
  const recgrad::EvalResult all = recgrad::evaluate_ranking(source, train, test, {.k = 2});
  const recgrad::EvalResult big = recgrad::evaluate_ranking(source, train, test, {.k = 2}, {.negatives = 100});
  CHECK(big.candidates == "sampled-100");
  CHECK(*big.auc == *all.auc);
  CHECK(*big.mrr == *all.mrr);
  CHECK(*big.ndcg == *all.ndcg);
}

TEST_CASE("evaluate_ranking rejects bad input") {
  const auto source = dense_source(kScores, 3, 6);
  const auto train = lists(6, {{1}, {}, {0}});
  const auto test = lists(6, {{2, 5}, {3, 4}, {}});
  CHECK_THROWS_AS(recgrad::evaluate_ranking(source, train, test, {.k = 0}), std::invalid_argument);
  CHECK_THROWS_AS(recgrad::evaluate_ranking(source, train, test, {.block_users = 0}),
                  std::invalid_argument);
  CHECK_THROWS_AS(recgrad::evaluate_ranking(source, lists(7, {{1}, {}, {0}}), test),
                  std::invalid_argument);  // 7 items against 6 scores
  CHECK_THROWS_AS(recgrad::evaluate_ranking(source, train, lists(6, {{2}, {3}})),
                  std::invalid_argument);  // 2 users against 3
  CHECK_THROWS_AS(recgrad::evaluate_ranking(source, train, lists(6, {{}, {}, {}})),
                  std::invalid_argument);  // nobody to evaluate
  CHECK_THROWS_AS(recgrad::evaluate_ranking(source, train, test, {}, {.negatives = -1}),
                  std::invalid_argument);
  std::vector<float> with_nan = kScores;
  with_nan[7] = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_AS(recgrad::evaluate_ranking(dense_source(with_nan, 3, 6), train, test, {.threads = 2}),
                  std::domain_error);
}

// 3 rows x 5 items, one target each, seen items masked; rank = unmasked items scoring
// strictly higher than the target.
//   row 0: 0.1 0.5 0.9 0.5 0.3  seen {2}  target 1 -> 0.9 masked, 0.5 of item 3 ties -> rank 0
//   row 1: 0.8 0.2 0.6 0.7 0.4  seen {}   target 4 -> 0.8, 0.6, 0.7 above        -> rank 3
//   row 2: 0.3 0.3 0.3 0.9 0.3  seen {3}  target 0 -> only ties                   -> rank 0
TEST_CASE("next-item metrics on the hand case") {
  const std::vector<float> scores{0.1f, 0.5f, 0.9f, 0.5f, 0.3f,  //
                                  0.8f, 0.2f, 0.6f, 0.7f, 0.4f,  //
                                  0.3f, 0.3f, 0.3f, 0.9f, 0.3f};
  const auto source = dense_source(scores, 3, 5);
  const auto seen = lists(5, {{2}, {}, {3}});
  const std::vector<std::int32_t> targets{1, 4, 0};
  // k = 2: hits for ranks 0, 0 -> hr 2/3, ndcg (1 + 0 + 1)/3; mrr (1 + 1/4 + 1)/3.
  const recgrad::EvalResult r2 = recgrad::evaluate_next_item(source, seen, targets, {.k = 2});
  CHECK(*r2.hit_rate == doctest::Approx(2.0 / 3).epsilon(1e-12));
  CHECK(*r2.ndcg == doctest::Approx(2.0 / 3).epsilon(1e-12));
  CHECK(*r2.mrr == doctest::Approx(0.75).epsilon(1e-12));
  CHECK(*r2.n_eval_users == 3);
  // k = 4: rank 3 is a hit too, with gain 1/log2(5).
  const recgrad::EvalResult r4 = recgrad::evaluate_next_item(source, seen, targets, {.k = 4, .threads = 2});
  CHECK(*r4.hit_rate == 1.0);
  CHECK(*r4.ndcg == doctest::Approx((2 + d3) / 3).epsilon(1e-12));
  CHECK(recgrad::to_json(r4).contains("hr@4"));

  CHECK_THROWS_AS(recgrad::evaluate_next_item(source, seen, std::vector<std::int32_t>{2, 4, 0}),
                  std::invalid_argument);  // row 0's target is masked
  CHECK_THROWS_AS(recgrad::evaluate_next_item(source, seen, std::vector<std::int32_t>{1, 5, 0}),
                  std::invalid_argument);  // out of range
  CHECK_THROWS_AS(recgrad::evaluate_next_item(source, seen, std::vector<std::int32_t>{1, 4}),
                  std::invalid_argument);  // one target short
}
