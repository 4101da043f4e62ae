// Binary feedback (ratings turned into "liked" labels, judged by AUC and log loss): the
// batches' labels, the evaluation's metrics, the default selection metric, and a binary
// model (widedeep) learning on the built-in data.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <utility>

#include "data/split.hpp"
#include "data/synthetic.hpp"
#include "evaluation/evaluate.hpp"
#include "training/run.hpp"

using namespace recgrad;

namespace {

const data::Dataset& builtin() {
  static const data::Dataset ds = data::builtin_dataset(0);
  return ds;
}

// The rating of every (user, item) pair among `rows` (pairs are unique in a Dataset).
std::map<std::pair<Id, Id>, float> ratings_of(std::span<const std::int32_t> rows) {
  const data::Interactions& in = builtin().interactions;
  std::map<std::pair<Id, Id>, float> out;
  for (const std::int32_t r : rows) out[{in.users[r], in.items[r]}] = in.ratings[r];
  return out;
}

// A binary "model" with fixed logits that depend on the pair: evaluation only calls predict.
class FixedLogits final : public Recommender<float> {
 public:
  static float logit(Id u, Id i) { return 0.4f * static_cast<float>(i % 7) - 0.3f * static_cast<float>(u % 5); }
  NamedTensors<float> tensors() override { return {}; }
  std::string name() const override { return "fixed"; }
  Feedback feedback() const override { return Feedback::Binary; }
  void predict(std::span<const Id> users, std::span<const Id> items, std::span<float> out) const override {
    for (std::size_t r = 0; r < users.size(); ++r) out[r] = logit(users[r], items[r]);
  }
  void score_users(Id first, Id count, std::span<float> out) const override {
    for (Id u = first; u < first + count; ++u)
      for (Id i = 0; i < num_items(); ++i) out[static_cast<std::size_t>((u - first) * num_items() + i)] = logit(u, i);
  }
  Id num_users() const override { return builtin().num_users(); }
  Id num_items() const override { return builtin().num_items(); }
};

}  // namespace

TEST_CASE("binary batches: one example per rating, labelled rating >= positive_rating") {
  std::vector<std::int32_t> rows(3000);
  std::iota(rows.begin(), rows.end(), 0);
  const auto ratings = ratings_of(rows);
  for (const double threshold : {4.0, 5.0}) {
    INFO("positive_rating " << threshold);
    BatchSourceConfig config;
    config.batch_size = 256;
    config.positive_rating = threshold;
    BatchSource source(builtin(), rows, Feedback::Binary, config);
    CHECK(source.examples_per_epoch() == 3000);
    source.start_epoch(0);
    std::int64_t seen = 0, positives = 0, expected_positives = 0;
    for (Batch<float> b; source.next(b);) {
      CHECK(b.negatives.empty());
      CHECK(b.weights.empty());
      for (std::int64_t r = 0; r < b.size(); ++r) {
        const float rating = ratings.at({b.users[r], b.items[r]});
        CHECK(b.targets[r] == (rating >= threshold ? 1.0f : 0.0f));
        positives += b.targets[r] == 1.0f;
      }
      seen += b.size();
    }
    for (const auto& [pair, rating] : ratings) expected_positives += rating >= threshold;
    CHECK(seen == 3000);
    CHECK(positives == expected_positives);
    CHECK(positives > 0);
    CHECK(positives < 3000);
  }
}

TEST_CASE("binary evaluation: AUC of the logits, log loss of their sigmoids, the positive rate") {
  const data::Split split = data::make_split(builtin(), {.name = "random", .seed = 2});
  const FixedLogits model;
  const data::Interactions& in = builtin().interactions;
  for (const double threshold : {4.0, 3.0}) {
    INFO("positive_rating " << threshold);
    std::vector<double> logits, prob, labels;
    for (const std::int32_t r : split.test) {
      logits.push_back(FixedLogits::logit(in.users[r], in.items[r]));
      prob.push_back(1 / (1 + std::exp(-logits.back())));
      labels.push_back(in.ratings[r] >= threshold ? 1.0 : 0.0);
    }
    EvaluateOptions options;
    options.positive_rating = threshold;
    const EvalResult e = evaluate(model, builtin(), split.test, builtin().user_items(split.train), options);
    REQUIRE(e.auc.has_value());
    REQUIRE(e.logloss.has_value());
    REQUIRE(e.positive_rate.has_value());
    CHECK(*e.auc == doctest::Approx(auc(logits, labels)).epsilon(1e-12));
    CHECK(*e.logloss == doctest::Approx(logloss(prob, labels)).epsilon(1e-6));  // float sigmoids
    CHECK(*e.positive_rate ==
          doctest::Approx(std::accumulate(labels.begin(), labels.end(), 0.0) / static_cast<double>(labels.size())));
    // A binary result holds no rating or ranking metrics.
    CHECK_FALSE(e.rmse.has_value());
    CHECK_FALSE(e.precision.has_value());
    CHECK(to_json(e).contains("positive_rate"));
  }
}

TEST_CASE("binary models are selected on validation AUC by default") {
  CHECK(default_metric(Feedback::Binary, 10) == "auc");
  CHECK(lower_is_better("logloss"));
  CHECK_FALSE(lower_is_better("auc"));
}

TEST_CASE("widedeep learns on the built-in data: AUC above chance, log loss below the base rate's") {
  const data::Split split = data::make_split(builtin(), {.name = "random", .seed = 1});
  TrainingSetup setup = default_setup("widedeep");
  setup.train.epochs = 3;
  setup.train.refit = false;
  setup.train.threads = 1;
  const RunOutcome run = run_training("widedeep", builtin(), split, setup, 0);
  const double p = *run.test.positive_rate;
  const double base_rate_logloss = -(p * std::log(p) + (1 - p) * std::log(1 - p));
  MESSAGE("widedeep, 3 epochs: auc " << *run.test.auc << ", logloss " << *run.test.logloss << " (base rate "
                                     << base_rate_logloss << ")");
  CHECK(run.training.metric == "auc");
  CHECK(*run.test.auc > 0.62);
  CHECK(*run.test.logloss < base_rate_logloss - 0.03);
}

TEST_CASE("widedeep: --grad auto and --grad manual train to the same metrics") {
  const data::Split split = data::make_split(builtin(), {.name = "random", .seed = 1});
  TrainingSetup setup = default_setup("widedeep");
  setup.train.epochs = 2;
  setup.train.refit = false;
  setup.train.threads = 1;
  const RunOutcome automatic = run_training("widedeep", builtin(), split, setup, 0);
  setup.train.manual_gradients = true;
  const RunOutcome manual = run_training("widedeep", builtin(), split, setup, 0);
  // Same batches, same formulas: only float summation order differs.
  CHECK(*manual.test.auc == doctest::Approx(*automatic.test.auc).epsilon(1e-3));
  CHECK(*manual.test.logloss == doctest::Approx(*automatic.test.logloss).epsilon(1e-3));
  CHECK(manual.training.epochs.back().train_loss ==
        doctest::Approx(automatic.training.epochs.back().train_loss).epsilon(1e-4));
}
