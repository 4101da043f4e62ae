// The factorisation machine: its gradients with every option, its scoring paths against
// each other, and cold start (a feature no training batch read does not count).
#include <doctest/doctest.h>

#include <vector>

#include "data/synthetic.hpp"
#include "models/fm/fm.hpp"
#include "models/gradient_comparison.hpp"
#include "models/registry.hpp"

using namespace recgrad;

namespace {

const data::Dataset& small_data() {
  static const data::Dataset ds = data::generate_dataset({.users = 40, .items = 60, .interactions = 600, .seed = 5});
  return ds;
}

ModelConfig small_config() {
  ModelConfig c;
  c.dim = 5;
  c.l2 = 0.05;
  c.global_mean = 3.5;
  return c;
}

// A batch of pairs of users and items below `items_below`, with ratings (and negatives) set.
struct PairBatch {
  std::vector<Id> users, items, negatives;
  std::vector<double> targets;
  PairBatch(Id users_count, Id items_below, std::int64_t n, Rng& rng) {
    for (std::int64_t r = 0; r < n; ++r) {
      users.push_back(static_cast<Id>(rng.below(static_cast<std::uint64_t>(users_count))));
      items.push_back(static_cast<Id>(rng.below(static_cast<std::uint64_t>(items_below))));
      negatives.push_back(static_cast<Id>(rng.below(static_cast<std::uint64_t>(items_below))));
      targets.push_back(1.0 + static_cast<double>(rng.below(5)));
    }
  }
  Batch<double> view() const { return {users, items, negatives, targets, {}, {}, {}}; }
};

}  // namespace

TEST_CASE("fm: tape, hand-derived and numeric gradients agree with id-free copies and a field choice") {
  for (const char* model : {"fm", "fm-bpr"})
    for (const char* fields : {"all", "ids", "genre,age"}) {
      ModelConfig config = small_config();
      config.own = model_spec(model).own_defaults();
      config.own.set("fields", std::string(fields));
      config.own.set("id-free-copies", 0.5);
      const GradientComparison c = compare_model_gradients(model, config);
      INFO(model << " with fields " << fields);
      CHECK(c.loss_auto == doctest::Approx(c.loss_manual).epsilon(1e-12));
      for (const ParamComparison& p : c.params) {
        INFO("parameter " << p.name);
        CHECK(p.auto_vs_manual_rel <= 1e-9);
        CHECK(p.auto_vs_numeric_rel <= 1e-6);
      }
      CHECK(c.ok);
    }
}

TEST_CASE("fm: score_users agrees with predict, user side and item side summed with their cross term") {
  for (const auto objective : {FactorisationMachine<double>::Objective::Ratings,
                               FactorisationMachine<double>::Objective::Ranking}) {
    FactorisationMachine<double> fm(small_config(), model_data(small_data()), objective, 3);
    Rng rng(4);
    const PairBatch batch(fm.num_users(), fm.num_items(), 300, rng);  // every feature trained
    for (Param<double>* p : fm.params())
      for (double& x : p->value) x = rng.normal(0.0, 0.3);
    Tape<double> tape;
    fm.loss(tape, batch.view());
    std::vector<double> all(static_cast<std::size_t>(3 * fm.num_items()));
    fm.score_users(7, 3, all);
    for (Id u = 0; u < 3; ++u)
      for (Id i = 0; i < fm.num_items(); i += 7) {
        const Id user = 7 + u;
        double one = 0;
        fm.predict({&user, 1}, {&i, 1}, {&one, 1});
        CHECK(all[static_cast<std::size_t>(u * fm.num_items() + i)] == doctest::Approx(one).epsilon(1e-12));
      }
  }
}

TEST_CASE("fm: an item no training batch read is scored without its id, from its metadata") {
  FactorisationMachine<double> fm(small_config(), model_data(small_data()), FactorisationMachine<double>::Objective::Ratings, 3);
  const Id cold = fm.num_items() - 1, warm = 0;
  Rng rng(6);
  const PairBatch batch(fm.num_users(), cold, 200, rng);  // items below `cold` only
  Tape<double> tape;
  fm.loss(tape, batch.view());
  const data::FeatureMatrix& items = small_data().item_features;
  const Id cold_id = fm.item_feature(items.ids_of(cold)[0]), warm_id = fm.item_feature(items.ids_of(warm)[0]);
  CHECK_FALSE(fm.trained(cold_id));
  CHECK(fm.trained(warm_id));
  CHECK(fm.trained(fm.item_feature(items.ids_of(cold)[1])));  // its genre was read through other items

  const Id users[] = {1, 1}, pair_items[] = {cold, warm};
  std::vector<double> before(2), after(2);
  fm.predict(users, pair_items, before);
  Param<double>& factors = *fm.params()[2];
  REQUIRE(factors.name() == "factors");
  for (const Id row : {cold_id, warm_id})
    for (std::int64_t f = 0; f < factors.value.cols(); ++f) factors.value(row, f) += 1.0;
  fm.predict(users, pair_items, after);
  CHECK(after[0] == before[0]);  // the untrained id does not count
  CHECK(after[1] != before[1]);
}

TEST_CASE("fm: a field that neither side has is refused") {
  ModelConfig config = small_config();
  config.own = model_spec("fm").own_defaults();
  config.own.set("fields", std::string("genre,zodiac"));
  CHECK_THROWS_WITH_AS(FactorisationMachine<double>(config, model_data(small_data()),
                                                   FactorisationMachine<double>::Objective::Ratings, 1),
                       doctest::Contains("zodiac"), std::invalid_argument);
  CHECK_THROWS_AS(FactorisationMachine<double>(small_config(), ModelData{10, 10},
                                               FactorisationMachine<double>::Objective::Ratings, 1),
                  std::invalid_argument);
}
