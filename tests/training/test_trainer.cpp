// The shared training loop on the built-in synthetic data: determinism, manual vs
// automatic gradients, validation hygiene, early stopping and divergence handling.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "data/split.hpp"
#include "data/synthetic.hpp"
#include "training/setup.hpp"
#include "evaluation/evaluate.hpp"

using namespace recgrad;

namespace {

const data::Dataset& builtin() {
  static const data::Dataset ds = data::builtin_dataset(0);
  return ds;
}

const data::Split& random_split() {
  static const data::Split split = data::make_split(builtin(), {.name = "random", .seed = 1});
  return split;
}

struct Run {
  TrainResult result;
  EvalResult test;
};

Run run(const std::string& name, std::int64_t epochs, bool manual, std::uint64_t seed = 3) {
  TrainingSetup s = default_setup(name);
  s.train.epochs = epochs;
  s.train.manual_gradients = manual;
  s.train.seed = seed;
  s.train.threads = 1;
  if (name == "mf") s.model.global_mean = 3.5;
  auto model = make_model<float>(name, s.model, model_data(builtin()), seed);
  Run r;
  r.result = train(*model, builtin(), random_split(), s.train);
  std::vector<std::int32_t> history = r.result.train_rows;
  history.insert(history.end(), r.result.validation_rows.begin(), r.result.validation_rows.end());
  r.test = evaluate(*model, builtin(), random_split().test, builtin().user_items(history), {10, 1});
  return r;
}

double headline(const EvalResult& e) { return e.rmse ? *e.rmse : *e.precision; }

}  // namespace

TEST_CASE("training is deterministic for a seed") {
  const Run a = run("bpr", 2, false), b = run("bpr", 2, false);
  CHECK(headline(a.test) == headline(b.test));
  CHECK(a.result.epochs.back().train_loss == b.result.epochs.back().train_loss);
  const Run c = run("bpr", 2, false, 4);
  CHECK(c.result.epochs.back().train_loss != a.result.epochs.back().train_loss);
}

TEST_CASE("--grad auto and --grad manual train to the same metrics") {
  for (const std::string name : {"mf", "lmf", "bpr", "hybrid"}) {
    INFO(name);
    const Run autodiff = run(name, 2, false), manual = run(name, 2, true);
    // Same batches, same formulas: only float summation order differs.
    CHECK(headline(autodiff.test) == doctest::Approx(headline(manual.test)).epsilon(1e-3));
    CHECK(autodiff.result.epochs.back().train_loss ==
          doctest::Approx(manual.result.epochs.back().train_loss).epsilon(1e-4));
  }
}

TEST_CASE("training learns: the factor models beat the non-personalised baselines") {
  // Explicit: the global mean of the training ratings predicts every test rating.
  const Run mf = run("mf", 6, false);
  double mean = 0, sq = 0;
  for (const std::int32_t r : random_split().train) mean += builtin().interactions.ratings[r];
  mean /= static_cast<double>(random_split().train.size());
  for (const std::int32_t r : random_split().test) sq += std::pow(builtin().interactions.ratings[r] - mean, 2);
  const double baseline_rmse = std::sqrt(sq / static_cast<double>(random_split().test.size()));
  CHECK(*mf.test.rmse < baseline_rmse - 0.02);
  // Implicit: ranking by training popularity, scored through the same evaluator.
  const Run lmf = run("lmf", 4, false);
  const auto counts = builtin().item_counts(random_split().train);
  std::vector<float> popularity(counts.begin(), counts.end());
  ScoreSource pop{builtin().num_users(), builtin().num_items(),
                        [&](std::int32_t, std::int32_t count, std::span<float> out) {
                          for (std::int32_t r = 0; r < count; ++r)
                            std::copy(popularity.begin(), popularity.end(), out.begin() + r * builtin().num_items());
                        }};
  const EvalResult most_popular = evaluate_ranking(
      pop, builtin().user_items(random_split().train), builtin().user_items(random_split().test));
  MESSAGE("mf rmse " << *mf.test.rmse << " vs mean " << baseline_rmse << "; lmf p@10 " << *lmf.test.precision
                     << " vs most-popular " << *most_popular.precision);
  CHECK(*lmf.test.precision > *most_popular.precision + 0.02);
  CHECK(*lmf.test.auc > *most_popular.auc);
}

TEST_CASE("the test part is never seen, validation is carved from train when the split has none") {
  const Run r = run("lmf", 1, false);
  const std::set<std::int32_t> test(random_split().test.begin(), random_split().test.end());
  for (const std::int32_t row : r.result.train_rows) REQUIRE(test.count(row) == 0);
  for (const std::int32_t row : r.result.validation_rows) REQUIRE(test.count(row) == 0);
  const double fraction = static_cast<double>(r.result.validation_rows.size()) /
                          static_cast<double>(random_split().train.size());
  CHECK(fraction == doctest::Approx(0.05).epsilon(0.2));
  CHECK(r.result.train_rows.size() + r.result.validation_rows.size() == random_split().train.size());
}

TEST_CASE("early stopping stops after `patience` epochs without improvement and restores the best epoch") {
  TrainingSetup s = default_setup("mf");
  s.model.global_mean = 3.5;
  s.train.threads = 1;
  s.train.epochs = 60;
  s.train.patience = 2;
  s.train.optimizer = {.kind = "adam", .lr = 0.05};  // overfits fast
  s.train.refit = false;  // the best epoch's parameters, not a refit, must come back
  s.model.l2 = 0.0;
  auto model = make_model<float>("mf", s.model, model_data(builtin()), 1);
  const TrainResult r = train(*model, builtin(), random_split(), s.train);
  REQUIRE(r.stopped_early);
  CHECK(static_cast<std::int64_t>(r.epochs.size()) == r.best_epoch + 2);
  const EvalResult again = evaluate(*model, builtin(), r.validation_rows, builtin().user_items(r.train_rows));
  CHECK(*again.rmse == doctest::Approx(r.best_metric).epsilon(1e-6));
}

TEST_CASE("a diverging run stops with the epoch, the batch and the cause, keeping finite parameters") {
  TrainingSetup s = default_setup("mf");
  s.model.global_mean = 3.5;
  s.train.threads = 1;
  s.train.epochs = 5;
  s.train.optimizer = {.kind = "sgd", .lr = 1e6};
  auto model = make_model<float>("mf", s.model, model_data(builtin()), 1);
  std::string message;
  try {
    train(*model, builtin(), random_split(), s.train);
  } catch (const TrainingDiverged& e) {
    message = e.what();
  }
  INFO(message);
  REQUIRE(message.find("training diverged in epoch 1, batch ") == 0);
  CHECK((message.find("is not finite") != std::string::npos || message.find("the loss is") != std::string::npos));
  for (Param<float>* p : model->params())
    for (const float x : p->value) REQUIRE(std::isfinite(x));
}

TEST_CASE("a validation metric the model does not compute is refused") {
  TrainingSetup s = default_setup("bpr");
  s.train.metric = "rmse";
  s.train.epochs = 1;
  s.train.threads = 1;
  auto model = make_model<float>("bpr", s.model, model_data(builtin()), 1);
  CHECK_THROWS_WITH_AS(train(*model, builtin(), random_split(), s.train),
                       "metric 'rmse' is not computed for this model", std::invalid_argument);
}
