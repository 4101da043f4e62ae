#include "models/als/als.hpp"

#include <omp.h>

#include "autodiff/kernels/kernels.hpp"
#include "models/als/cg_solve.hpp"

namespace recgrad {

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
  // Lists without ratings would weigh every pair alike without a word.
  if (config_.confidence_by_rating && (user_items.ratings.size() != user_items.items.size() ||
                                       item_users.ratings.size() != item_users.items.size()))
    throw std::logic_error("als --confidence rating: the interaction lists carry no ratings");
  solve_rows(X_, Y_, user_items);
  solve_rows(Y_, X_, item_users);
}

void ImplicitAls::solve_rows(Tensor<float>& X, const Tensor<float>& Y, const data::UserItems& lists) {
  const std::int64_t k = config_.dim;
  const auto lambda = static_cast<float>(config_.l2), alpha = static_cast<float>(config_.alpha);
  // YᵀY and each thread's CG scratch live in members, so that repeated sweeps do not allocate.
  gram_.resize(k, k);
  kernels::gemm_tn<float>(k, k, Y.rows(), Y.data(), Y.data(), gram_.data(), false);
  while (scratch_.size() < static_cast<std::size_t>(omp_get_max_threads())) scratch_.emplace_back(k);
  const Tensor<float>& G = gram_;

#pragma omp parallel
  {
    CgScratch& scratch = scratch_[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(dynamic, 32)
    for (Id u = 0; u < X.rows(); ++u) {
      const std::span<const float> ratings = config_.confidence_by_rating ? lists.ratings_of(u) : std::span<const float>{};
      cg_solve_row({G, Y, lists.of(u), lambda, alpha, ratings}, config_.cg_steps, X.row(u), scratch);
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
