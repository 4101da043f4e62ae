#include "models/als/cg_solve.hpp"

#include <algorithm>

#include "autodiff/kernels/kernels.hpp"

namespace recgrad {

namespace {

// out = (G + λI) v + α Σ_{j ∈ rows} r_j (y_j . v) y_j : the system matrix times v, without forming it.
void apply_system(const RowSystem& s, const float* v, float* out) {
  const std::int64_t k = s.G.rows();
  kernels::gemm_nn<float>(1, k, k, v, s.G.data(), out, false);  // vᵀG = (Gv)ᵀ, G symmetric
  kernels::axpy(s.lambda, v, out, k);
  for (std::size_t n = 0; n < s.rows.size(); ++n) {
    const float* y = s.Y.row(s.rows[n]);
    kernels::axpy(s.alpha * s.rating(n) * kernels::dot(y, v, k), y, out, k);
  }
}

}  // namespace

int cg_solve_row(const RowSystem& s, int max_steps, float* x, CgScratch& scratch) {
  const std::int64_t k = s.G.rows();
  float *b = scratch.b.data(), *r = scratch.r.data(), *p = scratch.p.data(), *Ap = scratch.Ap.data();
  // b = Σ (1 + α r_j) y_j;  r = b - A x
  std::fill(b, b + k, 0.0f);
  for (std::size_t n = 0; n < s.rows.size(); ++n) kernels::axpy(1 + s.alpha * s.rating(n), s.Y.row(s.rows[n]), b, k);
  apply_system(s, x, Ap);
  for (std::int64_t d = 0; d < k; ++d) r[d] = p[d] = b[d] - Ap[d];
  float rs_old = kernels::dot(r, r, k);
  int step = 0;
  for (; step < max_steps && rs_old > 1e-12f; ++step) {
    apply_system(s, p, Ap);
    const float step_size = rs_old / kernels::dot(p, Ap, k);
    kernels::axpy(step_size, p, x, k);
    kernels::axpy(-step_size, Ap, r, k);
    const float rs_new = kernels::dot(r, r, k);
    kernels::scale_add(1.0f, r, rs_new / rs_old, p, k);  // p = r + (rs_new / rs_old) p
    rs_old = rs_new;
  }
  return step;
}

}  // namespace recgrad
