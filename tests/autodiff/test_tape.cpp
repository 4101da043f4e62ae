// The tape's bookkeeping: values, gradient accumulation, reset, and misuse.
#include <doctest/doctest.h>

#include "autodiff/errors.hpp"
#include "autodiff/ops.hpp"

using namespace recgrad;

namespace {
Param<float> filled(const char* name, std::int64_t rows, std::int64_t cols, std::initializer_list<float> v) {
  Param<float> p(name, rows, cols);
  std::copy(v.begin(), v.end(), p.value.begin());
  return p;
}
}  // namespace

TEST_CASE("forward values of a small graph are the hand-computed ones") {
  Tape<float> tape;
  Param<float> a = filled("a", 2, 2, {1, 2, 3, 4});
  Param<float> b = filled("b", 2, 2, {5, 6, 7, 8});
  Var<float> c = matmul(tape.param(a), tape.param(b));  // [[19, 22], [43, 50]]
  CHECK(c.value()(0, 0) == 19);
  CHECK(c.value()(0, 1) == 22);
  CHECK(c.value()(1, 0) == 43);
  CHECK(c.value()(1, 1) == 50);
  CHECK(sum(c).item() == 134);
  CHECK(mean(c).item() == doctest::Approx(33.5));
}

TEST_CASE("a variable used twice receives the sum of both gradients") {
  Tape<double> tape;
  Param<double> x("x", 1, 1);
  x.value(0, 0) = 3;
  Var<double> v = tape.param(x);
  tape.backward(sum(add(mul(v, v), v)));  // d(x^2 + x)/dx = 2x + 1 = 7
  CHECK(x.grad(0, 0) == doctest::Approx(7));
}

TEST_CASE("parameter gradients accumulate across backward passes until zero_grad") {
  Tape<double> tape;
  Param<double> x("x", 1, 2);
  x.value(0, 0) = 1;
  x.value(0, 1) = 2;
  for (int pass = 1; pass <= 2; ++pass) {
    tape.reset();
    tape.backward(sum(scale(tape.param(x), 3.0)));
    CHECK(x.grad(0, 0) == doctest::Approx(3.0 * pass));
  }
  x.zero_grad();
  CHECK(x.grad(0, 0) == 0);
}

TEST_CASE("backward twice on one recording does not double intermediate gradients") {
  Tape<double> tape;
  Param<double> x("x", 1, 1);
  x.value(0, 0) = 2;
  Var<double> loss = sum(mul(tape.param(x), tape.param(x)));
  tape.backward(loss);
  tape.backward(loss);
  CHECK(x.grad(0, 0) == doctest::Approx(8));  // 2 * (2x) with x = 2
}

TEST_CASE("constants take no gradient and the graph records only what needs one") {
  Tape<float> tape;
  Tensor<float> data(2, 3);
  Var<float> c = tape.constant(data.view());
  Var<float> s = sum(c);
  CHECK_FALSE(s.requires_grad());
  tape.backward(s);  // nothing trainable upstream: a no-op, not an error
  CHECK(s.grad().data == nullptr);
}

TEST_CASE("reset forgets the recording and keeps the arena") {
  Tape<float> tape;
  Param<float> w("w", 64, 64);
  tape.backward(sum(matmul(tape.param(w), tape.param(w))));
  const std::size_t capacity = tape.arena().capacity_bytes();
  tape.reset();
  CHECK(tape.size() == 0);
  CHECK(tape.arena().used_bytes() == 0);
  CHECK(tape.arena().capacity_bytes() == capacity);
}

TEST_CASE("backward needs a 1 x 1 loss, or a seed of the output's shape") {
  Tape<float> tape;
  Param<float> w("w", 2, 2);
  Var<float> out = tape.param(w);
  CHECK_THROWS_AS(tape.backward(relu(out)), ShapeError);
  Tensor<float> wrong_seed(1, 2);
  CHECK_THROWS_AS(tape.backward(relu(out), wrong_seed.view()), ShapeError);
}

TEST_CASE("variables from two tapes do not mix") {
  Tape<float> t1, t2;
  Param<float> w("w", 2, 2);
  CHECK_THROWS_AS(add(t1.param(w), t2.param(w)), std::invalid_argument);
}
