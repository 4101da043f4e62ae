// Lesson 1: what a reverse-mode autodiff tape computes, checked three ways.
//
// The model is logistic regression on six points in the plane:
//
//     z_i = w . x_i + b,        p_i = σ(z_i) = 1 / (1 + e^{-z_i})
//     L   = (1/n) Σ_i  -y_i log p_i - (1 - y_i) log(1 - p_i)
//
// Written with the softplus function s(z) = log(1 + e^z), the loss per point is
// s(z_i) - y_i z_i, and since s'(z) = σ(z), the chain rule gives by hand
//
//     dL/dz_i = (σ(z_i) - y_i) / n
//     dL/dw   = Σ_i dL/dz_i x_i   =  Xᵀ (p - y) / n
//     dL/db   = Σ_i dL/dz_i       =  mean(p - y)
//
// The tape records z = X·w, z + b and the loss as three nodes; backward() walks them
// from the loss to the parameters, each node applying its own local rule. We print
// the gradient from the tape, the one from the formulas above, and the one from
// finite differences (nudge a weight, re-run the forward pass), then take a few
// gradient steps and watch the loss fall.
//
// Everything runs in double so that the three columns agree to ~1e-10 or better.
//
// Expected output of `example_01_autodiff_basics` (as CTest runs it; six fixed points, no data set),
// abridged with "…":
//
//     nodes on the tape: 7, loss = 0.651363
//
//                         tape         by hand
//     dL/dw0     -0.1044135622   -0.1044135622
//     dL/dw1     -0.0519199881   -0.0519199881
//     dL/db       0.0558016007    0.0558016007
//
//     finite differences vs tape, worst relative error per parameter:
//       parameter  rel. error
//       w            9.65e-13  ok
//       b            1.52e-12  ok
//
//     gradient descent, learning rate 2:
//       step   0  loss 0.6514
//       step  50  loss 0.1747
//       step 100  loss 0.1036
//       step 150  loss 0.0745
//       step 200  loss 0.0585
//     learned w = (9.82, 3.20), b = -6.80
//
// Exits non-zero when the tape, the formulas or finite differences disagree.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "autodiff/gradcheck.hpp"
#include "autodiff/ops.hpp"
#include "lesson.hpp"

using namespace recgrad;

int main() {
  // Six points: the label is 1 roughly when x0 + x1 > 1.
  const double points[6][2] = {{0.1, 0.2}, {0.9, 0.8}, {0.4, 0.3}, {0.7, 0.9}, {0.2, 0.6}, {0.8, 0.4}};
  const double labels[6] = {0, 1, 0, 1, 0, 1};
  Tensor<double> X(6, 2), y(6, 1);
  for (int i = 0; i < 6; ++i) {
    X(i, 0) = points[i][0];
    X(i, 1) = points[i][1];
    y(i, 0) = labels[i];
  }

  Param<double> w("w", 2, 1), b("b", 1, 1);
  w.value(0, 0) = 0.5;
  w.value(1, 0) = -0.25;
  b.value(0, 0) = 0.1;

  // The forward pass, recorded on a tape. `tape.param` reads a parameter in place;
  // `tape.constant` copies data that takes no gradient.
  auto forward = [&](Tape<double>& tape) {
    Var<double> z = add(matmul(tape.constant(X.view()), tape.param(w)), tape.param(b));  // [6 x 1], b broadcasts
    return bce_with_logits_loss(z, tape.constant(y.view()));
  };

  Tape<double> tape;
  Var<double> loss = forward(tape);
  std::printf("nodes on the tape: %zu, loss = %.6f\n", tape.size(), loss.item());
  tape.backward(loss);  // fills w.grad and b.grad

  // The same gradient from the formulas in the header comment.
  double manual_w[2] = {0, 0}, manual_b = 0;
  for (int i = 0; i < 6; ++i) {
    const double z = w.value(0, 0) * X(i, 0) + w.value(1, 0) * X(i, 1) + b.value(0, 0);
    const double dz = (1 / (1 + std::exp(-z)) - y(i, 0)) / 6;
    manual_w[0] += dz * X(i, 0);
    manual_w[1] += dz * X(i, 1);
    manual_b += dz;
  }

  const double by_hand_gap = std::max({std::abs(w.grad(0, 0) - manual_w[0]), std::abs(w.grad(1, 0) - manual_w[1]),
                                       std::abs(b.grad(0, 0) - manual_b)});
  if (by_hand_gap > 1e-12) {
    std::printf("tape and hand-derived gradients differ by %.2e\n", by_hand_gap);
    return 1;
  }

  // And from finite differences, through the library's checker.
  const std::vector<Param<double>*> params = {&w, &b};
  const GradCheckReport check = check_gradients(params, forward);

  std::printf("\n");
  const lesson::Table values({{"", 8, true}, {"tape", 14}, {"by hand", 14}});
  values.row({"dL/dw0", lesson::fixed(w.grad(0, 0), 10), lesson::fixed(manual_w[0], 10)});
  values.row({"dL/dw1", lesson::fixed(w.grad(1, 0), 10), lesson::fixed(manual_w[1], 10)});
  values.row({"dL/db", lesson::fixed(b.grad(0, 0), 10), lesson::fixed(manual_b, 10)});
  std::printf("\nfinite differences vs tape, worst relative error per parameter:\n");
  const lesson::Table errors({{"parameter", 9, true}, {"rel. error", 10}, {"", 6, true}}, "  ");
  for (const ParamCheck& p : check.params) errors.row({p.name, lesson::sci(p.max_rel_err, 2), p.ok ? "ok" : "FAILED"});

  // Gradient descent: w <- w - lr * dL/dw. Each step records a fresh graph.
  std::printf("\ngradient descent, learning rate 2:\n");
  for (int step = 0; step <= 200; ++step) {
    tape.reset();
    w.zero_grad();
    b.zero_grad();
    Var<double> l = forward(tape);
    tape.backward(l);
    if (step % 50 == 0) std::printf("  step %3d  loss %.4f\n", step, l.item());
    for (int k = 0; k < 2; ++k) w.value(k, 0) -= 2 * w.grad(k, 0);
    b.value(0, 0) -= 2 * b.grad(0, 0);
  }
  std::printf("learned w = (%.2f, %.2f), b = %.2f\n", w.value(0, 0), w.value(1, 0), b.value(0, 0));
  return check.ok ? 0 : 1;
}
