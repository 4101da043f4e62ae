// The hybrid model's quality floor on MovieLens 100K's cold-start split (seed 0: 168
// of the 1682 items, 10 %, held out with all their ratings): ranking only those items,
// which it never saw in training, from their genres and decade, with its defaults.
#include <doctest/doctest.h>

#include "data/split.hpp"
#include "ml100k_data.hpp"
#include "training/run.hpp"

using namespace recgrad;
using recgrad::testing::ml100k;

TEST_CASE("ml-100k coldstart: hybrid AUC on the cold items >= 0.60") {
  SKIP_WITHOUT_ML100K();
  const data::Split split = data::make_split(*ml100k(), {.name = "coldstart", .seed = 0});
  TrainingSetup setup = default_setup("hybrid");
  setup.train.threads = 2;
  const RunOutcome r = run_training("hybrid", *ml100k(), split, setup, 0);
  MESSAGE("hybrid cold auc " << *r.test.auc << ", p@10 " << *r.test.precision << ", best epoch "
                             << r.training.best_epoch << ", " << r.test.n_eval_users.value() << " users");
  CHECK(r.test.candidates == "cold-168");
  CHECK(*r.test.auc >= 0.60);
}
