// The quality floor of wide & deep on MovieLens 100K, split u1, with its defaults and
// seed 0: will the user rate the item 4 or more? (ratings below 4 are negatives). The
// PyTorch reference (wide_deep.py, same features and settings) reaches test AUC 0.789
// and log loss 0.557; predicting the training base rate scores log loss 0.686.
#include <doctest/doctest.h>

#include <chrono>

#include "data/split.hpp"
#include "ml100k_data.hpp"
#include "training/run.hpp"

using namespace recgrad;
using recgrad::testing::ml100k;

TEST_CASE("ml-100k u1: widedeep test AUC >= 0.78 on rating >= 4") {
  SKIP_WITHOUT_ML100K();
  const data::Split split = data::make_split(*ml100k(), {.name = "u1", .seed = 0});
  TrainingSetup setup = default_setup("widedeep");
  // One thread: the batches' matrix products are too small to pay for OpenMP's barriers,
  // which cost seconds per epoch on a loaded machine.
  setup.train.threads = 1;
  const auto start = std::chrono::steady_clock::now();
  const RunOutcome r = run_training("widedeep", *ml100k(), split, setup, 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MESSAGE("widedeep auc " << *r.test.auc << ", logloss " << *r.test.logloss << ", positive rate "
                          << *r.test.positive_rate << ", best epoch " << r.training.best_epoch << ", "
                          << r.training.seconds_per_epoch << " s/epoch, " << seconds << " s in all");
  // Every u1.test rating is judged, and the labels are the data's (11 235 of 20 000 are >= 4).
  CHECK(*r.test.positive_rate == doctest::Approx(0.56175).epsilon(1e-9));
  CHECK(*r.test.auc >= 0.78);
  CHECK(*r.test.logloss <= 0.57);
}
