// The inner solve of implicit ALS: one row's normal equations by conjugate gradients,
// warm-started from the row's current value and capped at a few steps, as Takács,
// Pilászy & Tikk (2011) do. Its own entry so that a test can hold it against an exact
// solve; ImplicitAls::solve_rows calls it for every row.
#pragma once

#include <span>
#include <vector>

#include "autodiff/tensor.hpp"
#include "autodiff/param.hpp"

namespace recgrad {

// The system of one row with Y fixed: A = G + λI + α Σ_{j∈rows} r_j y_j y_jᵀ with G = YᵀY,
// b = Σ_{j∈rows} (1 + α r_j) y_j, r_j the pair's rating or 1 for every pair (als.hpp derives it).
struct RowSystem {
  const Tensor<float>& G;  // k x k, YᵀY
  const Tensor<float>& Y;  // the fixed side's factors, one row per j
  std::span<const Id> rows;
  float lambda, alpha;
  std::span<const float> ratings = {};  // r_j beside rows; empty: 1 for every pair
  float rating(std::size_t n) const { return ratings.empty() ? 1.0f : ratings[n]; }
};

// Scratch for cg_solve_row, k floats each: one per thread, reused across rows.
struct CgScratch {
  explicit CgScratch(std::int64_t k) : b(k), r(k), p(k), Ap(k) {}
  std::vector<float> b, r, p, Ap;
};

// A x = b by at most `max_steps` CG steps from the `k` values at `x`, which it updates;
// stops early once |r|^2 <= 1e-12. Returns the number of steps taken.
int cg_solve_row(const RowSystem& system, int max_steps, float* x, CgScratch& scratch);

}  // namespace recgrad
