// Biased matrix factorisation for explicit ratings (Koren, Bell, Volinsky 2009):
//
//     r̂(u, i) = mu + b_u + b_i + p_u . q_i
//     L = 1/B Σ_r (r̂_r - y_r)^2  +  λ/B Σ_r (|p_u|^2 + |q_i|^2 + b_u^2 + b_i^2)
//
// mu is fixed at the training mean. By the chain rule through r̂, with
// e_r = r̂_r - y_r and d_r = dL/dr̂_r = 2 e_r / B (the squared error head,
// autodiff/loss_heads.hpp), each example r adds
//
//     dL/dp_u += d_r q_i + (2λ/B) p_u        dL/db_u += d_r + (2λ/B) b_u
//     dL/dq_i += d_r p_u + (2λ/B) q_i        dL/db_i += d_r + (2λ/B) b_i
//
// which FactorModel::add_pointwise_gradients applies, given every d_r.
#include "models/mf/mf.hpp"

#include <algorithm>

#include "autodiff/loss_heads.hpp"

namespace recgrad {

template <class T>
BiasedMf<T>::BiasedMf(const ModelConfig& config, Id num_users, Id num_items, std::uint64_t seed)
    : FactorModel<T>(config, {.user_bias = true, .global_offset = true}, num_users, num_items, seed) {}

template <class T>
Var<T> BiasedMf<T>::loss(Tape<T>& tape, const Batch<T>& batch) {
  const auto rows = this->gather(tape, batch.users, batch.items);
  const Var<T> pred = this->score(tape, rows);
  const Var<T> target = tape.constant(MatrixView<const T>{batch.targets.data(), {batch.size(), 1}});
  const Var<T> reg = scale(mean(this->squared_norms(rows)), static_cast<T>(this->config_.l2));
  return add(mse_loss(pred, target), reg);
}

template <class T>
T BiasedMf<T>::manual_gradients(const Batch<T>& batch) {
  const std::int64_t B = batch.size();
  this->score_batch(batch, false);
  const T fit = squared_error_head(this->scores_.data(), batch.targets.data(), B, T(1) / static_cast<T>(B),
                                   this->dloss_dscore_.data());
  return fit + this->add_pointwise_gradients(batch, this->dloss_dscore_) / static_cast<T>(B);
}

template <class T>
void BiasedMf<T>::predict(std::span<const Id> users, std::span<const Id> items, std::span<T> out) const {
  FactorModel<T>::predict(users, items, out);
  for (T& r : out) r = this->config_.clip_rating(r);
}

template class BiasedMf<float>;
template class BiasedMf<double>;

}  // namespace recgrad
