// The registry: every model's declaration is sound, and its options map onto the
// settings the code reads and back without loss.
#include <doctest/doctest.h>

#include <set>

#include "training/setup.hpp"

using namespace recgrad;

TEST_CASE("every registered model has a unique name, a summary, sound defaults and a factory") {
  std::set<std::string> names;
  for (const ModelSpec& spec : model_registry()) {
    CAPTURE(spec.name);
    CHECK(names.insert(spec.name).second);
    CHECK_FALSE(spec.summary.empty());
    CHECK(static_cast<bool>(spec.make));
    std::set<std::string> options;
    for (const OptionSpec& o : spec.options) CHECK(options.insert(o.name).second);
    if (spec.gradient_trained()) CHECK(options.count("dim") == 1);
    CHECK_NOTHROW(spec.default_options());
    const ModelData data{5, 7};
    if (!spec.reads_features) {
      const auto model = spec.make(default_setup(spec.name).model, data, 1);
      CHECK(model->name() == spec.name);
      CHECK(model->feedback() == spec.feedback);
      CHECK(model->num_users() == 5);
      CHECK(model->num_items() == 7);
    }
  }
  CHECK_THROWS_WITH_AS(model_spec("nope"), doctest::Contains("expected one of mf, lmf"), std::invalid_argument);
}

TEST_CASE("every declared option has a place in the setup and comes back from it unchanged") {
  for (const ModelSpec& spec : model_registry()) {
    CAPTURE(spec.name);
    const Options defaults = spec.default_options();
    CHECK(options_of(spec, default_setup(spec.name)).to_json() == defaults.to_json());
    // A value other than the default, for each option, survives the round trip.
    Options changed = defaults;
    for (const OptionSpec& o : spec.options) {
      switch (o.kind) {
        case OptionKind::Integer: changed.set(o.name, std::get<std::int64_t>(o.fallback) + 1); break;
        case OptionKind::Real:  // a number for a default that is a word (--positive-rating all)
          changed.set(o.name, std::holds_alternative<double>(o.fallback)
                                  ? std::min(o.max, std::get<double>(o.fallback) + 0.25) : 3.5);
          break;
        case OptionKind::Flag: changed.set(o.name, !std::get<bool>(o.fallback)); break;
        case OptionKind::Text: changed.set(o.name, std::string("ids")); break;
        case OptionKind::Choice: changed.set(o.name, o.choices.back()); break;
      }
    }
    const TrainingSetup setup = setup_from_options(spec, changed);
    const Options back = options_of(spec, setup);
    for (const OptionSpec& o : spec.options) {
      CAPTURE(o.name);
      // As settled: options that follow from others do (the full softmax draws no negatives).
      CHECK(back.value(o.name) == spec.settled(changed).value(o.name));
    }
  }
}

TEST_CASE("every implicit model takes --positive-rating, every interaction by default, a binary model labels by it") {
  for (const ModelSpec& spec : model_registry()) {
    CAPTURE(spec.name);
    const bool implicit = spec.feedback == Feedback::Pointwise || spec.feedback == Feedback::Pairwise ||
                          spec.feedback == Feedback::NextItem;
    const Options defaults = spec.default_options();
    CHECK(defaults.has("positive-rating") == (implicit || spec.feedback == Feedback::Binary));
    if (!defaults.has("positive-rating")) continue;
    const OptionSpec& o = defaults.spec("positive-rating");
    CHECK(o.part_of_model);  // recorded in the model file, kept on resume
    if (implicit) {
      CHECK(defaults.text("positive-rating") == "all");
      CHECK(o.none_word == "all");
    } else {
      CHECK(defaults.real("positive-rating") == 4.0);
      CHECK(o.none_word.empty());
    }
  }
}

TEST_CASE("the lists the CLI offers come from the registry") {
  CHECK(model_names().size() == model_registry().size());
  for (const std::string& name : cold_start_model_names()) CHECK(model_spec(name).scores_unseen_items);
  for (const std::string& name : gradient_model_names()) CHECK(model_spec(name).gradient_trained());
}

TEST_CASE("a model's own options reach it through ModelConfig::own, and settled options follow each other") {
  // softmax: --softmax full draws no negatives, in the setup and in the settings it prints.
  const ModelSpec& softmax = model_spec("softmax");
  Options o = softmax.default_options();
  CHECK(o.integer("negatives") > 0);
  o.set("softmax", std::string("full"));
  const TrainingSetup full = setup_from_options(softmax, o);
  CHECK(full.train.batches.negatives == 0);
  CHECK(full.model.own.text("softmax") == "full");
  CHECK(softmax.settled(o).integer("negatives") == 0);
  // Every model's own options are in its setup's own, and only those.
  for (const ModelSpec& spec : model_registry()) {
    CAPTURE(spec.name);
    const TrainingSetup setup = default_setup(spec.name);
    std::size_t own = 0;
    for (const OptionSpec& option : spec.options)
      if (option.model_own) {
        ++own;
        CHECK(setup.model.own.value(option.name) == spec.default_options().value(option.name));
      }
    CHECK(setup.model.own.specs().size() == own);
  }
}
