// Logistic matrix factorisation (Johnson 2014) with sampled negatives:
//
//     z(u, i) = b_u + b_i + p_u . q_i,       p(l_ui = 1) = σ(z)
//     L = 1/B Σ_r w_r [softplus(z_r) - y_r z_r]  +  λ/B Σ_r (|p_u|^2 + |q_i|^2 + b_u^2 + b_i^2)
//
// The batch holds observed pairs (y = 1, weight w = 1 + α r_ui, Johnson's confidence)
// and sampled unobserved pairs (y = 0, w = 1). softplus(z) - y z is the logistic
// loss -y log σ(z) - (1 - y) log(1 - σ(z)); its derivative is σ(z) - y, so with
// d_r = dL/dz_r = w_r (σ(z_r) - y_r) / B (the logistic head, autodiff/loss_heads.hpp)
// each example adds
//
//     dL/dp_u += d_r q_i + (2λ/B) p_u        dL/db_u += d_r + (2λ/B) b_u
//     dL/dq_i += d_r p_u + (2λ/B) q_i        dL/db_i += d_r + (2λ/B) b_i
//
// which FactorModel::add_pointwise_gradients applies, given every d_r.
#include "models/lmf/lmf.hpp"

#include "autodiff/loss_heads.hpp"

namespace recgrad {

template <class T>
LogisticMf<T>::LogisticMf(const ModelConfig& config, Id num_users, Id num_items, std::uint64_t seed)
    : FactorModel<T>(config, {.user_bias = true, .global_offset = false}, num_users, num_items, seed) {}

template <class T>
Var<T> LogisticMf<T>::loss(Tape<T>& tape, const Batch<T>& batch) {
  const Shape column{batch.size(), 1};
  const auto rows = this->gather(tape, batch.users, batch.items);
  const Var<T> z = this->score(tape, rows);
  const Var<T> labels = tape.constant(MatrixView<const T>{batch.targets.data(), column});
  const Var<T> fit = batch.weights.empty()
                         ? bce_with_logits_loss(z, labels)
                         : weighted_bce_with_logits_loss(z, labels, tape.constant(MatrixView<const T>{batch.weights.data(), column}));
  return add(fit, scale(mean(this->squared_norms(rows)), static_cast<T>(this->config_.l2)));
}

template <class T>
T LogisticMf<T>::manual_gradients(const Batch<T>& batch) {
  const std::int64_t B = batch.size();
  this->score_batch(batch, false);
  const T* weights = batch.weights.empty() ? nullptr : batch.weights.data();
  const T fit = logistic_head(this->scores_.data(), batch.targets.data(), weights, B, T(1) / static_cast<T>(B),
                              this->head_terms_.data(), this->dloss_dscore_.data());
  return fit + this->add_pointwise_gradients(batch, this->dloss_dscore_) / static_cast<T>(B);
}

template class LogisticMf<float>;
template class LogisticMf<double>;

}  // namespace recgrad
