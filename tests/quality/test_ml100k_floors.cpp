// The quality floors we promise on MovieLens 100K, split u1, with each model's
// defaults and a fixed seed. Implicit models treat every u1.base rating as a
// positive and rank, for each u1.test user, every item outside that user's u1.base.
//
// The data cannot be shipped (licence), so these tests read it from RECGRAD_ML100K:
// unset, they are skipped with a message; set to a folder without the data, they fail.
#include <doctest/doctest.h>

#include "data/split.hpp"
#include "ml100k_data.hpp"
#include "training/run.hpp"

using namespace recgrad;
using recgrad::testing::ml100k;

namespace {

RunOutcome run_u1(const std::string& model) {
  const data::Split split = data::make_split(*ml100k(), {.name = "u1", .seed = 0});
  TrainingSetup setup = default_setup(model);
  setup.train.threads = 2;
  return run_training(model, *ml100k(), split, setup, 0);
}

}  // namespace

TEST_CASE("ml-100k u1: mf test RMSE <= 0.925") {
  SKIP_WITHOUT_ML100K();
  const RunOutcome r = run_u1("mf");
  MESSAGE("mf rmse " << *r.test.rmse << ", best epoch " << r.training.best_epoch);
  CHECK(*r.test.rmse <= 0.925);
}

TEST_CASE("ml-100k u1: lmf precision@10 >= 0.47 and AUC >= 0.92") {
  SKIP_WITHOUT_ML100K();
  const RunOutcome r = run_u1("lmf");
  MESSAGE("lmf p@10 " << *r.test.precision << ", auc " << *r.test.auc);
  CHECK(r.test.n_eval_users.value() == 459);
  CHECK(*r.test.precision >= 0.47);
  CHECK(*r.test.auc >= 0.92);
}

TEST_CASE("ml-100k u1: bpr precision@10 >= 0.44 and AUC >= 0.92") {
  SKIP_WITHOUT_ML100K();
  const RunOutcome r = run_u1("bpr");
  MESSAGE("bpr p@10 " << *r.test.precision << ", auc " << *r.test.auc);
  CHECK(*r.test.precision >= 0.44);
  CHECK(*r.test.auc >= 0.92);
}

TEST_CASE("ml-100k u1: als precision@10 >= 0.47") {
  SKIP_WITHOUT_ML100K();
  const RunOutcome r = run_u1("als");
  MESSAGE("als p@10 " << *r.test.precision);
  CHECK(*r.test.precision >= 0.47);
}
