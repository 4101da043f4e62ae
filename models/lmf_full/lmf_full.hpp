// lmf-full: logistic matrix factorisation in the paper's own form (Johnson 2014):
// every user-item pair enters the likelihood, and users and items take turns.
//
//     z_ui = x_u . y_i + β_u + β_i
//     L = Σ_{u,i} [ (1 + α r_ui) log(1 + e^{z_ui}) - α r_ui z_ui ] + λ/2 (Σ_u |x_u|^2 + Σ_i |y_i|^2)
//
// (the negative of the paper's log-likelihood). With D = (1 + αR) ⊙ σ(Z) - αR, the
// matrix of dL/dz_ui, the gradients are
//
//     dL/dX = D Y + λ X      dL/dβ_u = Σ_i D_ui      (a user step, items fixed)
//     dL/dY = Dᵀ X + λ Y     dL/dβ_i = Σ_u D_ui      (an item step, users fixed)
//
// Each sweep takes an AdaGrad step on the users, then one on the items. The gradient is
// taken twice: by the tape over the dense U x I matrix, and by hand from the formulas
// above, so the two can be compared term by term. Both get the per-pair loss and D from
// the one logistic head (autodiff/loss_heads.hpp). Dense: for small data only
// (ML-100K is 1.6 million pairs).
#pragma once

#include <array>

#include "autodiff/tape.hpp"
#include "data/user_items.hpp"
#include "models/model.hpp"

namespace recgrad {

template <class T>
class LogisticMfFull final : public SweepModel<T> {
 public:
  // Without positives until begin_sweeps brings the training matrix (a loaded model
  // scores without one).
  LogisticMfFull(const ModelConfig& config, Id num_users, Id num_items, std::uint64_t seed);
  LogisticMfFull(const ModelConfig& config, const data::UserItems& positives, std::uint64_t seed);

  // The sweeps of a run: sweep() is sweep(settings.lr, settings.manual_gradients).
  void begin_sweeps(const data::UserItems& user_items, const data::UserItems& item_users,
                    const SweepSettings& settings) override;
  void sweep() override { sweep(static_cast<T>(settings_.lr), settings_.manual_gradients); }
  // The parameters and their AdaGrad accumulators ("<parameter>.sum_sq").
  NamedTensors<T> tensors() override;
  Tensor<T> item_vectors() const override { return Y_.value; }

  std::string name() const override { return "lmf-full"; }
  Feedback feedback() const override { return Feedback::Pointwise; }
  void predict(std::span<const Id> users, std::span<const Id> items, std::span<T> out) const override;
  void score_users(Id first, Id count, std::span<T> out) const override;
  Id num_users() const override { return static_cast<Id>(X_.value.rows()); }
  Id num_items() const override { return static_cast<Id>(Y_.value.rows()); }

  // The whole loss on the tape; backward() fills all four parameters' gradients.
  Var<T> loss(Tape<T>& tape);
  // The same loss and gradients from the formulas above; returns L.
  T manual_gradients();

  // One alternating sweep of AdaGrad steps with learning rate lr, gradients from the
  // tape or by hand. Returns the loss before the user step.
  T sweep(T lr, bool manual);

  std::vector<Param<T>*> params() {
    const auto ps = param_array();
    return {ps.begin(), ps.end()};
  }

 private:
  // The parameters in params()'s order, which sum_sq_ follows.
  std::array<Param<T>*, 4> param_array() { return {&X_, &Y_, &user_bias_, &item_bias_}; }
  void adagrad(Param<T>& p, Tensor<T>& sum_sq, T lr);

  // weights_ and labels_ from the training positives.
  void set_positives(const data::UserItems& positives);

  ModelConfig config_;
  SweepSettings settings_;
  // The likelihood as a weighted logistic loss: w_ui = 1 + α r_ui and y_ui = α r_ui / w_ui
  // (r_ui: 1 for a training positive, 0 elsewhere), so w (softplus(z) - y z) is the
  // summand above.
  Tensor<T> weights_, labels_;
  Param<T> X_, Y_, user_bias_, item_bias_;  // user_bias_ [U x 1], item_bias_ [1 x I]
  std::vector<Tensor<T>> sum_sq_;  // AdaGrad accumulators, one per parameter
  Tensor<T> dz_, terms_;            // the hand-derived path's dL/dZ and per-pair losses, [U x I]
  Tape<T> tape_;
};

}  // namespace recgrad
