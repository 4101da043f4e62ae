// Defaults that follow the data (ModelSpec::follow_data): mf's plain-SGD step is capped by
// the busiest user's or item's share of the rows, widedeep's label threshold is the top
// quarter of the rating scale. Only a default follows: a value the user set stays, and
// a resumed model keeps its settings.
#include <doctest/doctest.h>

#include <algorithm>

#include "data/split.hpp"
#include "data/synthetic.hpp"
#include "models/common/standard_options.hpp"
#include "training/run.hpp"

using namespace recgrad;

namespace {

data::Dataset shaped(std::int32_t users, std::int32_t items, std::int64_t rows, data::RatingScale scale) {
  return data::generate_dataset({.users = users, .items = items, .interactions = rows, .seed = 6, .ratings = scale});
}

TrainingSetup short_setup(const std::string& model, const std::vector<std::pair<std::string, std::string>>& given) {
  const ModelSpec& spec = model_spec(model);
  Options options = spec.default_options();
  options.set_text("epochs", "1");
  for (const auto& [name, value] : given) options.set_text(name, value);
  TrainingSetup setup = setup_from_options(spec, options);
  setup.train.threads = 1;
  return setup;
}

RunOutcome run_on(const data::Dataset& ds, const std::string& model, const TrainingSetup& setup) {
  return run_training(model, ds, data::make_split(ds, {.name = "random", .seed = 0}), setup, 0);
}

}  // namespace

TEST_CASE("options know which values were set and which are still their defaults") {
  const ModelSpec& mf = model_spec("mf");
  Options options = mf.default_options();
  CHECK_FALSE(options.is_set("lr"));
  options.set_text("lr", "40");  // the default's value, but given
  CHECK(options.is_set("lr"));
  const TrainingSetup setup = setup_from_options(mf, options);
  CHECK_FALSE(setup.is_default("lr"));
  CHECK(setup.is_default("l2"));
  // A saved model's settings are all set: a resumed model follows nothing.
  const Options saved = options_of(mf, setup);
  for (const OptionSpec& o : mf.options) CHECK(saved.is_set(o.name));
}

TEST_CASE("mf's default SGD step shrinks where one user fills much of a batch, and only then") {
  const data::Dataset busy = shaped(300, 5000, 40000, data::RatingScale::HalfStars);
  const RunOutcome followed = run_on(busy, "mf", short_setup("mf", {}));
  REQUIRE(followed.setup.from_data.size() == 1);
  CHECK(followed.setup.train.optimizer.lr < 40);
  CHECK(followed.setup.from_data[0].find("busiest") != std::string::npos);
  const RunOutcome given = run_on(busy, "mf", short_setup("mf", {{"lr", "30"}}));
  CHECK(given.setup.train.optimizer.lr == 30);
  CHECK(given.setup.from_data.empty());
  const RunOutcome adam = run_on(busy, "mf", short_setup("mf", {{"optim", "adam"}, {"lr", "0.01"}}));
  CHECK(adam.setup.from_data.empty());
  const RunOutcome builtin = run_on(data::builtin_dataset(0), "mf", short_setup("mf", {}));
  CHECK(builtin.setup.train.optimizer.lr == 40);
  CHECK(builtin.setup.from_data.empty());
}

TEST_CASE("mf's default SGD step follows --batch by its square root, and a small batch then trains") {
  const data::Dataset builtin = data::builtin_dataset(0);
  for (const auto& [batch, lr] : {std::pair{"256", 20.0}, std::pair{"4096", 80.0}}) {
    const std::string batch_text = batch;  // CAPTURE's lambda cannot capture a structured binding in clang 14
    CAPTURE(batch_text);
    const RunOutcome run = run_on(builtin, "mf", short_setup("mf", {{"batch", batch}}));
    CHECK(run.setup.train.optimizer.lr == doctest::Approx(lr));
    REQUIRE(run.setup.from_data.size() == 1);
    CHECK(run.setup.from_data[0].find(std::string("sqrt(batch ") + batch + " / 1024)") != std::string::npos);
    CHECK(run.training.epochs.size() == 1);  // trained: 40 at batch 256 diverged in its first epoch
  }
  // A step given stays as given, whatever the batch.
  CHECK(run_on(builtin, "mf", short_setup("mf", {{"batch", "256"}, {"lr", "5"}})).setup.train.optimizer.lr == 5);
  // Applied twice (train prints the settings before run_training applies them), it scales once.
  const ModelSpec& mf = model_spec("mf");
  TrainingSetup twice = short_setup("mf", {{"batch", "256"}});
  const DataScale scale{1, 5, 80000, 685};
  mf.follow_data(twice, scale);
  mf.follow_data(twice, scale);
  CHECK(twice.train.optimizer.lr == doctest::Approx(20.0));
}

TEST_CASE("widedeep's default label is the top quarter of the data's rating scale") {
  const RunOutcome clicks = run_on(shaped(300, 500, 10000, data::RatingScale::Clicks), "widedeep",
                                   short_setup("widedeep", {}));
  CHECK(clicks.setup.model.positive_rating == 0.75);
  CHECK(*clicks.test.positive_rate > 0.1);
  REQUIRE(clicks.setup.from_data.size() == 1);
  const RunOutcome stars = run_on(shaped(300, 500, 10000, data::RatingScale::Stars), "widedeep",
                                  short_setup("widedeep", {}));
  CHECK(stars.setup.model.positive_rating == 4);
  CHECK(stars.setup.from_data.empty());
  const RunOutcome given = run_on(shaped(300, 500, 10000, data::RatingScale::HalfStars), "widedeep",
                                  short_setup("widedeep", {{"positive-rating", "3.5"}}));
  CHECK(given.setup.model.positive_rating == 3.5);
  CHECK(given.setup.from_data.empty());
}

