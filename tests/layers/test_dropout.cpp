// Dropout: identity in evaluation; in training a kept fraction near 1 - p, scaled so
// the mean is kept; the gradient is the mask, checked against finite differences.
#include <doctest/doctest.h>

#include "autodiff/gradcheck.hpp"
#include "layers/dropout.hpp"

using namespace recgrad;

TEST_CASE("dropout is the identity in evaluation and at p = 0") {
  Tape<double> tape;
  Tensor<double> ones(4, 5);
  for (double& v : ones) v = 1.0;
  const Var<double> x = tape.constant(ones.view());
  Rng rng(1);
  CHECK(Dropout<double>(0.5)(x, rng, /*training=*/false).id == x.id);
  CHECK(Dropout<double>(0.0)(x, rng, /*training=*/true).id == x.id);
}

TEST_CASE("dropout in training keeps about 1 - p of the values, scaled by 1 / (1 - p)") {
  Tape<float> tape;
  Tensor<float> ones(200, 100);
  for (float& v : ones) v = 1.0f;
  Rng rng(2);
  const Var<float> y = Dropout<float>(0.3)(tape.constant(ones.view()), rng, true);
  std::int64_t kept = 0;
  double total = 0;
  for (const float v : std::span<const float>(y.value().data, 20000)) {
    REQUIRE((v == 0.0f || v == doctest::Approx(1.0 / 0.7)));
    kept += v != 0.0f;
    total += v;
  }
  // 20000 Bernoulli(0.7) draws: sd of the kept fraction is 0.0032; 5 sd either way.
  CHECK(std::abs(static_cast<double>(kept) / 20000.0 - 0.7) < 0.016);
  CHECK(total / 20000.0 == doctest::Approx(1.0).epsilon(0.03));
}

TEST_CASE("dropout's gradient is its mask: replaying the same draws, it matches finite differences") {
  Rng values(3);
  Param<double> x("x", 8, 6);
  for (double& v : x.value) v = values.normal(0.0, 1.0);
  const Dropout<double> dropout(0.4);
  std::vector<Param<double>*> params{&x};
  const GradCheckReport report = check_gradients(params, [&](Tape<double>& t) {
    Rng same_mask(4);  // every forward pass draws the same mask
    return dropout(t.param(x), same_mask, true);
  });
  CHECK(report.ok);
  CHECK(report.max_rel_err < 1e-9);
}

TEST_CASE("dropout rejects a probability below 0 or not below 1") {
  CHECK_THROWS_AS(Dropout<float>(1.0), std::invalid_argument);
  CHECK_THROWS_AS(Dropout<float>(-0.1), std::invalid_argument);
}
