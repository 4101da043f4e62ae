#include "models/common/factor_model.hpp"

#include "autodiff/kernels/kernels.hpp"

namespace recgrad {

template <class T>
FactorModel<T>::FactorModel(const ModelConfig& config, Parts parts, Id num_users, Id num_items, std::uint64_t seed)
    : config_(config),
      parts_(parts),
      rng_(seed),
      P_("user_factors", num_users, config.dim, config.init_std, rng_),
      Q_("item_factors", num_items, config.dim, config.init_std, rng_),
      item_bias_("item_bias", num_items, 1, 0.0, rng_) {
  if (parts.user_bias) user_bias_.emplace("user_bias", num_users, 1, 0.0, rng_);
}

template <class T>
std::vector<Param<T>*> FactorModel<T>::params() {
  std::vector<Param<T>*> out;
  P_.collect_params(out);
  Q_.collect_params(out);
  if (user_bias_) user_bias_->collect_params(out);
  item_bias_.collect_params(out);
  return out;
}

template <class T>
T FactorModel<T>::score(Id u, Id i) const {
  T s = kernels::dot(P_.row(u), Q_.row(i), config_.dim) + item_bias_.row(i)[0];
  if (user_bias_) s += user_bias_->row(u)[0];
  if (parts_.global_offset) s += static_cast<T>(config_.global_mean);
  return s;
}

template <class T>
void FactorModel<T>::predict(std::span<const Id> users, std::span<const Id> items, std::span<T> out) const {
  for (std::size_t r = 0; r < users.size(); ++r) out[r] = score(users[r], items[r]);
}

template <class T>
void FactorModel<T>::score_users(Id first, Id count, std::span<T> out) const {
  const Id items = num_items();
  kernels::gemm_nt<T>(count, items, config_.dim, P_.row(first), Q_.table().value.data(), out.data(), false);
  for (Id r = 0; r < count; ++r) {
    T offset = parts_.global_offset ? static_cast<T>(config_.global_mean) : T(0);
    if (user_bias_) offset += user_bias_->row(first + r)[0];
    T* row = out.data() + static_cast<std::int64_t>(r) * items;
    const T* b = item_bias_.table().value.data();
    for (Id i = 0; i < items; ++i) row[i] += b[i] + offset;
  }
}

template <class T>
typename FactorModel<T>::Rows FactorModel<T>::gather(Tape<T>& tape, std::span<const Id> users,
                                                     std::span<const Id> items) {
  Rows rows{P_(tape, users), Q_(tape, items), {}, item_bias_(tape, items)};
  if (user_bias_) rows.b_u = (*user_bias_)(tape, users);
  return rows;
}

template <class T>
Var<T> FactorModel<T>::score(Tape<T>& tape, const Rows& rows) {
  Var<T> s = add(rowwise_dot(rows.p, rows.q), rows.b_i);
  if (user_bias_) s = add(s, rows.b_u);
  if (parts_.global_offset) {
    Var<T> mu = tape.constant(Shape{1, 1});
    mu.value().data[0] = static_cast<T>(config_.global_mean);
    s = add(s, mu);
  }
  return s;
}

template <class T>
Var<T> FactorModel<T>::squared_norms(const Rows& rows) {
  Var<T> n = add(add(rowwise_dot(rows.p, rows.p), rowwise_dot(rows.q, rows.q)), mul(rows.b_i, rows.b_i));
  if (user_bias_) n = add(n, mul(rows.b_u, rows.b_u));
  return n;
}

template <class T>
void FactorModel<T>::score_batch(const Batch<T>& batch, bool with_negatives) {
  const auto B = static_cast<std::size_t>(batch.size());
  for (std::vector<T>* buffer : {&scores_, &head_terms_, &dloss_dscore_}) buffer->resize(B);
  FactorModel<T>::predict(batch.users, batch.items, scores_);
  if (!with_negatives) return;
  negative_scores_.resize(B);
  FactorModel<T>::predict(batch.users, batch.negatives, negative_scores_);
}

template <class T>
T FactorModel<T>::add_pointwise_gradients(const Batch<T>& batch, std::span<const T> dloss_dscore) {
  const std::int64_t B = batch.size(), k = config_.dim;
  const T lambda = static_cast<T>(config_.l2), reg_coef = 2 * lambda / static_cast<T>(B);
  T penalty = 0;
  for (std::int64_t r = 0; r < B; ++r) {
    const Id u = batch.users[r], i = batch.items[r];
    const T* p = P_.row(u);
    const T* q = Q_.row(i);
    const T bi = item_bias_.row(i)[0], d = dloss_dscore[r];
    penalty += kernels::dot(p, p, k) + kernels::dot(q, q, k) + bi * bi;
    P_.add_grad(u, d, q);         // d q_i
    P_.add_grad(u, reg_coef, p);  // + (2λ/B) p_u
    Q_.add_grad(i, d, p);
    Q_.add_grad(i, reg_coef, q);
    item_bias_.add_grad(i, d + reg_coef * bi);
    if (user_bias_) {
      const T bu = user_bias_->row(u)[0];
      penalty += bu * bu;
      user_bias_->add_grad(u, d + reg_coef * bu);
    }
  }
  return lambda * penalty;
}

template class FactorModel<float>;
template class FactorModel<double>;

}  // namespace recgrad
