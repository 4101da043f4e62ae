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
  // derivative: its difference quotient is meaningless. Such coordinates are skipped
  // (and counted), so that models with many ReLUs check on any batch.
  bool skip_kinks = true;
};

// Per parameter: errors over the checked coordinates. The relative error is
// max |analytic - numeric| / max(max |analytic|, max |numeric|), i.e. measured
// against the size of that parameter's gradient (0 when both are exactly zero).
struct ParamCheck {
  std::string name;
  std::int64_t coords_checked = 0;
  std::int64_t coords_skipped = 0;  // at a kink (GradCheckOptions::skip_kinks), not checked
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

GradCheckReport check_gradients(std::span<Param<double>* const> params, const Graph& graph,
                                const GradCheckOptions& options = {});

}  // namespace recgrad
