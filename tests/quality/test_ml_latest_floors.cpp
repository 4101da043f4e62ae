// Quality floors on a second real-shaped data set: synthetic data in MovieLens
// latest-small's shape (`generate --profile ml-latest`: 610 users, ~10 k items of which a
// quarter are rated once, 100 836 half-star ratings, a few users with thousands), which
// no default was chosen on. Every model with its defaults, each against its baseline on
// three seeds (floor_checks.hpp says what a floor is).
//
// Measured with seeds 0, 1, 2 when the floors were set (model / baseline, worst seed):
//   ndcg@10 over pop: lmf x2.53, bpr x2.10, als x2.74, lmf-full x2.07, fm-bpr x1.86,
//   hybrid x2.38, itemknn x1.82; softmax with 1000 negatives (last) hr@10 x1.27; widedeep auc
//   x1.32 and log loss x0.94 of the positive rate's; on cold items auc hybrid x1.11, fm-bpr
//   x1.07 (its auc 0.51 to 0.59: popular genres rank below chance here, 0.43 to 0.53);
//   mf and fm rmse x0.924 of the training mean's.
// softmax is judged with 1000 sampled negatives: with its default 200 it only ties pop on
// this shape (mrr x0.74 to x1.02; a 10 k catalogue, a quarter of it seen once). The full
// softmax does better (hr@10 x1.68 to x2.0) but trains 15 times slower: two minutes a seed.
// mf and fm do not beat user + item biases here (rmse 1.027 against 1.029 on seed 0; the
// README says why), so their floors are against the training mean.
#include <doctest/doctest.h>

#include "data/synthetic.hpp"
#include "floor_checks.hpp"

using namespace recgrad;
using recgrad::testing::check_floor;

namespace {

const data::Dataset& latest() {
  static const data::Dataset ds = data::generate_dataset(data::synthetic_profile("ml-latest", 0));
  return ds;
}

}  // namespace

TEST_CASE("ml-latest floors: lmf ndcg@10 >= 2.2 x pop on three seeds") {
  check_floor(latest(), {"lmf", "random", "ndcg@10", 2.2});
}
TEST_CASE("ml-latest floors: bpr ndcg@10 >= 1.8 x pop on three seeds") {
  check_floor(latest(), {"bpr", "random", "ndcg@10", 1.8});
}
TEST_CASE("ml-latest floors: als ndcg@10 >= 2.4 x pop on three seeds") {
  check_floor(latest(), {"als", "random", "ndcg@10", 2.4});
}
TEST_CASE("ml-latest floors: lmf-full ndcg@10 >= 1.8 x pop on three seeds") {
  check_floor(latest(), {"lmf-full", "random", "ndcg@10", 1.8});
}
TEST_CASE("ml-latest floors: fm-bpr ndcg@10 >= 1.6 x pop on three seeds") {
  check_floor(latest(), {"fm-bpr", "random", "ndcg@10", 1.6});
}
TEST_CASE("ml-latest floors: hybrid ndcg@10 >= 2.0 x pop on three seeds") {
  check_floor(latest(), {"hybrid", "random", "ndcg@10", 2.0});
}
TEST_CASE("ml-latest floors: itemknn ndcg@10 >= 1.6 x pop on three seeds") {
  check_floor(latest(), {"itemknn", "random", "ndcg@10", 1.6});
}
TEST_CASE("ml-latest floors: softmax with 1000 negatives (last) hr@10 >= 1.15 x pop on three seeds") {
  check_floor(latest(), {.model = "softmax", .split = "last", .metric = "hr@10", .ratio = 1.15,
                         .options = {{"negatives", "1000"}}});
}
TEST_CASE("ml-latest floors: widedeep auc >= 1.2 x pop on three seeds") {
  check_floor(latest(), {"widedeep", "random", "auc", 1.2});
}
TEST_CASE("ml-latest floors: widedeep logloss <= 0.97 x the training positive rate's on three seeds") {
  check_floor(latest(), {"widedeep", "random", "logloss", 0.97});
}
TEST_CASE("ml-latest floors: hybrid on cold items auc >= 1.05 x popular features on three seeds") {
  check_floor(latest(), {"hybrid", "coldstart", "auc", 1.05});
}
TEST_CASE("ml-latest floors: fm-bpr on cold items auc >= 1.03 x popular features on three seeds") {
  check_floor(latest(), {"fm-bpr", "coldstart", "auc", 1.03});
}
TEST_CASE("ml-latest floors: mf rmse <= 0.95 x the training mean's on three seeds") {
  check_floor(latest(), {"mf", "random", "rmse", 0.95});
}
TEST_CASE("ml-latest floors: fm rmse <= 0.95 x the training mean's on three seeds") {
  check_floor(latest(), {"fm", "random", "rmse", 0.95});
}
