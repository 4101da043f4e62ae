// An MLP with dropout on its hidden layers: about p of the hidden outputs dropped and the
// rest scaled by 1 / (1 - p), nothing dropped without a stream or in evaluate(); the tape's
// forward and the tape-free one draw the same masks from the same stream, so the
// hand-derived backward gives the tape's gradients; and those match finite differences
// when every forward pass replays the mask.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "autodiff/gradcheck.hpp"
#include "layers/mlp.hpp"

using namespace recgrad;

namespace {

Tensor<double> random_values(std::int64_t rows, std::int64_t cols, Rng& rng) {
  Tensor<double> x(rows, cols);
  for (double& v : x) v = rng.normal(0.0, 1.0);
  return x;
}

}  // namespace

TEST_CASE("mlp dropout drops about p of the hidden outputs, scales the rest, and never drops in evaluate()") {
  constexpr std::int64_t rows = 200, width = 50;
  constexpr double p = 0.3;
  Rng init(1);
  Mlp<double> mlp("tower", {4, width, width}, init, false, p);
  // Positive first-layer weights over positive inputs: every hidden output is positive
  // before dropout. The output layer is the identity, so the output shows the hidden layer.
  Linear<double>& first = mlp.layers()[0];
  Linear<double>& last = mlp.layers()[1];
  for (double& w : first.weight().value) w = 0.1 + init.uniform();
  for (double& w : last.weight().value) w = 0;
  for (std::int64_t k = 0; k < width; ++k) last.weight().value(k, k) = 1;
  for (double& b : last.bias().value) b = 0;
  Tensor<double> x(rows, 4);
  for (double& v : x) v = 0.5 + init.uniform();

  std::vector<double> hidden;
  mlp.evaluate(x.data(), rows, hidden);  // never drops: relu(x W0 + b0)
  Rng masks(2);
  const std::vector<double> dropped = mlp.forward_values(x.data(), rows, &masks);
  REQUIRE(dropped.size() == hidden.size());
  std::int64_t zeros = 0;
  for (std::size_t i = 0; i < hidden.size(); ++i) {
    REQUIRE(hidden[i] > 0);
    const bool zero = dropped[i] == 0.0;
    zeros += zero;
    if (!zero) CHECK(dropped[i] == doctest::Approx(hidden[i] / (1 - p)).epsilon(1e-12));
  }
  // 10 000 Bernoulli(0.3) draws: the dropped share's sd is 0.0046; 5 sd either way.
  CHECK(std::abs(static_cast<double>(zeros) / static_cast<double>(rows * width) - p) < 0.023);

  Tape<double> tape;
  const Var<double> undropped = mlp(tape.constant(x.view()));  // no stream: no dropout
  for (std::size_t i = 0; i < hidden.size(); ++i) CHECK(undropped.value().data[i] == hidden[i]);
}

TEST_CASE("mlp dropout: the tape-free forward and backward give the tape's outputs and gradients") {
  Rng init(3);
  Mlp<double> mlp("tower", {5, 8, 6, 2}, init, false, 0.4);
  const Tensor<double> x = random_values(16, 5, init);
  const Tensor<double> weights = random_values(16, 2, init);  // the loss: Σ weights ⊙ output
  std::vector<Param<double>*> params;
  mlp.collect_params(params);

  Tape<double> tape;
  Rng tape_masks(9);
  const Var<double> y = mlp(tape.constant(x.view()), &tape_masks);
  tape.backward(sum(mul(y, tape.constant(weights.view()))));
  std::vector<Tensor<double>> automatic;
  for (Param<double>* p : params) automatic.push_back(dense_gradient(*p));

  for (Param<double>* p : params) p->zero_grad();
  Rng manual_masks(9);
  const std::vector<double>& out = mlp.forward_values(x.data(), 16, &manual_masks);
  for (std::size_t i = 0; i < out.size(); ++i) CHECK(out[i] == doctest::Approx(y.value().data[i]).epsilon(1e-14));
  mlp.backward_values(weights.data(), 16);
  for (std::size_t k = 0; k < params.size(); ++k) {
    INFO(params[k]->name());
    CHECK(relative_difference(automatic[k], dense_gradient(*params[k])) <= 1e-12);
  }
  Rng other(10);  // another stream drops other units
  const std::vector<double>& elsewhere = mlp.forward_values(x.data(), 16, &other);
  CHECK_FALSE(std::equal(elsewhere.begin(), elsewhere.end(), y.value().data));
}

TEST_CASE("mlp dropout: gradients match finite differences when every pass replays the mask") {
  Rng init(5);
  Mlp<double> mlp("tower", {6, 10, 4}, init, false, 0.5);
  Param<double> x("x", 16, 6);
  x.value = random_values(16, 6, init);
  std::vector<Param<double>*> params{&x};
  mlp.collect_params(params);
  const GradCheckReport report = check_gradients(params, [&](Tape<double>& t) {
    Rng same_masks(12);
    return mlp(t.param(x), &same_masks);
  });
  CHECK(report.ok);
  CHECK(report.max_rel_err < 1e-6);
  for (const ParamCheck& c : report.params) CHECK(c.coords_checked > 0);
}