TEST_CASE("the learning rate's default is the model's own for the optimiser chosen") {
  const ModelSpec& mf = model_spec("mf");
  Options adam = mf.default_options();
  adam.set_text("optim", "adam");
  const Options settled = mf.settled(adam);
  CHECK(settled.real("lr") == 0.01);
  CHECK(settled.origin("lr").source == OptionSource::Followed);
  CHECK(describe_origin(mf, settled, "lr").why == "adam's default for mf");
  CHECK_FALSE(settled.is_set("lr"));  // still a default: the data may bound it
  Options adagrad = mf.default_options();
  adagrad.set_text("optim", "adagrad");
  CHECK(mf.settled(adagrad).real("lr") == 0.1);
  Options given = adam;
  given.set_text("lr", "0.003");
  CHECK(mf.settled(given).real("lr") == 0.003);
  CHECK(mf.settled(given).origin("lr").source == OptionSource::CommandLine);
  Options same = mf.default_options();
  same.set_text("optim", "sgd");  // the model's own optimiser: its own default
  CHECK(mf.settled(same).real("lr") == 40);
  // A model without its own Adam step takes the shared start; plain SGD has none to give.
  const ModelSpec& lmf = model_spec("lmf");
  Options lmf_adam = lmf.default_options();
  lmf_adam.set_text("optim", "adam");
  CHECK(lmf.settled(lmf_adam).real("lr") == option::adaptive_lr("adam"));
  Options sgd = lmf.default_options();
  sgd.set_text("optim", "sgd");
  CHECK_THROWS_WITH_AS(lmf.settled(sgd), doctest::Contains("give --lr"), std::invalid_argument);
}

TEST_CASE("a model's own step for an optimiser overrides the shared start, SGD has none unless declared") {
  const std::vector<OptionSpec> declared = option::minibatch_training({.optim = "adagrad", .lr = 0.2,
                                                                       .lr_for = {{"adam", 0.05}}});
  const OptionSpec& lr = declared[3];
  REQUIRE(lr.name == "lr");
  CHECK(lr.follows == "optim");
  const std::vector<std::pair<std::string, OptionValue>> expected = {{"adagrad", 0.2}, {"adam", 0.05}};
  CHECK(lr.default_for == expected);
}

TEST_CASE("every model's learning-rate table gives its declared default for its declared optimiser") {
  for (const ModelSpec& spec : model_registry())
    for (const OptionSpec& o : spec.options) {
      if (o.follows.empty()) continue;
      CAPTURE(spec.name);
      const Options defaults = spec.default_options();
      const std::string& chosen = defaults.text(o.follows);
      const auto own = std::find_if(o.default_for.begin(), o.default_for.end(),
                                    [&](const auto& e) { return e.first == chosen; });
      REQUIRE(own != o.default_for.end());
      CHECK(own->second == o.fallback);
      CHECK(defaults.origin(o.name).source == OptionSource::Default);
    }
}

TEST_CASE("a resumed model keeps its saved step, a new optimiser drops it for that optimiser's default") {
  const ModelSpec& mf = model_spec("mf");
  Options saved = mf.default_options();
  saved.set_text("lr", "25");
  saved.mark_saved();
  Options same = saved;
  same.set_text("optim", "sgd");  // what was saved: nothing changes
  CHECK(mf.settled(same).real("lr") == 25);
  CHECK(mf.settled(same).origin("lr").source == OptionSource::ModelFile);
  Options other = saved;
  other.set_text("optim", "adam");
  CHECK(mf.settled(other).real("lr") == 0.01);
  CHECK(mf.settled(other).origin("lr").source == OptionSource::Followed);
}

TEST_CASE("the full softmax's rule says why it set --negatives") {
  const ModelSpec& softmax = model_spec("softmax");
  Options full = softmax.default_options();
  full.set_text("softmax", "full");
  const Options settled = softmax.settled(full);
  CHECK(settled.origin("negatives").source == OptionSource::Rule);
  CHECK(describe_origin(softmax, settled, "negatives").why == "the full softmax draws no negatives");
  CHECK(describe_origin(softmax, settled, "dim").why == "softmax's default");
}

TEST_CASE("mf with Adam at its own default step learns") {
  const ModelSpec& mf = model_spec("mf");
  Options adam = mf.default_options();
  adam.set_text("optim", "adam");
  // Below the training mean's rmse (with SGD's step of 40 it ended at 2.37).
  adam.set_text("epochs", "5");
  TrainingSetup setup = setup_from_options(mf, adam);
  setup.train.threads = 1;
  const data::Dataset ds = data::builtin_dataset(0);
  const RunOutcome r = run_training("mf", ds, data::make_split(ds, {.name = "random", .seed = 0}), setup, 0);
  CHECK(*r.test.rmse < 1.10);  // the training mean scores 1.146 on this split
}
