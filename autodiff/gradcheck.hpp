// Gradient checking: the tape's gradients against finite differences, in double.
//
// For any graph over any parameters: run it once forward and backward for the
// analytic gradient, then, coordinate by coordinate, nudge one parameter entry and
// re-run the forward pass only. The difference quotient is the truth; embedding
// tables are checked on the rows the batch touched plus one it did not (whose
// gradient must be exactly zero).
//
// A graph whose output is not 1 x 1 is checked through f = sum(seed .* output) with a
// fixed random seed matrix, so that every output element matters with a distinct weight.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "autodiff/param.hpp"
#include "autodiff/tape.hpp"

namespace recgrad {

struct GradCheckOptions {
  // Step for the difference quotient. The default five-point stencil
  //   f'(x) ≈ [f(x-2h) - 8 f(x-h) + 8 f(x+h) - f(x+2h)] / 12h
  // has error O(h^4): with h = 1e-3 in double, truncation and round-off both stay
  // near 1e-12 for well-scaled graphs. Inputs to kinked ops (relu) must stay more
  // than 2h away from the kink.
  double step = 1e-3;
  bool five_point = true;     // false: central differences [f(x+h) - f(x-h)] / 2h
  double tolerance = 1e-6;    // on the relative error below
  std::int64_t max_coords_per_param = 4096;  // sampled beyond this, from a fixed seed
  std::uint64_t seed = 1;
  // A coordinate whose nudges move some relu input across 0 sees the kink, not the
  // derivative: its difference quotient is meaningless. Such a coordinate is checked at a
  // point moved away from the kink instead: the coordinate shifted by k * 4h (k = 1, -1,
  // 2, -2, ... up to max_shifts, so the stencils never overlap; then the same with h / 10)
  // to the first point whose whole stencil stays on one side of every kink, where the
  // tape's gradient is recomputed.
  // Only when none is found is the coordinate skipped, and a skip counts against coverage.
  bool avoid_kinks = true;
  int max_shifts = 16;
  // Coverage: a parameter passes only when at least this fraction of its sampled
  // coordinates, and at least min(min_coords, its size) of them, were compared; a check
  // that skipped most coordinates has checked almost nothing.
  double min_coverage = 0.9;
  std::int64_t min_coords = 8;
};

// Per parameter: errors over the checked coordinates. The relative error is
// max |analytic - numeric| / max(max |analytic|, max |numeric|), i.e. measured
// against the size of that parameter's gradient (0 when both are exactly zero).
struct ParamCheck {
  std::string name;
  std::int64_t coords_sampled = 0;  // chosen for the check (see coordinates() in gradcheck.cpp)
  std::int64_t coords_checked = 0;  // of them, compared with finite differences
  std::int64_t coords_shifted = 0;  // of those, at a point moved away from a kink
  std::int64_t coords_skipped = 0;  // at a kink no shift escaped: not compared
  std::int64_t coords_required = 0;  // the coverage minimum for this parameter
  bool coverage_ok = true;           // coords_checked >= coords_required
  double max_abs_err = 0;
  double max_rel_err = 0;
  std::int64_t worst_index = -1;  // flat index of the largest absolute error
  double worst_analytic = 0;
  double worst_numeric = 0;
  bool ok = true;
};

struct GradCheckReport {
  std::vector<ParamCheck> params;
  double max_abs_err = 0;
  double max_rel_err = 0;
  bool ok = true;
};

using Graph = std::function<Var<double>(Tape<double>&)>;

// A parameter's whole gradient as a dense matrix: its dense part plus its sparse rows.
Tensor<double> dense_gradient(const Param<double>& p);

// max |a - b| / max(max |a|, max |b|): the relative error measure used throughout (0 for two zero matrices).
double relative_difference(const Tensor<double>& a, const Tensor<double>& b);

// The coverage minimum: max(ceil(min_coverage * sampled), min(min_coords, size)).
std::int64_t required_coords(std::int64_t sampled, std::int64_t size, const GradCheckOptions& options);

GradCheckReport check_gradients(std::span<Param<double>* const> params, const Graph& graph,
                                const GradCheckOptions& options = {});

}  // namespace recgrad
