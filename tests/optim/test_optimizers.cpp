// Update rules checked against hand-computed steps, lazy sparse updates, and
// lazy == dense when every row is touched.
#include <doctest/doctest.h>

#include <cmath>

#include "autodiff/ops.hpp"
#include "optim/optimizer.hpp"

using namespace recgrad;

namespace {
OptimizerConfig config(const char* kind, double lr, double l2 = 0) {
  OptimizerConfig c;
  c.kind = kind;
  c.lr = lr;
  c.l2 = l2;
  return c;
}

// One scalar parameter with value w and gradient g.
Param<double> scalar(double w, double g) {
  Param<double> p("w", 1, 1);
  p.value(0, 0) = w;
  p.grad(0, 0) = g;
  return p;
}
}  // namespace

TEST_CASE("SGD: w - lr (g + l2 w), and the gradient is consumed") {
  Param<double> p = scalar(2.0, 0.5);
  auto opt = make_optimizer<double>({&p}, config("sgd", 0.1, 0.01));
  opt->step();
  CHECK(p.value(0, 0) == doctest::Approx(2.0 - 0.1 * (0.5 + 0.01 * 2.0)));
  CHECK(p.grad(0, 0) == 0);
  CHECK(opt->steps_taken() == 1);
}

TEST_CASE("SGD with momentum over two steps") {
  Param<double> p = scalar(1.0, 1.0);
  OptimizerConfig c = config("sgd", 0.1);
  c.momentum = 0.9;
  auto opt = make_optimizer<double>({&p}, c);
  opt->step();  // v = 1, w = 1 - 0.1 = 0.9
  CHECK(p.value(0, 0) == doctest::Approx(0.9));
  p.grad(0, 0) = 2.0;
  opt->step();  // v = 0.9 + 2 = 2.9, w = 0.9 - 0.29 = 0.61
  CHECK(p.value(0, 0) == doctest::Approx(0.61));
}

TEST_CASE("AdaGrad over two steps") {
  Param<double> p = scalar(1.0, 2.0);
  OptimizerConfig c = config("adagrad", 0.5);
  c.eps = 0;
  auto opt = make_optimizer<double>({&p}, c);
  opt->step();  // G = 4, w = 1 - 0.5 * 2 / 2 = 0.5
  CHECK(p.value(0, 0) == doctest::Approx(0.5));
  p.grad(0, 0) = 1.0;
  opt->step();  // G = 5, w = 0.5 - 0.5 / sqrt(5)
  CHECK(p.value(0, 0) == doctest::Approx(0.5 - 0.5 / std::sqrt(5.0)));
}

TEST_CASE("Adam matches the textbook form over three steps") {
  Param<double> p = scalar(1.0, 0.0);
  const OptimizerConfig c = config("adam", 0.01);
  auto opt = make_optimizer<double>({&p}, c);
  double w = 1.0, m = 0, v = 0;
  const double grads[] = {0.3, -1.2, 0.7};
  for (int t = 1; t <= 3; ++t) {
    const double g = grads[t - 1];
    p.grad(0, 0) = g;
    opt->step();
    m = c.beta1 * m + (1 - c.beta1) * g;
    v = c.beta2 * v + (1 - c.beta2) * g * g;
    const double m_hat = m / (1 - std::pow(c.beta1, t)), v_hat = v / (1 - std::pow(c.beta2, t));
    w -= c.lr * m_hat / (std::sqrt(v_hat) + c.eps);
    CHECK(p.value(0, 0) == doctest::Approx(w).epsilon(1e-12));
  }
}

TEST_CASE("sparse updates change only the touched rows, and their state") {
  for (const char* kind : {"sgd", "adagrad", "adam"}) {
    INFO(kind);
    Tape<double> tape;
    auto table = Param<double>::table("t", 6, 2);
    std::fill(table.value.begin(), table.value.end(), 1.0);
    auto opt = make_optimizer<double>({&table}, config(kind, 0.1, 0.01));
    const Id ids[] = {1, 4, 1};
    tape.backward(sum(embedding<double>(tape, table, ids)));
    opt->step();
    for (std::int64_t r = 0; r < 6; ++r) {
      const bool touched = r == 1 || r == 4;
      CHECK((table.value(r, 0) != 1.0) == touched);
      for (const auto& s : opt->state())
        if (!touched) CHECK((*s.tensor)(r, 1) == 0.0);  // state of untouched rows stays at its start
    }
    CHECK(table.sparse_grad.empty());
  }
}

TEST_CASE("lazy sparse updates equal dense ones when every row is touched in every step") {
  for (const char* kind : {"sgd", "adagrad", "adam"}) {
    INFO(kind);
    auto table = Param<double>::table("table", 3, 2);
    Param<double> dense("dense", 3, 2);
    for (std::int64_t i = 0; i < 6; ++i) table.value.data()[i] = dense.value.data()[i] = 0.1 * static_cast<double>(i) - 0.2;
    OptimizerConfig c = config(kind, 0.05, 0.1);
    c.momentum = std::string(kind) == "sgd" ? 0.5 : 0.0;
    auto lazy = make_optimizer<double>({&table}, c);
    auto full = make_optimizer<double>({&dense}, c);
    Tape<double> tape;
    const Id all_rows[] = {2, 0, 1};
    for (int step = 0; step < 4; ++step) {
      tape.reset();
      // loss = sum(E^3) on the gathered rows: a gradient that changes with the value.
      Var<double> e = embedding<double>(tape, table, all_rows);
      tape.backward(sum(mul(mul(e, e), e)));
      lazy->step();
      tape.reset();
      Var<double> d = tape.param(dense);
      tape.backward(sum(mul(mul(d, d), d)));
      full->step();
      for (std::int64_t i = 0; i < 6; ++i) CHECK(table.value.data()[i] == doctest::Approx(dense.value.data()[i]).epsilon(1e-12));
    }
  }
}

TEST_CASE("each optimiser minimises a quadratic through the tape") {
  for (const char* kind : {"sgd", "adagrad", "adam"}) {
    INFO(kind);
    Param<float> w("w", 1, 4);
    Tensor<float> target(1, 4);
    for (int i = 0; i < 4; ++i) target(0, i) = static_cast<float>(i) - 1.5f;
    auto opt = make_optimizer<float>({&w}, config(kind, std::string(kind) == "adam" ? 0.05 : 0.2));
    Tape<float> tape;
    float loss = 0;
    for (int step = 0; step < 500; ++step) {
      tape.reset();
      Var<float> l = mse_loss(tape.param(w), tape.constant(target.view()));
      loss = l.item();
      tape.backward(l);
      opt->step();
    }
    CHECK(loss < 1e-4f);
  }
}

TEST_CASE("bad optimiser settings are refused") {
  Param<float> w("w", 1, 1);
  CHECK_THROWS_WITH_AS(make_optimizer<float>({&w}, config("rmsprop", 0.1)),
                       "unknown optimizer 'rmsprop' (expected sgd, adagrad or adam)", std::invalid_argument);
  CHECK_THROWS_AS(make_optimizer<float>({&w}, config("sgd", 0.0)), std::invalid_argument);
  CHECK_THROWS_AS(make_optimizer<float>({&w}, config("sgd", 0.1, -1.0)), std::invalid_argument);
}
