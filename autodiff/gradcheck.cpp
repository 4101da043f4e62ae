#include "autodiff/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <optional>

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
// For tables, the rows the batch touched plus one untouched row when there is one (its
// gradient must be exactly zero), and more untouched rows while fewer than
// min(min_coords, size) coordinates are chosen, so that a narrow table meets the
// coverage minimum with coordinates that exist.
std::vector<std::int64_t> coordinates(const Param<double>& p, const GradCheckOptions& o, Rng& rng) {
  std::vector<std::int64_t> coords;
  const std::int64_t cols = p.value.cols();
  if (p.is_table()) {
    std::vector<Id> rows(p.sparse_grad.rows().begin(), p.sparse_grad.rows().end());
    const std::size_t touched = rows.size();
    const std::int64_t wanted = std::min(o.min_coords, p.value.size());
    for (Id r = 0; r < p.value.rows(); ++r) {
      const bool enough = rows.size() > touched && static_cast<std::int64_t>(rows.size()) * cols >= wanted;
      if (enough) break;
      if (std::find(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(touched), r) ==
          rows.begin() + static_cast<std::ptrdiff_t>(touched))
        rows.push_back(r);
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

// What one check needs at hand: the graph, its seed, the parameters and a tape to record on.
struct CheckContext {
  std::span<Param<double>* const> params;
  const Graph& graph;
  const Tensor<double>& seed;
  Tape<double>& tape;
  const GradCheckOptions& options;
};

// Every parameter's gradient of sum(seed .* graph) at the parameters' current values.
std::vector<Tensor<double>> analytic_gradients(const CheckContext& c) {
  for (Param<double>* p : c.params) p->zero_grad();
  c.tape.reset();
  const Var<double> out = c.graph(c.tape);
  c.tape.backward(out, c.seed.view());
  std::vector<Tensor<double>> grads;
  for (const Param<double>* p : c.params) grads.push_back(dense_gradient(*p));
  return grads;
}

struct Derivatives {
  double analytic, numeric;
};

// Coordinate `i` of `p` moved to x0 + k * 4h (k = 1, -1, 2, -2, ...) until the stencil
// around it stays on one side of every kink; the tape's and the numeric derivative there.
// Where kinks lie closer together than the stencil is wide (an embedding row shared by
// half the batch moves thousands of ReLU inputs), the same again with a step ten times
// smaller, still far above round-off. None when every move still crosses a kink. The
// value is restored either way.
std::optional<Derivatives> away_from_kinks(const CheckContext& c, std::size_t param, std::int64_t i) {
  double& x = c.params[param]->value.data()[i];
  const double x0 = x;
  std::optional<Derivatives> found;
  for (const double step : {c.options.step, c.options.step / 10}) {
    GradCheckOptions finer = c.options;
    finer.step = step;
    for (int k = 1; k <= c.options.max_shifts && !found; ++k)
      for (const int sign : {1, -1}) {
        x = x0 + sign * k * 4 * step;
        evaluate(c.tape, c.graph, c.seed);
        const std::vector<bool> sides = kink_sides(c.tape);
        bool crossed = false;
        const double n = numeric_derivative(c.tape, c.graph, c.seed, x, finer, sides, crossed);
        if (crossed) continue;
        found = Derivatives{analytic_gradients(c)[param].data()[i], n};
        break;
      }
    if (found) break;
  }
  x = x0;
  return found;
}

// The check of one parameter: every sampled coordinate's difference quotient against the
// analytic gradient, at a point away from the kinks where the unperturbed one is too near.
ParamCheck check_param(const CheckContext& c, std::size_t param, const Tensor<double>& analytic,
                       const std::vector<std::int64_t>& coords, const std::vector<bool>& sides) {
  Param<double>& p = *c.params[param];
  ParamCheck check;
  check.name = p.name();
  check.coords_sampled = static_cast<std::int64_t>(coords.size());
  double scale = 0;
  for (const std::int64_t i : coords) {
    bool crossed = false;
    Derivatives d{analytic.data()[i], numeric_derivative(c.tape, c.graph, c.seed, p.value.data()[i], c.options,
                                                          sides, crossed)};
    if (crossed) {
      const std::optional<Derivatives> moved = away_from_kinks(c, param, i);
      // Still part of the gradient's size when skipped: without it, a parameter whose every
      // touched coordinate sits at a kink is judged by round-off on its untouched row alone.
      scale = std::max(scale, std::abs(d.analytic));
      if (!moved) {
        ++check.coords_skipped;
        continue;
      }
      d = *moved;
      ++check.coords_shifted;
    }
    const double err = std::isfinite(d.analytic) && std::isfinite(d.numeric) ? std::abs(d.analytic - d.numeric)
                                                                              : HUGE_VAL;
    scale = std::max({scale, std::abs(d.analytic), std::abs(d.numeric)});
    if (err > check.max_abs_err || check.worst_index < 0) {
      check.max_abs_err = err;
      check.worst_index = i;
      check.worst_analytic = d.analytic;
      check.worst_numeric = d.numeric;
    }
    ++check.coords_checked;
  }
  check.max_rel_err = scale > 0 ? check.max_abs_err / scale : check.max_abs_err;
  check.coords_required = required_coords(check.coords_sampled, p.value.size(), c.options);
  check.coverage_ok = check.coords_checked >= check.coords_required;
  check.ok = check.coverage_ok && std::isfinite(check.max_rel_err) && check.max_rel_err <= c.options.tolerance;
  return check;
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

std::int64_t required_coords(std::int64_t sampled, std::int64_t size, const GradCheckOptions& options) {
  const auto fraction = static_cast<std::int64_t>(std::ceil(options.min_coverage * static_cast<double>(sampled)));
  return std::max(fraction, std::min(options.min_coords, size));
}

GradCheckReport check_gradients(std::span<Param<double>* const> params, const Graph& graph,
                                const GradCheckOptions& options) {
  Rng rng(options.seed);
  Tape<double> tape;

  // Analytic pass. The seed matrix is fixed here and reused by every evaluation.
  for (Param<double>* p : params) p->zero_grad();
  Var<double> out = graph(tape);
  const std::vector<bool> sides = options.avoid_kinks ? kink_sides(tape) : std::vector<bool>{};
  Tensor<double> seed(out.shape().rows, out.shape().cols);
  if (out.shape() == Shape{1, 1})
    seed(0, 0) = 1;
  else
    for (double& s : seed) s = rng.uniform(-1.0, 1.0);
  tape.backward(out, seed.view());

  // Taken before any coordinate is checked: a check away from a kink re-runs backward.
  std::vector<Tensor<double>> analytic;
  std::vector<std::vector<std::int64_t>> coords;
  for (const Param<double>* p : params) {
    analytic.push_back(dense_gradient(*p));
    coords.push_back(coordinates(*p, options, rng));
  }
  const CheckContext context{params, graph, seed, tape, options};
  GradCheckReport report;
  bool moved = false;
  for (std::size_t k = 0; k < params.size(); ++k) {
    ParamCheck check = check_param(context, k, analytic[k], coords[k], sides);
    moved = moved || check.coords_shifted > 0;
    report.max_abs_err = std::max(report.max_abs_err, check.max_abs_err);
    report.max_rel_err = std::max(report.max_rel_err, check.max_rel_err);
    report.ok = report.ok && check.ok;
    report.params.push_back(std::move(check));
  }
  // Leave the parameters' gradients as the unperturbed point gave them, as callers expect.
  if (moved) analytic_gradients(context);
  tape.reset();
  return report;
}

}  // namespace recgrad
