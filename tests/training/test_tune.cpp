// Choosing settings on validation alone (training/tune.hpp, training/search_space.hpp):
// the tuning data holds no test interaction and splits the rest as the test part was
// split off; what a search tries is read and checked from the model's declarations; a
// diverging setting is a failed trial; and the trials' figures do not move when the test
// part's interactions change, which is what "the test part is never used to choose" means.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "data/split.hpp"
#include "data/synthetic.hpp"
#include "training/search_space.hpp"
#include "training/tune.hpp"

using namespace recgrad;

namespace {

const data::Dataset& small() {
  static const data::Dataset ds = data::generate_dataset({.users = 200, .items = 300, .interactions = 8000, .seed = 3});
  return ds;
}

using Pairs = std::set<std::pair<std::string, std::string>>;

Pairs pairs_of(const data::Dataset& ds, const std::vector<std::int32_t>& rows) {
  Pairs out;
  for (const std::int32_t r : rows)
    out.emplace(ds.users.raw(ds.interactions.users[r]), ds.items.raw(ds.interactions.items[r]));
  return out;
}

TuningData tuning_for(const std::string& split_name, std::uint64_t seed = 1) {
  data::SplitOptions options{.name = split_name, .seed = seed};
  return tuning_data(small(), data::make_split(small(), options), options);
}

}  // namespace

TEST_CASE("tuning data holds every non-test interaction and no test one, split again by the split's rule") {
  for (const std::string name : {"random", "last", "temporal", "coldstart"}) {
    CAPTURE(name);
    const data::SplitOptions options{.name = name, .seed = 1};
    const data::Split split = data::make_split(small(), options);
    const TuningData tuning = tuning_data(small(), split, options);
    CHECK(tuning.ds.num_interactions() == static_cast<std::int64_t>(split.train.size() + split.validation.size()));
    const Pairs test = pairs_of(small(), split.test), seen = pairs_of(tuning.ds, all_rows(tuning.ds));
    for (const auto& pair : test) REQUIRE(!seen.count(pair));
    CHECK(!tuning.split.test.empty());
    CHECK(!tuning.split.train.empty());
    CHECK(tuning.split.name == name);
  }
}

TEST_CASE("tuning on leave-last-out validates on each user's second-to-last interaction") {
  const data::SplitOptions options{.name = "last", .seed = 0};
  const data::Split split = data::make_split(small(), options);
  const TuningData tuning = tuning_data(small(), split, options);
  CHECK(pairs_of(tuning.ds, tuning.split.test) == pairs_of(small(), split.validation));
}

TEST_CASE("tuning on a cold-start split holds out other items than the test's") {
  const TuningData tuning = tuning_for("coldstart");
  const data::SplitOptions options{.name = "coldstart", .seed = 1};
  const data::Split split = data::make_split(small(), options);
  std::set<std::int32_t> test_items;
  for (const std::int32_t r : tuning.split.test) test_items.insert(tuning.ds.interactions.items[r]);
  for (const std::int32_t item : split.cold_items) CHECK(!test_items.count(item));
  CHECK(test_items.size() > 10);
}

TEST_CASE("a search space is read from the model's declarations and refused where it is wrong") {
  const ModelSpec& lmf = model_spec("lmf");
  const std::vector<std::string> good = {"dim=8,16", "lr=0.01..1", "optim=adam,adagrad"};
  const auto space = parse_search_space(lmf, good);
  REQUIRE(space.size() == 3);
  CHECK(space[0].integer);
  CHECK(space[1].log_scale());
  CHECK(space[2].values.size() == 2);
  for (const std::string bad : {"dim", "=3", "dim=", "nosuch=1,2", "dim=0,8", "lr=1..0.1", "optim=adam..sgd",
                                "dim=8,8", "optim=lbfgs"}) {
    CAPTURE(bad);
    const std::vector<std::string> texts = {bad};
    CHECK_THROWS_AS(parse_search_space(lmf, texts), std::invalid_argument);
  }
  const std::vector<std::string> twice = {"dim=8", "dim=16"};
  CHECK_THROWS_AS(parse_search_space(lmf, twice), std::invalid_argument);
  // The threshold decides what validation holds (an implicit model's interactions, a binary
  // model's labels): not a dimension to search.
  const std::vector<std::string> thresholds = {"positive-rating=3,4"};
  for (const char* model : {"lmf", "widedeep"})
    CHECK_THROWS_WITH_AS(parse_search_space(model_spec(model), thresholds), doctest::Contains("give one value"),
                         std::invalid_argument);
}

