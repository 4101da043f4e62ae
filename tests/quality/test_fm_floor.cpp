// The factorisation machine's quality floors on MovieLens 100K, with its defaults and
// seed 0 (every field: user id, age, gender, occupation; item id, genres, decade):
// split u1, and the cold-start split (168 of the 1682 items, 10 %, held out with all
// their ratings), where every test rating is of an item the model never trained on.
#include <doctest/doctest.h>

#include "data/split.hpp"
#include "ml100k_data.hpp"
#include "training/run.hpp"

using namespace recgrad;
using recgrad::testing::ml100k;

namespace {

RunOutcome run_fm(const std::string& split_name) {
  const data::Split split = data::make_split(*ml100k(), {.name = split_name, .seed = 0});
  TrainingSetup setup = default_setup("fm");
  setup.train.threads = 2;
  return run_training("fm", *ml100k(), split, setup, 0);
}

}  // namespace

TEST_CASE("ml-100k u1: fm (all fields) test RMSE <= 0.920") {
  SKIP_WITHOUT_ML100K();
  const RunOutcome r = run_fm("u1");
  MESSAGE("fm u1 rmse " << *r.test.rmse << ", best epoch " << r.training.best_epoch);
  CHECK(*r.test.rmse <= 0.920);
}

TEST_CASE("ml-100k coldstart: fm RMSE on the cold items <= 1.02") {
  SKIP_WITHOUT_ML100K();
  const RunOutcome r = run_fm("coldstart");
  MESSAGE("fm cold-item rmse " << *r.test.rmse << ", best epoch " << r.training.best_epoch);
  CHECK(*r.test.rmse <= 1.02);
}
