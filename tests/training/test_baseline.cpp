// The baseline beside every trained model (training/baseline.hpp) and the protocols it
// is judged by (evaluation/evaluate.hpp): a ranker judged as a binary model gets the
// auc of its scores and no log loss, as a next-item model it ranks each row by its
// user, and as a rating model it is refused. Checked by hand on the built-in data.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "data/split.hpp"
#include "data/synthetic.hpp"
#include "models/pop/pop.hpp"
#include "models/registry.hpp"
#include "training/baseline.hpp"

using namespace recgrad;

namespace {

const data::Dataset& builtin() {
  static const data::Dataset ds = data::builtin_dataset(0);
  return ds;
}

// pop counted over the split's training rows, by hand rather than by the trainer.
struct CountedPop {
  data::UserItems user_items, item_users;
  MostPopular model;
  CountedPop(const data::Dataset& ds, const data::Split& split)
      : user_items(ds.user_items(split.train)), item_users(item_users_of(ds, split)),
        model(ds.num_users(), ds.num_items()) {
    model.begin_sweeps(user_items, item_users, {});
    model.sweep();
  }
  static data::UserItems item_users_of(const data::Dataset& ds, const data::Split& split) {
    std::vector<std::int32_t> users, items;
    for (const std::int32_t r : split.train) {
      users.push_back(ds.interactions.users[r]);
      items.push_back(ds.interactions.items[r]);
    }
    return data::UserItems::from_pairs(ds.num_items(), ds.num_users(), items, users);
  }
  float count(Id item) const { return static_cast<float>(item_users.of(item).size()); }
};

}  // namespace

TEST_CASE("a ranker judged as a binary model: the auc of its scores against the labels, and no log loss") {
  const data::Split split = data::make_split(builtin(), {.name = "random", .seed = 3});
  const CountedPop pop(builtin(), split);
  std::vector<float> scores, labels;
  for (const std::int32_t r : split.test) {
    scores.push_back(pop.count(builtin().interactions.items[r]));
    labels.push_back(builtin().interactions.ratings[r] >= 4.0f ? 1.0f : 0.0f);
  }
  EvaluateOptions options;
  options.protocol = Feedback::Binary;
  const EvalResult r = evaluate(pop.model, builtin(), split.test, pop.user_items, options);
  REQUIRE(r.auc.has_value());
  CHECK(*r.auc == doctest::Approx(auc(scores, labels)).epsilon(1e-12));
  CHECK_FALSE(r.logloss.has_value());
  CHECK_FALSE(r.precision.has_value());
  options.protocol = Feedback::Explicit;
  CHECK_THROWS_WITH_AS(evaluate(pop.model, builtin(), split.test, pop.user_items, options),
                       doctest::Contains("predicts no ratings"), std::invalid_argument);
}

TEST_CASE("a ranker judged as a next-item model ranks each row's item by the row's user, history masked") {
  const data::Split split = data::make_split(builtin(), {.name = "last", .seed = 3});
  const CountedPop pop(builtin(), split);
  EvaluateOptions options;
  options.k = 10;
  options.protocol = Feedback::NextItem;
  const EvalResult r = evaluate(pop.model, builtin(), split.test, pop.user_items, options);
  // By hand: a row is a hit when fewer than k unmasked items outrank its item (more
  // training users; ties count in the item's favour, as evaluation/metrics.hpp says).
  double hits = 0;
  for (const std::int32_t row : split.test) {
    const Id user = builtin().interactions.users[row], target = builtin().interactions.items[row];
    std::int64_t ahead = 0;
    for (Id i = 0; i < builtin().num_items(); ++i)
      if (!pop.user_items.contains(user, i) && pop.count(i) > pop.count(target)) ++ahead;
    hits += ahead < 10;
  }
  REQUIRE(r.hit_rate.has_value());
  CHECK(*r.hit_rate == doctest::Approx(hits / static_cast<double>(split.test.size())).epsilon(1e-12));
}

