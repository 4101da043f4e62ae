// Defaults must hold beyond the data they were chosen on: every model trains with its
// defaults, without diverging and with finite figures, on synthetic logs shaped unlike
// ML-100K and the built-in data: many users with few items, and 0/1 clicks. (Few users
// with many items on a half-star scale, MovieLens latest's shape, has floors of its own:
// test_ml_latest_floors.cpp.)
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "data/split.hpp"
#include "data/synthetic.hpp"
#include "training/baseline.hpp"

using namespace recgrad;

namespace {

// The split each model is judged on: next-item models on each user's last item.
std::string split_for(const ModelSpec& spec) { return spec.feedback == Feedback::NextItem ? "last" : "random"; }

void check_every_model_trains(const data::SyntheticSpec& shape) {
  const data::Dataset ds = data::generate_dataset(shape);
  for (const ModelSpec& spec : model_registry()) {
    CAPTURE(spec.name);
    const data::Split split = data::make_split(ds, {.name = split_for(spec), .seed = 0});
    TrainingSetup setup = default_setup(spec.name);
    setup.train.threads = 1;
    RunOutcome r;
    try {
      r = run_training(spec.name, ds, split, setup, 0);
    } catch (const std::exception& e) {
      FAIL_CHECK(spec.name << " on " << to_string(shape.ratings) << " " << shape.users << " x " << shape.items
                           << ": " << std::string(e.what()));
      continue;
    }
    for (const auto& figure : quality_figures(r.test)) {
      CAPTURE(figure.first);
      CHECK(std::isfinite(figure.second));
    }
    const auto baseline = compare_with_baseline(r, ds, split, 0);
    std::string lift;
    if (baseline && baseline->test)
      for (const auto& [name, ratio] : baseline->lift) lift += " " + name + " x" + std::to_string(ratio);
    MESSAGE(spec.name << ": " << to_json(r.test).dump() << ", best epoch " << r.training.best_epoch << lift);
  }
}

}  // namespace

TEST_CASE("other shapes: every model trains with its defaults on 10k users x 1k items") {
  check_every_model_trains({.users = 10000, .items = 1000, .interactions = 100000, .seed = 2});
}

TEST_CASE("other shapes: every model trains with its defaults on 0/1 clicks") {
  check_every_model_trains({.interactions = 100000, .seed = 3, .ratings = data::RatingScale::Clicks});
}
