#include "models/als/als.hpp"

#include <vector>

#include "autodiff/kernels/kernels.hpp"

namespace recgrad {

namespace {

// out = (G + λI) v + α Σ_{j ∈ rows} (y_j . v) y_j : the system matrix times v, without forming it.
void apply_system(const Tensor<float>& G, float lambda, float alpha, const Tensor<float>& Y,
                  std::span<const Id> rows, const float* v, float* out) {
  const std::int64_t k = G.rows();
  kernels::gemm_nn<float>(1, k, k, v, G.data(), out, false);  // vᵀG = (Gv)ᵀ, G symmetric
  kernels::axpy(lambda, v, out, k);
  for (const Id j : rows) kernels::axpy(alpha * kernels::dot(Y.row(j), v, k), Y.row(j), out, k);
}

}  // namespace

ImplicitAls::ImplicitAls(const AlsConfig& config, Id num_users, Id num_items, std::uint64_t seed)
    : config_(config), X_(num_users, config.dim), Y_(num_items, config.dim) {
  if (config.dim <= 0) throw std::invalid_argument("als: --dim must be positive");
  if (config.cg_steps <= 0) throw std::invalid_argument("als: cg_steps must be positive");
  Rng rng(seed);
  for (float& x : X_) x = static_cast<float>(rng.normal(0.0, config.init_std));
  for (float& y : Y_) y = static_cast<float>(rng.normal(0.0, config.init_std));
}

void ImplicitAls::begin_sweeps(const data::UserItems& user_items, const data::UserItems& item_users,
                               const SweepSettings&) {
  user_items_ = &user_items;
  item_users_ = &item_users;
}

void ImplicitAls::sweep(const data::UserItems& user_items, const data::UserItems& item_users) {
  solve_rows(X_, Y_, user_items);
  solve_rows(Y_, X_, item_users);
}

void ImplicitAls::solve_rows(Tensor<float>& X, const Tensor<float>& Y, const data::UserItems& lists) {
  const std::int64_t k = config_.dim;
  const auto lambda = static_cast<float>(config_.l2), alpha = static_cast<float>(config_.alpha);
  Tensor<float> G(k, k);
  kernels::gemm_tn<float>(k, k, Y.rows(), Y.data(), Y.data(), G.data(), false);  // YᵀY

#pragma omp parallel
  {
    std::vector<float> b(k), r(k), p(k), Ap(k);
#pragma omp for schedule(dynamic, 32)
    for (Id u = 0; u < X.rows(); ++u) {
      const auto rows = lists.of(u);
      float* x = X.row(u);
      // b = (1 + α) Σ y_j;  r = b - A x
      std::fill(b.begin(), b.end(), 0.0f);
      for (const Id j : rows) kernels::axpy(1 + alpha, Y.row(j), b.data(), k);
      apply_system(G, lambda, alpha, Y, rows, x, Ap.data());
      for (std::int64_t d = 0; d < k; ++d) r[d] = p[d] = b[d] - Ap[d];
      float rs_old = kernels::dot(r.data(), r.data(), k);
      for (int step = 0; step < config_.cg_steps && rs_old > 1e-12f; ++step) {
        apply_system(G, lambda, alpha, Y, rows, p.data(), Ap.data());
        const float step_size = rs_old / kernels::dot(p.data(), Ap.data(), k);
        kernels::axpy(step_size, p.data(), x, k);
        kernels::axpy(-step_size, Ap.data(), r.data(), k);
        const float rs_new = kernels::dot(r.data(), r.data(), k);
        kernels::scale_add(1.0f, r.data(), rs_new / rs_old, p.data(), k);  // p = r + (rs_new / rs_old) p
        rs_old = rs_new;
      }
    }
  }
}

void ImplicitAls::predict(std::span<const Id> users, std::span<const Id> items, std::span<float> out) const {
  for (std::size_t r = 0; r < users.size(); ++r) out[r] = kernels::dot(X_.row(users[r]), Y_.row(items[r]), config_.dim);
}

void ImplicitAls::score_users(Id first, Id count, std::span<float> out) const {
  kernels::gemm_nt<float>(count, Y_.rows(), config_.dim, X_.row(first), Y_.data(), out.data(), false);
}

}  // namespace recgrad
