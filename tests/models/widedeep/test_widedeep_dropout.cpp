// Wide & deep's --dropout: declared in [0, 1) with default 0; scoring never drops; a
// training step drops units drawn from the batch's seed, the same on every pass over that
// batch and by both paths, other units for another seed. (The whole model's gradients with
// dropout on are checked in test_gradient_comparison.cpp, whose configuration turns it on.)
#include <doctest/doctest.h>

#include "data/synthetic.hpp"
#include "models/gradient_comparison.hpp"
#include "models/registry.hpp"
#include "models/widedeep/widedeep.hpp"

using namespace recgrad;

namespace {

const data::Dataset& small_data() {
  static const data::Dataset ds = data::generate_dataset({.users = 40, .items = 60, .interactions = 600, .seed = 5});
  return ds;
}

ModelConfig with_dropout(double p) {
  ModelConfig config;
  config.dim = 8;
  config.own = model_spec("widedeep").own_defaults();
  config.own.set("dropout", p);
  return config;
}

double tape_loss(WideDeep<double>& model, const Batch<double>& batch) {
  Tape<double> tape;
  return model.loss(tape, batch).item();
}

}  // namespace

TEST_CASE("widedeep --dropout is a share from 0 up to 1 (not included), 0 unless set, and the gradient check turns it on") {
  const Options defaults = model_spec("widedeep").default_options();
  CHECK(defaults.real("dropout") == 0.0);
  Options o = defaults;
  CHECK_NOTHROW(o.set_text("dropout", "0.5"));
  CHECK_THROWS_AS(o.set_text("dropout", "1"), std::invalid_argument);
  CHECK_THROWS_AS(o.set_text("dropout", "-0.1"), std::invalid_argument);
  CHECK(gradient_check_config("widedeep").own.real("dropout") > 0);
}

TEST_CASE("widedeep --dropout: scoring never drops, training drops by the batch's seed, alike on both paths") {
  // The same seed: the same parameters, whatever the dropout.
  WideDeep<double> plain(with_dropout(0.0), model_data(small_data()), 3);
  WideDeep<double> dropping(with_dropout(0.5), model_data(small_data()), 3);
  const std::vector<Id> users{0, 5, 5, 12, 30, 7}, items{3, 3, 8, 40, 50, 9};
  const std::vector<double> labels{1, 0, 1, 1, 0, 1};
  std::vector<double> z_plain(users.size()), z_dropping(users.size());
  plain.predict(users, items, z_plain);
  dropping.predict(users, items, z_dropping);
  CHECK(z_plain == z_dropping);

  Batch<double> batch{users, items, {}, labels, {}, {}, {}};
  batch.seed = 1;
  const double once = tape_loss(dropping, batch);
  CHECK(tape_loss(dropping, batch) == once);  // the same mask on every pass
  CHECK(once != doctest::Approx(tape_loss(plain, batch)).epsilon(1e-6));
  CHECK(dropping.manual_gradients(batch) == doctest::Approx(once).epsilon(1e-12));
  batch.seed = 2;
  CHECK(tape_loss(dropping, batch) != doctest::Approx(once).epsilon(1e-6));  // another mask
  // Without dropout the seed changes nothing.
  const double plain_loss = tape_loss(plain, batch);
  batch.seed = 1;
  CHECK(tape_loss(plain, batch) == plain_loss);
}
