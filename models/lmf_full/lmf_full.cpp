#include "models/lmf_full/lmf_full.hpp"

#include <algorithm>
#include <cmath>

#include "autodiff/kernels/kernels.hpp"
#include "autodiff/loss_heads.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/random.hpp"

namespace recgrad {

template <class T>
LogisticMfFull<T>::LogisticMfFull(const ModelConfig& config, Id num_users, Id num_items, std::uint64_t seed)
    : config_(config),
      X_("user_factors", num_users, config.dim),
      Y_("item_factors", num_items, config.dim),
      user_bias_("user_bias", num_users, 1),
      item_bias_("item_bias", 1, num_items) {
  Rng rng(seed);
  for (T& x : X_.value) x = static_cast<T>(rng.normal(0.0, config.init_std));
  for (T& y : Y_.value) y = static_cast<T>(rng.normal(0.0, config.init_std));
  for (Param<T>* p : params()) sum_sq_.emplace_back(p->value.rows(), p->value.cols());
}

template <class T>
LogisticMfFull<T>::LogisticMfFull(const ModelConfig& config, const data::UserItems& positives, std::uint64_t seed)
    : LogisticMfFull(config, positives.num_users(), positives.num_items, seed) {
  set_positives(positives);
}

template <class T>
void LogisticMfFull<T>::set_positives(const data::UserItems& positives) {
  // Every pair starts unobserved: weight 1, label 0.
  weights_ = Tensor<T>(positives.num_users(), positives.num_items);
  labels_ = Tensor<T>(positives.num_users(), positives.num_items);
  std::fill(weights_.begin(), weights_.end(), T(1));
  const T alpha = static_cast<T>(config_.alpha);
  for (Id u = 0; u < positives.num_users(); ++u)
    for (const Id i : positives.of(u)) {
      weights_(u, i) = 1 + alpha;
      labels_(u, i) = alpha / (1 + alpha);
    }
}

template <class T>
void LogisticMfFull<T>::begin_sweeps(const data::UserItems& user_items, const data::UserItems&,
                                     const SweepSettings& settings) {
  set_positives(user_items);
  settings_ = settings;
}

template <class T>
NamedTensors<T> LogisticMfFull<T>::tensors() {
  NamedTensors<T> out;
  const std::vector<Param<T>*> ps = params();
  for (Param<T>* p : ps) out.emplace_back(p->name(), &p->value);
  for (std::size_t k = 0; k < ps.size(); ++k) out.emplace_back(ps[k]->name() + ".sum_sq", &sum_sq_[k]);
  return out;
}

template <class T>
Var<T> LogisticMfFull<T>::loss(Tape<T>& tape) {
  const Var<T> X = tape.param(X_), Y = tape.param(Y_);
  const Var<T> Z = add(add(matmul_nt(X, Y), tape.param(user_bias_)), tape.param(item_bias_));
  const Var<T> fit = weighted_bce_with_logits_loss(Z, tape.constant(labels_.view()), tape.constant(weights_.view()));
  const Var<T> likelihood = scale(fit, static_cast<T>(labels_.size()));  // the op's mean, times U I
  const Var<T> norms = add(sum(mul(X, X)), sum(mul(Y, Y)));
  return add(likelihood, scale(norms, static_cast<T>(config_.l2 / 2)));
}

template <class T>
T LogisticMfFull<T>::manual_gradients() {
  const T lambda = static_cast<T>(config_.l2);
  const std::int64_t U = labels_.rows(), I = labels_.cols(), k = config_.dim;
  // D: Z first, then dL/dZ in place. Both kept between sweeps: resize allocates only the first time.
  Tensor<T>& D = dz_;
  Tensor<T>& terms = terms_;
  D.resize(U, I);
  terms.resize(U, I);
  kernels::gemm_nt<T>(U, I, k, X_.value.data(), Y_.value.data(), D.data(), false);
  for (std::int64_t u = 0; u < U; ++u)
    for (std::int64_t i = 0; i < I; ++i) D(u, i) += user_bias_.value(u, 0) + item_bias_.value(0, i);
  const T total = logistic_head(D.data(), labels_.data(), weights_.data(), D.size(), T(1), terms.data(), D.data());
  for (std::int64_t u = 0; u < U; ++u)
    for (std::int64_t i = 0; i < I; ++i) {
      user_bias_.grad(u, 0) += D(u, i);  // dL/dβ_u = Σ_i D_ui
      item_bias_.grad(0, i) += D(u, i);  // dL/dβ_i = Σ_u D_ui
    }
  kernels::gemm_nn<T>(U, k, I, D.data(), Y_.value.data(), X_.grad.data(), true);  // += D Y
  kernels::gemm_tn<T>(I, k, U, D.data(), X_.value.data(), Y_.grad.data(), true);  // += Dᵀ X
  kernels::axpy(lambda, X_.value.data(), X_.grad.data(), X_.value.size());          // += λ X
  kernels::axpy(lambda, Y_.value.data(), Y_.grad.data(), Y_.value.size());          // += λ Y
  const T norms = kernels::dot(X_.value.data(), X_.value.data(), X_.value.size()) +
                  kernels::dot(Y_.value.data(), Y_.value.data(), Y_.value.size());
  return total + lambda / 2 * norms;
}

template <class T>
void LogisticMfFull<T>::adagrad(Param<T>& p, Tensor<T>& G, T lr) {
  for (std::int64_t k = 0; k < p.value.size(); ++k) {
    const T g = p.grad.data()[k];
    G.data()[k] += g * g;
    p.value.data()[k] -= lr * g / (std::sqrt(G.data()[k]) + T(1e-8));
  }
}

template <class T>
T LogisticMfFull<T>::sweep(T lr, bool manual) {
  const auto ps = param_array();  // not params(): a vector, allocated on every call
  T before = 0;
  for (int side = 0; side < 2; ++side) {  // 0: users move, 1: items move
    for (Param<T>* p : ps) p->zero_grad();
    T l;
    if (manual) {
      l = manual_gradients();
    } else {
      tape_.reset();
      const Var<T> v = loss(tape_);
      l = v.item();
      tape_.backward(v);
    }
    if (side == 0) before = l;
    const std::size_t first = side == 0 ? 0 : 1;  // X and β_u, or Y and β_i
    adagrad(*ps[first], sum_sq_[first], lr);
    adagrad(*ps[first + 2], sum_sq_[first + 2], lr);
  }
  return before;
}

template <class T>
void LogisticMfFull<T>::predict(std::span<const Id> users, std::span<const Id> items, std::span<T> out) const {
  for (std::size_t r = 0; r < users.size(); ++r)
    out[r] = kernels::dot(X_.value.row(users[r]), Y_.value.row(items[r]), config_.dim) +
             user_bias_.value(users[r], 0) + item_bias_.value(0, items[r]);
}

template <class T>
void LogisticMfFull<T>::score_users(Id first, Id count, std::span<T> out) const {
  const Id I = num_items();
  kernels::gemm_nt<T>(count, I, config_.dim, X_.value.row(first), Y_.value.data(), out.data(), false);
  for (Id r = 0; r < count; ++r)
    for (Id i = 0; i < I; ++i) out[static_cast<std::size_t>(r) * I + i] += user_bias_.value(first + r, 0) + item_bias_.value(0, i);
}

template class LogisticMfFull<float>;
template class LogisticMfFull<double>;

}  // namespace recgrad
