// Logistic matrix factorisation (Johnson 2014) with sampled negatives:
//
//     z(u, i) = b_u + b_i + p_u . q_i,       p(l_ui = 1) = σ(z)
//     L = 1/B Σ_r w_r [softplus(z_r) - y_r z_r]  +  λ/B Σ_r (|p_u|^2 + |q_i|^2 + b_u^2 + b_i^2)
//
// The batch holds observed pairs (y = 1, weight w = 1 + α r_ui, Johnson's confidence)
// and sampled unobserved pairs (y = 0, w = 1). softplus(z) - y z is the logistic
// loss -y log σ(z) - (1 - y) log(1 - σ(z)); its derivative is σ(z) - y, so with
// d_r = dL/dz_r = w_r (σ(z_r) - y_r) / B each example adds
//
//     dL/dp_u += d_r q_i + (2λ/B) p_u        dL/db_u += d_r + (2λ/B) b_u
//     dL/dq_i += d_r p_u + (2λ/B) q_i        dL/db_i += d_r + (2λ/B) b_i
//
// which FactorModel::add_pointwise_gradients applies, given every d_r.
#include "models/lmf/lmf.hpp"

#include "autodiff/kernels/kernels.hpp"

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
  // Every score, then softplus(z) and σ(z) for the whole batch in SIMD.
  auto& z = this->scores_;
  z.resize(static_cast<std::size_t>(B));
  this->predict(batch.users, batch.items, z);
  this->head_value_.resize(z.size());
  this->head_slope_.resize(z.size());
  kernels::softplus(z.data(), this->head_value_.data(), B);
  kernels::sigmoid(z.data(), this->head_slope_.data(), B);
  // l = softplus(z) - y z,  dl/dz = σ(z) - y, each weighted by w
  auto& d = this->dloss_dscore_;
  d.resize(z.size());
  T fit = 0;
  for (std::int64_t r = 0; r < B; ++r) {
    const T w = batch.weights.empty() ? T(1) : batch.weights[r], y = batch.targets[r];
    fit += w * (this->head_value_[r] - y * z[r]);
    d[r] = w * (this->head_slope_[r] - y) / static_cast<T>(B);
  }
  return (fit + this->add_pointwise_gradients(batch, d)) / static_cast<T>(B);
}

template class LogisticMf<float>;
template class LogisticMf<double>;

}  // namespace recgrad
