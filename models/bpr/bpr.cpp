// Bayesian personalised ranking (Rendle et al. 2009) on the factor model without
// a user bias (it cancels in the difference):
//
//     s(u, i) = b_i + p_u . q_i,       x_r = s(u, i) - s(u, j)   (i observed, j sampled)
//     L = 1/B Σ_r -log σ(x_r)  +  λ/B Σ_r (|p_u|^2 + |q_i|^2 + |q_j|^2 + b_i^2 + b_j^2)
//
// d/dx [-log σ(x)] = -σ(-x), so with d_r = -σ(-x_r) / B (the BPR head,
// autodiff/loss_heads.hpp) each example adds
//
//     dL/dp_u += d_r (q_i - q_j) + (2λ/B) p_u
//     dL/dq_i += d_r p_u + (2λ/B) q_i           dL/db_i += d_r + (2λ/B) b_i
//     dL/dq_j += -d_r p_u + (2λ/B) q_j          dL/db_j += -d_r + (2λ/B) b_j
#include "models/bpr/bpr.hpp"

#include "autodiff/kernels/kernels.hpp"
#include "autodiff/loss_heads.hpp"

namespace recgrad {

template <class T>
Bpr<T>::Bpr(const ModelConfig& config, Id num_users, Id num_items, std::uint64_t seed)
    : FactorModel<T>(config, {.user_bias = false, .global_offset = false}, num_users, num_items, seed) {}

template <class T>
Var<T> Bpr<T>::loss(Tape<T>& tape, const Batch<T>& batch) {
  const auto pos = this->gather(tape, batch.users, batch.items);
  const Var<T> q_j = this->Q_(tape, batch.negatives);
  const Var<T> b_j = this->item_bias_(tape, batch.negatives);
  const Var<T> s_pos = this->score(tape, pos);
  const Var<T> s_neg = add(rowwise_dot(pos.p, q_j), b_j);
  const Var<T> norms = add(this->squared_norms(pos), add(rowwise_dot(q_j, q_j), mul(b_j, b_j)));
  return add(bpr_loss(s_pos, s_neg), scale(mean(norms), static_cast<T>(this->config_.l2)));
}

template <class T>
T Bpr<T>::manual_gradients(const Batch<T>& batch) {
  const std::int64_t B = batch.size(), k = this->config_.dim;
  const T lambda = static_cast<T>(this->config_.l2);
  const T reg_coef = 2 * lambda / static_cast<T>(B);
  // The loss and every d_r first, for the whole batch; then the chain rule.
  this->score_batch(batch, true);
  const T fit = bpr_head(this->scores_.data(), this->negative_scores_.data(), B, T(1) / static_cast<T>(B),
                         this->head_terms_.data(), this->dloss_dscore_.data());
  T penalty = 0;
  for (std::int64_t r = 0; r < B; ++r) {
    const Id u = batch.users[r], i = batch.items[r], j = batch.negatives[r];
    const T* p = this->P_.row(u);
    const T* qi = this->Q_.row(i);
    const T* qj = this->Q_.row(j);
    const T bi = this->item_bias_.row(i)[0], bj = this->item_bias_.row(j)[0];
    penalty += kernels::dot(p, p, k) + kernels::dot(qi, qi, k) + kernels::dot(qj, qj, k) + bi * bi + bj * bj;
    const T d = this->dloss_dscore_[r];
    this->P_.add_grad(u, d, qi);
    this->P_.add_grad(u, -d, qj);
    this->P_.add_grad(u, reg_coef, p);
    this->Q_.add_grad(i, d, p);
    this->Q_.add_grad(i, reg_coef, qi);
    this->Q_.add_grad(j, -d, p);
    this->Q_.add_grad(j, reg_coef, qj);
    this->item_bias_.add_grad(i, d + reg_coef * bi);
    this->item_bias_.add_grad(j, -d + reg_coef * bj);
  }
  return fit + lambda * penalty / static_cast<T>(B);
}

template class Bpr<float>;
template class Bpr<double>;

}  // namespace recgrad