TEST_CASE("a grid tries every combination, the first option slowest, and random draws stay in their ranges") {
  const ModelSpec& lmf = model_spec("lmf");
  const std::vector<std::string> lists = {"dim=8,16", "lr=0.1,0.2,0.3"};
  const auto grid = grid_points(parse_search_space(lmf, lists));
  REQUIRE(grid.size() == 6);
  CHECK(grid[0] == SearchPoint{{"dim", "8"}, {"lr", "0.1"}});
  CHECK(grid[2] == SearchPoint{{"dim", "8"}, {"lr", "0.3"}});
  CHECK(grid[3] == SearchPoint{{"dim", "16"}, {"lr", "0.1"}});
  const std::vector<std::string> ranges = {"dim=4..6", "lr=0.001..1"};
  const auto space = parse_search_space(lmf, ranges);
  CHECK_THROWS_AS(grid_points(space), std::invalid_argument);
  const auto draws = random_points(space, 200, 7);
  CHECK(draws == random_points(space, 200, 7));
  std::set<std::string> dims;
  int below_hundredth = 0;
  for (const SearchPoint& p : draws) {
    dims.insert(p.at("dim"));
    const double lr = std::stod(p.at("lr"));
    CHECK(lr >= 0.001 * 0.999);
    CHECK(lr <= 1.0001);
    below_hundredth += lr < 0.01;
  }
  CHECK(dims == std::set<std::string>{"4", "5", "6"});
  // Log-uniform: a third of the draws below 0.01 (uniform would give 1%).
  CHECK(below_hundredth > 40);
  CHECK(below_hundredth < 95);
}

TEST_CASE("a diverging setting is a failed trial, and the best trial skips failures") {
  const TuningData tuning = tuning_for("random");
  const ModelSpec& mf = model_spec("mf");
  Options wild = mf.default_options();
  wild.set_text("lr", "1e6");
  wild.set_text("epochs", "2");
  const Trial failed = run_trial("mf", setup_from_options(mf, wild), tuning, "rmse", 0);
  CHECK(!failed.failure.empty());
  CHECK(!failed.validation);
  Options calm = mf.default_options();
  calm.set_text("epochs", "2");
  const Trial ok = run_trial("mf", setup_from_options(mf, calm), tuning, "rmse", 0);
  REQUIRE(ok.failure.empty());
  CHECK(ok.score == doctest::Approx(metric_value(*ok.validation, "rmse")));
  CHECK(best_trial({failed, ok}, "rmse") == 1);
  Trial worse = ok;
  worse.score += 1;
  CHECK(best_trial({worse, ok}, "rmse") == 1);
  CHECK(best_trial({worse, ok}, "auc") == 0);
  CHECK_THROWS_AS(best_trial({failed, failed}, "rmse"), std::runtime_error);
}

TEST_CASE("the trials' figures do not depend on the test part") {
  const data::SplitOptions options{.name = "random", .seed = 2};
  const data::Split split = data::make_split(small(), options);
  data::Dataset changed = small();
  // Every test interaction moved to another item and given another rating.
  for (const std::int32_t r : split.test) {
    changed.interactions.items[r] = (changed.interactions.items[r] + 1) % changed.num_items();
    changed.interactions.ratings[r] = 6 - changed.interactions.ratings[r];
  }
  const ModelSpec& lmf = model_spec("lmf");
  Options options_lmf = lmf.default_options();
  options_lmf.set_text("epochs", "3");
  const TrainingSetup setup = setup_from_options(lmf, options_lmf);
  const Trial a = run_trial("lmf", setup, tuning_data(small(), split, options), "ndcg@10", 5);
  const Trial b = run_trial("lmf", setup, tuning_data(changed, split, options), "ndcg@10", 5);
  REQUIRE(a.failure.empty());
  CHECK(a.score == b.score);
  CHECK(to_json(*a.validation) == to_json(*b.validation));
}

TEST_CASE("a trial over several seeds is scored by their mean") {
  const TuningData tuning = tuning_for("random");
  const ModelSpec& lmf = model_spec("lmf");
  Options options = lmf.default_options();
  options.set_text("epochs", "2");
  options.set_text("dim", "8");
  const TrainingSetup setup = setup_from_options(lmf, options);
  const Trial three = run_trial("lmf", setup, tuning, "ndcg@10", 4, 3);
  REQUIRE(three.failure.empty());
  REQUIRE(three.scores.size() == 3);
  CHECK(three.score == doctest::Approx((three.scores[0] + three.scores[1] + three.scores[2]) / 3));
  CHECK(three.scores[0] != three.scores[1]);  // the seed draws the initialisation and the sampling
  const Trial later = run_trial("lmf", setup, tuning, "ndcg@10", 5, 1);
  CHECK(later.scores.at(0) == three.scores[1]);
  CHECK(three.scores[0] == metric_value(*three.validation, "ndcg@10"));
}
