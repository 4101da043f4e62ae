#include "autodiff/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "autodiff/random.hpp"

namespace recgrad {

namespace {

// Which side of its kink every input of a kinked op (Node::kink_at_zero) is on (x > 0),
// in node order.
std::vector<bool> kink_sides(Tape<double>& tape) {
  std::vector<bool> sides;
  for (std::int32_t id = 0; id < static_cast<std::int32_t>(tape.size()); ++id) {
    const Node<double>& n = tape.node(id);
    if (!n.kink_at_zero) continue;
    const MatrixView<double> x = tape.input(n, 0).value;
    for (std::int64_t i = 0; i < x.size(); ++i) sides.push_back(x.data[i] > 0);
  }
  return sides;
}

// f(θ) = sum(seed .* graph(θ)), on a fresh recording; `crossed` is set when a relu input
// is on the other side of its kink than in the unperturbed recording (`sides`).
double evaluate(Tape<double>& tape, const Graph& graph, const Tensor<double>& seed,
                const std::vector<bool>& sides = {}, bool* crossed = nullptr) {
  tape.reset();
  const MatrixView<double> out = graph(tape).value();
  double f = 0;
  for (std::int64_t i = 0; i < out.size(); ++i) f += seed.data()[i] * out.data[i];
  if (crossed != nullptr && !sides.empty() && kink_sides(tape) != sides) *crossed = true;
  return f;
}

// Which flat indices to check: all of a small parameter; otherwise a seeded sample.
// For tables, only the rows the batch touched, plus one untouched row when there is one.
std::vector<std::int64_t> coordinates(const Param<double>& p, const GradCheckOptions& o, Rng& rng) {
  std::vector<std::int64_t> coords;
  const std::int64_t cols = p.value.cols();
  if (p.is_table()) {
    std::vector<Id> rows(p.sparse_grad.rows().begin(), p.sparse_grad.rows().end());
    for (Id r = 0; r < p.value.rows(); ++r)
      if (std::find(rows.begin(), rows.end(), r) == rows.end()) {
        rows.push_back(r);
        break;
      }
    for (Id r : rows)
      for (std::int64_t c = 0; c < cols; ++c) coords.push_back(r * cols + c);
  } else {
    coords.resize(static_cast<std::size_t>(p.value.size()));
    std::iota(coords.begin(), coords.end(), 0);
  }
  if (static_cast<std::int64_t>(coords.size()) > o.max_coords_per_param) {
    for (std::size_t i = 0; i < static_cast<std::size_t>(o.max_coords_per_param); ++i)
      std::swap(coords[i], coords[i + rng.below(coords.size() - i)]);
    coords.resize(static_cast<std::size_t>(o.max_coords_per_param));
  }
  return coords;
}

double numeric_derivative(Tape<double>& tape, const Graph& graph, const Tensor<double>& seed,
                          double& x, const GradCheckOptions& o, const std::vector<bool>& sides, bool& crossed) {
  const double x0 = x, h = o.step;
  auto f_at = [&](double delta) {
    x = x0 + delta;
    return evaluate(tape, graph, seed, sides, &crossed);
  };
  double d;
  if (o.five_point)
    d = (f_at(-2 * h) - 8 * f_at(-h) + 8 * f_at(h) - f_at(2 * h)) / (12 * h);
  else
    d = (f_at(h) - f_at(-h)) / (2 * h);
  x = x0;
  return d;
}

}  // namespace

Tensor<double> dense_gradient(const Param<double>& p) {
  Tensor<double> g(p.value.rows(), p.value.cols());
  if (p.has_dense_grad()) g = p.grad;
  const auto rows = p.sparse_grad.rows();
  const MatrixView<const double> values = p.sparse_grad.values();
  for (std::size_t s = 0; s < rows.size(); ++s)
    for (std::int64_t c = 0; c < g.cols(); ++c) g(rows[s], c) += values(static_cast<std::int64_t>(s), c);
  return g;
}

double relative_difference(const Tensor<double>& a, const Tensor<double>& b) {
  double worst = 0, scale = 0;
  for (std::int64_t i = 0; i < a.size(); ++i) {
    const double d = std::abs(a.data()[i] - b.data()[i]);
    worst = std::isfinite(d) ? std::max(worst, d) : HUGE_VAL;
    scale = std::max({scale, std::abs(a.data()[i]), std::abs(b.data()[i])});
  }
  return scale > 0 ? worst / scale : worst;
}

GradCheckReport check_gradients(std::span<Param<double>* const> params, const Graph& graph,
                                const GradCheckOptions& options) {
  Rng rng(options.seed);
  Tape<double> tape;

  // Analytic pass. The seed matrix is fixed here and reused by every evaluation.
  for (Param<double>* p : params) p->zero_grad();
  Var<double> out = graph(tape);
  const std::vector<bool> sides = options.skip_kinks ? kink_sides(tape) : std::vector<bool>{};
  Tensor<double> seed(out.shape().rows, out.shape().cols);
  if (out.shape() == Shape{1, 1})
    seed(0, 0) = 1;
  else
    for (double& s : seed) s = rng.uniform(-1.0, 1.0);
  tape.backward(out, seed.view());

  GradCheckReport report;
  for (Param<double>* p : params) {
    const Tensor<double> analytic = dense_gradient(*p);
    ParamCheck check;
    check.name = p->name();
    double scale = 0;
    for (std::int64_t i : coordinates(*p, options, rng)) {
      const double a = analytic.data()[i];
      bool crossed = false;
      const double n = numeric_derivative(tape, graph, seed, p->value.data()[i], options, sides, crossed);
      if (crossed) {
        ++check.coords_skipped;
        // Still part of the gradient's size: without it, a parameter whose every touched
        // coordinate sits at a kink is judged by round-off on its untouched row alone.
        scale = std::max(scale, std::abs(a));
        continue;
      }
      const double err = std::isfinite(a) && std::isfinite(n) ? std::abs(a - n) : HUGE_VAL;
      scale = std::max({scale, std::abs(a), std::abs(n)});
      if (err > check.max_abs_err || check.worst_index < 0) {
        check.max_abs_err = err;
        check.worst_index = i;
        check.worst_analytic = a;
        check.worst_numeric = n;
      }
      ++check.coords_checked;
    }
    check.max_rel_err = scale > 0 ? check.max_abs_err / scale : check.max_abs_err;
    check.ok = std::isfinite(check.max_rel_err) && check.max_rel_err <= options.tolerance;
    report.max_abs_err = std::max(report.max_abs_err, check.max_abs_err);
    report.max_rel_err = std::max(report.max_rel_err, check.max_rel_err);
    report.ok = report.ok && check.ok;
    report.params.push_back(std::move(check));
  }
  tape.reset();
  return report;
}

}  // namespace recgrad