TEST_CASE("every trained model stands beside the registry's baseline, tested on the same split and candidates") {
  const data::Split split = data::make_split(builtin(), {.name = "random", .seed = 5});
  for (const ModelSpec& spec : model_registry()) {
    CAPTURE(spec.name);
    const ModelSpec& baseline = baseline_model(spec.feedback);
    TrainingSetup setup = default_setup(spec.name);
    setup.model.dim = 8;
    setup.train.epochs = 1;
    setup.train.threads = 1;
    const RunOutcome run = run_training(spec.name, builtin(), split, setup, 5);
    const std::optional<BaselineComparison> b = compare_with_baseline(run, builtin(), split, 5);
    if (spec.is_baseline) {
      CHECK_FALSE(b.has_value());
      continue;
    }
    REQUIRE(b.has_value());
    // Rating models stand beside user + item biases, judged by rmse and mae; the rest beside pop.
    CHECK(b->model == (spec.feedback == Feedback::Explicit ? "biases" : "pop"));
    REQUIRE(b->test.has_value());
    CHECK(b->test->candidates == run.test.candidates);
    CHECK(b->test->n_eval_users == run.test.n_eval_users);
    REQUIRE_FALSE(b->lift.empty());
    for (const auto& [metric, ratio] : b->lift) {
      const std::string& name = metric;  // CAPTURE's lambda cannot capture a structured binding in clang 14
      CAPTURE(name);
      CHECK(ratio == doctest::Approx(metric_value(run.test, name) / metric_value(*b->test, name)).epsilon(1e-12));
    }
    // The baseline is the one a user gets from training it alone with its defaults.
    TrainingSetup alone = default_setup(baseline.name);
    alone.train.threads = 1;
    const RunOutcome direct = run_training(baseline.name, builtin(), split, alone, 5);
    const EvalResult again = test_model(*direct.model, builtin(), split, alone, spec.feedback);
    for (const auto& [name, value] : quality_figures(again)) CHECK(metric_value(*b->test, name) == value);
  }
}

TEST_CASE("on a cold-start split the baseline ranks the unseen items by their features' popularity") {
  const data::Split split = data::make_split(builtin(), {.name = "coldstart", .seed = 5});
  const auto ranker = std::find_if(model_registry().begin(), model_registry().end(), [](const ModelSpec& s) {
    return s.scores_unseen_items && s.feedback != Feedback::Explicit && !s.is_baseline;
  });
  REQUIRE(ranker != model_registry().end());
  TrainingSetup setup = default_setup(ranker->name);
  setup.model.dim = 8;
  setup.train.epochs = 1;
  setup.train.threads = 1;
  const RunOutcome run = run_training(ranker->name, builtin(), split, setup, 5);
  const std::optional<BaselineComparison> b = compare_with_baseline(run, builtin(), split, 5);
  REQUIRE(b.has_value());
  REQUIRE(b->test.has_value());
  CHECK(b->test->candidates == run.test.candidates);
  // Better than ties (auc 0.5 by the id tie-break): the genres and decades carry popularity.
  CHECK(*b->test->auc > 0.52);
}

TEST_CASE("the registry marks exactly one default model, one rating baseline and one ranking baseline") {
  std::size_t defaults = 0, rating_baselines = 0, ranking_baselines = 0;
  for (const ModelSpec& spec : model_registry()) {
    defaults += spec.is_default;
    rating_baselines += spec.is_baseline && spec.feedback == Feedback::Explicit;
    ranking_baselines += spec.is_baseline && spec.feedback != Feedback::Explicit;
  }
  CHECK(defaults == 1);
  CHECK(rating_baselines == 1);
  CHECK(ranking_baselines == 1);
  for (const Feedback judged_as : {Feedback::Explicit, Feedback::Pairwise, Feedback::Binary, Feedback::NextItem})
    CHECK_FALSE(baseline_model(judged_as).gradient_trained());
  CHECK(baseline_model(Feedback::Explicit).name == "biases");
  CHECK(baseline_model(Feedback::Binary).name == "pop");
}
