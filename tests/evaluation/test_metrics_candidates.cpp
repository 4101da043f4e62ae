// Ranking metrics over a restricted candidate list (EvalOptions::candidate_items), as the
// cold-start evaluation uses them: only the listed items compete, test items off the list
// are not relevant, and coverage is measured against the list.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "autodiff/random.hpp"
#include "evaluation/metrics.hpp"
#include "test_metrics_util.hpp"

namespace rd = recgrad::data;
using rd::testing::dense_source;
using rd::testing::lists;

namespace {

const double d0 = 1.0, d1 = 1.0 / std::log2(3.0);

// 3 users x 6 items, candidate list {1, 3, 4, 5} (items 0 and 2 are off it).
//   item:      0    1     2    3    4    5
//   user 0:  0.9  0.45  0.7  0.6  0.5  0.4   train {3}  test {0, 4, 5}
//   user 1:  0.1  0.2   0.9  0.3  0.4  0.3   train {}   test {2, 3}
//   user 2:  0.0  0.0   0.0  0.0  0.0  0.0   train {}   test {0}      -> nothing relevant on the list
// User 0's candidates: 4 (0.5), 1 (0.45), 5 (0.4); relevant {4, 5} (0 is off the list,
// though it scores best). User 1's: 4 (0.4), 3 (0.3), 5 (0.3, tie: lower id first),
// 1 (0.2); relevant {3} (2 is off the list).
const std::vector<float> kScores{0.9f, 0.45f, 0.7f, 0.6f, 0.5f, 0.4f,  //
                                 0.1f, 0.2f,  0.9f, 0.3f, 0.4f, 0.3f,  //
                                 0.0f, 0.0f,  0.0f, 0.0f, 0.0f, 0.0f};
const std::vector<std::int32_t> kList{1, 3, 4, 5};

}  // namespace

TEST_CASE("a candidate list restricts ranking to its items: the hand case at k = 2") {
  const recgrad::EvalResult r = recgrad::evaluate_ranking(
      dense_source(kScores, 3, 6), lists(6, {{3}, {}, {}}), lists(6, {{0, 4, 5}, {2, 3}, {0}}),
      {.k = 2, .candidate_items = kList, .candidate_name = "cold"});
  CHECK(r.candidates == "cold-4");
  CHECK(*r.n_eval_users == 2);
  CHECK(*r.n_skipped_users == 1);  // user 2's only test item is off the list
  // user 0: top 4, 1 -> hit at position 0: precision 1/2, recall 1/2, ndcg d0 / (d0 + d1),
  //   ap (1/1) / min(2, 2) = 1/2, rr 1; auc: 4 beats 1, 5 loses to 1 -> 1/2.
  // user 1: top 4, 3 -> hit at position 1: precision 1/2, recall 1, ndcg d1 / d0,
  //   ap (1/2) / 1, rr 1/2; auc: 3 beats 1, ties 5, loses to 4 -> (1 + 1/2) / 3 = 1/2.
  CHECK(*r.precision == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(*r.recall == doctest::Approx(0.75).epsilon(1e-12));
  CHECK(*r.ndcg == doctest::Approx((d0 / (d0 + d1) + d1) / 2).epsilon(1e-12));
  CHECK(*r.map == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(*r.mrr == doctest::Approx(0.75).epsilon(1e-12));
  CHECK(*r.auc == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(*r.hit_rate == 1.0);
  // Top lists {4, 1} and {4, 3}: 3 distinct items of the 4 on the list.
  CHECK(*r.coverage == doctest::Approx(0.75).epsilon(1e-12));
  CHECK(recgrad::to_json(r)["candidates"] == "cold-4");

  // The same data without the list: item 0 leads user 0's ranking and user 2 is evaluated.
  const recgrad::EvalResult all = recgrad::evaluate_ranking(dense_source(kScores, 3, 6), lists(6, {{3}, {}, {}}),
                                                  lists(6, {{0, 4, 5}, {2, 3}, {0}}), {.k = 2});
  CHECK(all.candidates == "all");
  CHECK(*all.n_eval_users == 3);
}

TEST_CASE("restricting to a list equals ranking a catalogue of only its items") {
  // Random scores, 40 users x 30 items; the list keeps every third item. Dropping the
  // other columns (ids renumbered in order, so ties break alike) must give the same figures.
  recgrad::Rng rng(11);
  const std::int32_t users = 40, items = 30;
  std::vector<float> scores(static_cast<std::size_t>(users * items));
  for (float& s : scores) s = static_cast<float>(rng.below(8));  // coarse: many ties
  std::vector<std::int32_t> list;
  for (std::int32_t i = 0; i < items; i += 3) list.push_back(i);
  const auto n_list = static_cast<std::int32_t>(list.size());
  std::vector<std::vector<std::int32_t>> train(users), test(users), train_sub(users), test_sub(users);
  std::vector<float> sub;
  for (std::int32_t u = 0; u < users; ++u) {
    for (std::int32_t i = 0; i < items; ++i) {
      const std::uint64_t draw = rng.below(6);
      if (draw == 0) train[u].push_back(i);
      if (draw == 1) test[u].push_back(i);
      if (i % 3 != 0) continue;
      sub.push_back(scores[static_cast<std::size_t>(u * items + i)]);
      if (draw == 0) train_sub[u].push_back(i / 3);
      if (draw == 1) test_sub[u].push_back(i / 3);
    }
  }
  const recgrad::EvalResult restricted =
      recgrad::evaluate_ranking(dense_source(scores, users, items), lists(items, train), lists(items, test),
                           {.k = 4, .threads = 2, .candidate_items = list});
  const recgrad::EvalResult reduced =
      recgrad::evaluate_ranking(dense_source(sub, users, n_list), lists(n_list, train_sub), lists(n_list, test_sub), {.k = 4});
  CHECK(restricted.candidates == "listed-10");
  nlohmann::json a = recgrad::to_json(restricted), b = recgrad::to_json(reduced);
  a.erase("candidates");
  b.erase("candidates");
  CHECK(a == b);
}

TEST_CASE("a candidate list composes with sampling and is checked") {
  const auto source = dense_source(kScores, 3, 6);
  const auto train = lists(6, {{3}, {}, {}});
  const auto test = lists(6, {{0, 4, 5}, {2, 3}, {0}});
  const recgrad::EvalOptions cold{.k = 2, .candidate_items = kList, .candidate_name = "cold"};
  // More negatives than the list holds: every listed candidate, the same figures as the list alone.
  const recgrad::EvalResult sampled = recgrad::evaluate_ranking(source, train, test, cold, {.negatives = 50});
  const recgrad::EvalResult listed = recgrad::evaluate_ranking(source, train, test, cold);
  CHECK(sampled.candidates == "sampled-50 of cold-4");
  CHECK(*sampled.auc == *listed.auc);
  CHECK(*sampled.mrr == *listed.mrr);
  CHECK(*sampled.ndcg == *listed.ndcg);

  const std::vector<std::int32_t> unsorted{3, 1}, repeated{1, 1}, outside{1, 6};
  for (const auto* bad : {&unsorted, &repeated, &outside})
    CHECK_THROWS_AS(recgrad::evaluate_ranking(source, train, test, {.candidate_items = *bad}), std::invalid_argument);
}
