// Point metrics and the JSON form of results, on cases small enough to do by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "evaluation/metrics.hpp"

namespace rd = recgrad::data;
using F = std::vector<float>;
using D = std::vector<double>;

TEST_CASE("rmse and mae on three pairs") {
  // pred 1 2 3, truth 1 3 5: errors 0, 1, 2.
  // rmse = sqrt((0 + 1 + 4) / 3) = sqrt(5/3); mae = (0 + 1 + 2) / 3 = 1.
  CHECK(recgrad::rmse(F{1, 2, 3}, F{1, 3, 5}) == doctest::Approx(std::sqrt(5.0 / 3.0)).epsilon(1e-12));
  CHECK(recgrad::mae(F{1, 2, 3}, F{1, 3, 5}) == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(recgrad::rmse(D{1, 2, 3}, D{1, 3, 5}) == doctest::Approx(std::sqrt(5.0 / 3.0)).epsilon(1e-15));
  CHECK(recgrad::mae(D{-1}, D{1}) == 2.0);
}

TEST_CASE("logloss clips probabilities to between 1e-7 and 1 - 1e-7") {
  // p 0.5 0.25 1 0, y 1 0 1 0:
  //   -(log 0.5 + log 0.75 + log(1 - 1e-7) + log(1 - 1e-7)) / 4
  // The clip keeps the confident right answers (p = 1, y = 1 and p = 0, y = 0) finite.
  const double expected = -(std::log(0.5) + std::log(0.75) + 2 * std::log(1 - 1e-7)) / 4;
  CHECK(recgrad::logloss(D{0.5, 0.25, 1, 0}, D{1, 0, 1, 0}) == doctest::Approx(expected).epsilon(1e-12));
  // A confident wrong answer costs -log(1e-7), not infinity.
  CHECK(recgrad::logloss(D{0}, D{1}) == doctest::Approx(-std::log(1e-7)).epsilon(1e-12));
  CHECK(recgrad::logloss(F{0.5f, 0.25f}, F{1, 0}) ==
        doctest::Approx(-(std::log(0.5) + std::log(0.75)) / 2).epsilon(1e-7));
}

TEST_CASE("global auc counts tied positive/negative pairs as 1/2") {
  // score 0.1 0.4 0.4 0.8 0.4, label 0 1 0 1 0 (P = 2, N = 3).
  // Ascending ranks: 0.1 -> 1; the three 0.4 share (2+3+4)/3 = 3; 0.8 -> 5.
  // Positives' ranks 3 + 5 = 8; (8 - 2*3/2) / (2*3) = 5/6.
  // Pairwise: 0.4 beats 0.1 and ties both 0.4 -> 1 + 1/2 + 1/2; 0.8 beats all 3 -> 5 of 6.
  CHECK(recgrad::auc(D{0.1, 0.4, 0.4, 0.8, 0.4}, D{0, 1, 0, 1, 0}) ==
        doctest::Approx(5.0 / 6.0).epsilon(1e-15));
  CHECK(recgrad::auc(F{0.1f, 0.4f, 0.4f, 0.8f, 0.4f}, F{0, 1, 0, 1, 0}) ==
        doctest::Approx(5.0 / 6.0).epsilon(1e-15));
  // Perfect, reversed and all-tied orderings: 1, 0, 1/2. Any non-zero label is positive.
  CHECK(recgrad::auc(D{1, 2, 3}, D{0, 2, 1}) == 1.0);
  CHECK(recgrad::auc(D{3, 2, 1}, D{0, 1, 1}) == 0.0);
  CHECK(recgrad::auc(D{7, 7, 7, 7}, D{1, 0, 1, 0}) == 0.5);
}

TEST_CASE("point metrics reject empty, mismatched and one-class inputs") {
  CHECK_THROWS_AS(recgrad::rmse(D{}, D{}), std::invalid_argument);
  CHECK_THROWS_AS(recgrad::mae(D{1, 2}, D{1}), std::invalid_argument);
  CHECK_THROWS_AS(recgrad::logloss(F{0.5f}, F{}), std::invalid_argument);
  CHECK_THROWS_AS(recgrad::auc(D{1, 2}, D{1, 1}), std::invalid_argument);
  CHECK_THROWS_AS(recgrad::auc(D{1, 2}, D{0, 0}), std::invalid_argument);
  CHECK_THROWS_AS(recgrad::auc(D{std::nan(""), 2}, D{0, 1}), std::domain_error);
}

TEST_CASE("to_json names the keys after the metric and k, and leaves absent ones out") {
  recgrad::EvalResult r;
  r.k = 10;
  r.auc = 0.75;
  r.precision = 0.1;
  r.recall = 0.2;
  r.ndcg = 0.3;
  r.map = 0.4;
  r.mrr = 0.5;
  r.hit_rate = 0.6;
  r.coverage = 0.7;
  r.n_eval_users = 459;
  r.n_skipped_users = 484;
  r.candidates = "all";
  const nlohmann::json j = recgrad::to_json(r);
  CHECK(j == nlohmann::json{{"auc", 0.75},        {"precision@10", 0.1}, {"recall@10", 0.2},
                            {"ndcg@10", 0.3},     {"map@10", 0.4},       {"mrr", 0.5},
                            {"hr@10", 0.6},       {"coverage@10", 0.7},  {"n_eval_users", 459},
                            {"n_skipped_users", 484}, {"candidates", "all"}});

  recgrad::EvalResult point;
  point.rmse = 0.9;
  point.mae = 0.7;
  point.logloss = 0.3;
  point.k = 5;
  CHECK(recgrad::to_json(point) == nlohmann::json{{"rmse", 0.9}, {"mae", 0.7}, {"logloss", 0.3}});

  r.k = 3;
  r.n_auc_skipped_users = 2;
  const nlohmann::json j3 = recgrad::to_json(r);
  CHECK(j3.contains("ndcg@3"));
  CHECK(!j3.contains("ndcg@10"));
  CHECK(j3["n_auc_skipped_users"] == 2);
}
