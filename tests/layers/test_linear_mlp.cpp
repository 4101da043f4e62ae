// Linear and MLP layers: the forward against hand-computed values, the gradients of
// the weights, the biases and the layer's input against finite differences.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "autodiff/gradcheck.hpp"
#include "layers/mlp.hpp"

using namespace recgrad;

namespace {

// A dense [rows x cols] input to check gradients through, drawn away from zero.
Param<double> random_input(std::int64_t rows, std::int64_t cols, Rng& rng) {
  Param<double> x("x", rows, cols);
  for (double& v : x.value) v = rng.normal(0.0, 1.0);
  return x;
}

}  // namespace

TEST_CASE("linear: y = x W + b, row by row") {
  Rng rng(3);
  Linear<double> layer("fc", 2, 3, rng);
  CHECK(layer.in() == 2);
  CHECK(layer.out() == 3);
  for (const double w : layer.weight().value) CHECK(std::abs(w) <= 1.0 / std::sqrt(2.0));  // PyTorch's init bound
  Tape<double> tape;
  const double xs[] = {1.0, -2.0, 0.5, 4.0};
  const Var<double> y = layer(tape.constant(MatrixView<const double>(xs, Shape{2, 2})));
  REQUIRE(y.shape() == Shape{2, 3});
  const auto& W = layer.weight().value;
  const auto& b = layer.bias().value;
  for (std::int64_t r = 0; r < 2; ++r)
    for (std::int64_t c = 0; c < 3; ++c)
      CHECK(y.value()(r, c) == doctest::Approx(xs[2 * r] * W(0, c) + xs[2 * r + 1] * W(1, c) + b(0, c)));
}

TEST_CASE("linear without a bias has one parameter") {
  Rng rng(4);
  Linear<double> layer("fc", 3, 2, rng, /*bias=*/false);
  std::vector<Param<double>*> params;
  layer.collect_params(params);
  CHECK(params.size() == 1);
  CHECK_FALSE(layer.has_bias());
}

TEST_CASE("linear: gradients of W, b and the input match finite differences") {
  Rng rng(5);
  Linear<double> layer("fc", 4, 3, rng);
  Param<double> x = random_input(6, 4, rng);
  std::vector<Param<double>*> params{&x};
  layer.collect_params(params);
  const GradCheckReport report = check_gradients(params, [&](Tape<double>& t) { return layer(t.param(x)); });
  CHECK(report.ok);
  CHECK(report.max_rel_err < 1e-8);
  REQUIRE(report.params.size() == 3);
}

TEST_CASE("mlp: widths, ReLU between layers, none after the last") {
  Rng rng(6);
  Mlp<double> mlp("tower", {5, 8, 4, 2}, rng);
  CHECK(mlp.in() == 5);
  CHECK(mlp.out() == 2);
  CHECK(mlp.layers().size() == 3);
  std::vector<Param<double>*> params;
  mlp.collect_params(params);
  CHECK(params.size() == 6);
  CHECK(params[0]->name() == "tower.0.weight");

  // The output may be negative (no final ReLU); with relu_output it may not.
  Param<double> x = random_input(32, 5, rng);
  Tape<double> tape;
  const Var<double> y = mlp(tape.param(x));
  bool any_negative = false;
  for (std::int64_t r = 0; r < 32; ++r) any_negative = any_negative || y.value()(r, 0) < 0 || y.value()(r, 1) < 0;
  CHECK(any_negative);
  Rng same(6);
  Mlp<double> clipped("tower", {5, 8, 4, 2}, same, /*relu_output=*/true);
  const Var<double> z = clipped(tape.param(x));
  for (std::int64_t r = 0; r < 32; ++r)
    for (std::int64_t c = 0; c < 2; ++c) CHECK(z.value()(r, c) == std::max(0.0, y.value()(r, c)));
}

TEST_CASE("mlp: gradients of every layer and of the input match finite differences") {
  // The stencil steps up to 2e-3 from each value: a pre-activation that close to ReLU's
  // kink would make the quotient straddle it. Take the first seed whose draw has none.
  for (std::uint64_t seed = 7;; ++seed) {
    Rng rng(seed);
    Mlp<double> mlp("tower", {6, 10, 4}, rng);
    Param<double> x = random_input(16, 6, rng);
    Tape<double> tape;
    const MatrixView<double> hidden = mlp.layers()[0](tape.param(x)).value();
    if (std::any_of(hidden.data, hidden.data + 160, [](double h) { return std::abs(h) < 5e-3; })) continue;

    std::vector<Param<double>*> params{&x};
    mlp.collect_params(params);
    const GradCheckReport report = check_gradients(params, [&](Tape<double>& t) { return mlp(t.param(x)); });
    CHECK(report.ok);
    CHECK(report.max_rel_err < 1e-8);
    CHECK(report.params.size() == 5);
    break;
  }
}

TEST_CASE("mlp: a width of zero or a single width is an error naming the layer") {
  Rng rng(8);
  const auto make = [&](std::vector<std::int64_t> widths) { return Mlp<float>("tower", widths, rng); };
  CHECK_THROWS_WITH_AS(make({4}), doctest::Contains("tower"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(make({4, 0, 1}), doctest::Contains("positive"), std::invalid_argument);
}
