// Logits of +-100 (and beyond) give finite losses and gradients with the right limits.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "autodiff/ops.hpp"

using namespace recgrad;

namespace {
template <class T>
Param<T> column(const char* name, std::initializer_list<T> values) {
  Param<T> p(name, static_cast<std::int64_t>(values.size()), 1);
  std::copy(values.begin(), values.end(), p.value.begin());
  return p;
}

template <class T>
void check_finite(const Tensor<T>& t) {
  for (T v : t) CHECK(std::isfinite(v));
}
}  // namespace

TEST_CASE_TEMPLATE("BCE with logits at +-100 and +-1000", T, float, double) {
  Tape<T> tape;
  Param<T> z = column<T>("z", {100, -100, 1000, -1000});
  Tensor<T> y(4, 1);
  y(0, 0) = 0;  // confidently wrong: loss 100
  y(1, 0) = 0;  // confidently right: loss ~ e^-100
  y(2, 0) = 1;  // right: ~0
  y(3, 0) = 1;  // wrong: 1000
  Var<T> loss = bce_with_logits_loss(tape.param(z), tape.constant(y.view()));
  CHECK(loss.item() == doctest::Approx((100.0 + 1000.0) / 4).epsilon(1e-6));
  tape.backward(loss);
  check_finite(z.grad);
  CHECK(z.grad(0, 0) == doctest::Approx(0.25));   // (σ(100) - 0) / 4
  CHECK(z.grad(1, 0) == doctest::Approx(0.0));
  CHECK(z.grad(3, 0) == doctest::Approx(-0.25));  // (σ(-1000) - 1) / 4
}

TEST_CASE_TEMPLATE("BPR loss at score gaps of +-100", T, float, double) {
  Tape<T> tape;
  Param<T> pos = column<T>("pos", {100, -100});
  Param<T> neg = column<T>("neg", {-100, 100});
  Var<T> loss = bpr_loss(tape.param(pos), tape.param(neg));
  CHECK(loss.item() == doctest::Approx(200.0 / 2).epsilon(1e-6));  // -log σ(200) ~ 0, -log σ(-200) = 200
  tape.backward(loss);
  check_finite(pos.grad);
  CHECK(pos.grad(1, 0) == doctest::Approx(-0.5));
  CHECK(neg.grad(1, 0) == doctest::Approx(0.5));
}

TEST_CASE_TEMPLATE("sigmoid, softplus and log_sigmoid stay finite at the extremes", T, float, double) {
  Tape<T> tape;
  Param<T> x = column<T>("x", {-1000, -100, 0, 100, 1000});
  Var<T> v = tape.param(x);
  Var<T> s = sigmoid(v), sp = softplus(v), ls = log_sigmoid(v);
  for (std::int64_t i = 0; i < 5; ++i) {
    CHECK(std::isfinite(s.value().data[i]));
    CHECK(std::isfinite(sp.value().data[i]));
    CHECK(std::isfinite(ls.value().data[i]));
  }
  CHECK(sp.value().data[4] == doctest::Approx(1000));
  CHECK(ls.value().data[0] == doctest::Approx(-1000));
  CHECK(s.value().data[2] == doctest::Approx(0.5));
  tape.backward(add(add(sum(s), sum(sp)), sum(ls)));
  check_finite(x.grad);
}

TEST_CASE_TEMPLATE("softmax cross-entropy and sampled softmax with logits of 100", T, float, double) {
  Tape<T> tape;
  Param<T> z("z", 2, 3);
  const T values[] = {100, -100, 0, -100, 100, 100};
  std::copy(std::begin(values), std::end(values), z.value.begin());
  const Id targets[] = {0, 0};
  Var<T> ce = softmax_cross_entropy_loss(tape.param(z), std::span<const Id>(targets));
  // row 0: target dominates, loss ~ 0; row 1: lse ~ 100 + log 2, target -100: ~ 200 + log 2
  CHECK(ce.item() == doctest::Approx((200 + std::log(2.0)) / 2).epsilon(1e-6));
  tape.backward(ce);
  check_finite(z.grad);

  z.zero_grad();
  tape.reset();
  Tensor<T> log_q(1, 3);
  log_q(0, 2) = std::numeric_limits<T>::infinity();  // the third column is an accidental hit: removed
  Var<T> sampled = sampled_softmax_loss(tape.param(z), tape.constant(log_q.view()));
  // row 0 ~ 0; row 1: columns {-100, 100} -> ~ 200
  CHECK(sampled.item() == doctest::Approx(200.0 / 2).epsilon(1e-6));
  tape.backward(sampled);
  check_finite(z.grad);
  CHECK(z.grad(1, 2) == 0);
}
