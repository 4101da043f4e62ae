// als: implicit-feedback matrix factorisation by alternating least squares
// (Hu, Koren & Volinsky 2008), with the conjugate-gradient inner solver of Takács,
// Pilászy & Tikk (2011). No autodiff here: the classic baseline, scored and
// evaluated through the same interfaces as every other model.
//
// Every user-item pair enters the loss; an observed pair has preference p = 1 and
// confidence c = 1 + alpha (--confidence rating: 1 + alpha r, r its rating; read r as 1
// below for the flat case), an unobserved one p = 0 and c = 1:
//
//     L = Σ_{u,i} c_ui (p_ui - x_u . y_i)^2 + λ (Σ_u |x_u|^2 + Σ_i |y_i|^2)
//
// With Y fixed, L is quadratic in each x_u, minimised where
//
//     (YᵀY + α Σ_{i∈I(u)} r_ui y_i y_iᵀ + λ I) x_u = Σ_{i∈I(u)} (1 + α r_ui) y_i
//
// YᵀY is the same for every user, so it is computed once per half-step (the paper's
// trick): each user then costs O(k^2 + |I(u)| k) per CG step instead of O(n k^2).
// A few CG steps from the previous x_u are enough, since x_u moves little between
// sweeps. Items are solved the same way with X fixed. Rows are independent: OpenMP
// shares them among threads.
#pragma once

#include <vector>

#include "autodiff/random.hpp"
#include "autodiff/tensor.hpp"
#include "data/user_items.hpp"
#include "models/als/cg_solve.hpp"
#include "models/model.hpp"

namespace recgrad {

struct AlsConfig {
  std::int64_t dim = 32;
  double l2 = 0.1;      // λ
  double alpha = 10.0;  // confidence of an observed pair is 1 + alpha
  int cg_steps = 3;
  double init_std = 0.01;
  // --confidence rating: 1 + alpha × the pair's rating instead (Hu et al.'s c = 1 + α r;
  // the lists must carry ratings, as the sweeps' do).
  bool confidence_by_rating = false;
};

class ImplicitAls final : public SweepModel<float> {
 public:
  ImplicitAls(const AlsConfig& config, Id num_users, Id num_items, std::uint64_t seed);

  // One alternating sweep: every user against the item factors, then every item
  // against the new user factors. `item_users` is `user_items` transposed.
  void sweep(const data::UserItems& user_items, const data::UserItems& item_users);

  // The sweeps of a run: sweep() is sweep(user_items, item_users) of begin_sweeps' lists.
  void begin_sweeps(const data::UserItems& user_items, const data::UserItems& item_users,
                    const SweepSettings& settings) override;
  void sweep() override { sweep(*user_items_, *item_users_); }
  NamedTensors<float> tensors() override { return {{"user_factors", &X_}, {"item_factors", &Y_}}; }
  Tensor<float> item_vectors() const override { return Y_; }

  std::string name() const override { return "als"; }
  Feedback feedback() const override { return Feedback::Pointwise; }
  void predict(std::span<const Id> users, std::span<const Id> items, std::span<float> out) const override;
  void score_users(Id first, Id count, std::span<float> out) const override;
  Id num_users() const override { return static_cast<Id>(X_.rows()); }
  Id num_items() const override { return static_cast<Id>(Y_.rows()); }

  Tensor<float>& user_factors() { return X_; }
  Tensor<float>& item_factors() { return Y_; }
  const AlsConfig& config() const { return config_; }

 private:
  // Solves every row of `X` against the fixed `Y`, rows of X listing their Y rows in `lists`.
  void solve_rows(Tensor<float>& X, const Tensor<float>& Y, const data::UserItems& lists);

  AlsConfig config_;
  Tensor<float> X_, Y_;
  // The sweeps' scratch, kept between them: YᵀY of the fixed side, and each thread's CG
  // vectors (solve_rows).
  Tensor<float> gram_;
  std::vector<CgScratch> scratch_;
  const data::UserItems* user_items_ = nullptr;
  const data::UserItems* item_users_ = nullptr;
};

}  // namespace recgrad
