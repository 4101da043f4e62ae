// The gradient checker and ReLU's kink: a coordinate whose nudges carry a relu input
// across 0 is skipped and counted; the others are still checked, and a wrong gradient
// is still caught.
#include <doctest/doctest.h>

#include "autodiff/gradcheck.hpp"
#include "autodiff/ops.hpp"

using namespace recgrad;

namespace {

// f(x) = sum(relu(x) .* c) for fixed weights c: x_0 sits 5e-4 from the kink, closer than
// the stencil's reach of 2h = 2e-3; x_1 and x_2 are far from it on either side.
struct KinkedGraph {
  Param<double> x{"x", 1, 3};
  KinkedGraph() {
    x.value(0, 0) = 5e-4;
    x.value(0, 1) = 0.7;
    x.value(0, 2) = -0.4;
  }
  Var<double> operator()(Tape<double>& t) {
    const double c[] = {1.5, -2.0, 0.5};
    return sum(mul(relu(t.param(x)), t.constant(MatrixView<const double>(c, Shape{1, 3}))));
  }
};

}  // namespace

TEST_CASE("gradcheck skips the coordinates whose nudges cross a ReLU kink, and checks the rest") {
  KinkedGraph g;
  const std::vector<Param<double>*> params = {&g.x};
  const GradCheckReport skipping = check_gradients(params, [&](Tape<double>& t) { return g(t); });
  REQUIRE(skipping.params.size() == 1);
  CHECK(skipping.params[0].coords_skipped == 1);
  CHECK(skipping.params[0].coords_checked == 2);
  CHECK(skipping.ok);

  // Without skipping, the quotient at x_0 straddles the kink and disagrees with relu's slope of 1.
  GradCheckOptions plain;
  plain.skip_kinks = false;
  const GradCheckReport straddling = check_gradients(params, [&](Tape<double>& t) { return g(t); }, plain);
  CHECK(straddling.params[0].coords_skipped == 0);
  CHECK(straddling.params[0].coords_checked == 3);
  CHECK_FALSE(straddling.ok);
}

TEST_CASE("gradcheck with kink skipping still catches a wrong gradient away from the kink") {
  // relu(x) times a copy of x taken in as data: backward misses half of d/dx relu(x)^2.
  Param<double> x("x", 1, 2);
  x.value(0, 0) = 0.8;
  x.value(0, 1) = 1.3;
  const std::vector<Param<double>*> params = {&x};
  const GradCheckReport report = check_gradients(params, [&](Tape<double>& t) {
    return sum(mul(relu(t.param(x)), t.constant(x.value.view())));
  });
  CHECK(report.params[0].coords_skipped == 0);
  CHECK_FALSE(report.ok);
}
