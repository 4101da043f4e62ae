// A LightFM-style hybrid model (Kula 2015) trained with BPR (Rendle et al. 2009).
//
// A user's representation is the weighted sum of the embeddings of its features (its
// id, age bucket, gender, occupation), an item's likewise (its id, genres, decade),
// and an item bias is the sum of its features' biases:
//
//     q_u = sum_{f in F(u)} w_uf e_f       q_i = sum_{g in G(i)} w_ig e_g
//     b_i = sum_{g in G(i)} w_ig c_g       s(u, i) = q_u . q_i + b_i
//
// (a user bias would cancel in BPR's difference, so there is none). With j a sampled
// negative and x_r = s(u, i) - s(u, j), the loss is BPR's with the per-example L2
// penalty on the representations:
//
//     L = 1/B sum_r -log σ(x_r) + λ/B sum_r (|q_u|^2 + |q_i|^2 + |q_j|^2 + b_i^2 + b_j^2)
//
// With d_r = -σ(-x_r) / B (the BPR head, autodiff/loss_heads.hpp) and c = 2λ/B,
// example r sends the representations
//
//     dL/dq_u += d_r (q_i - q_j) + c q_u
//     dL/dq_i += d_r q_u + c q_i            dL/db_i += d_r + c b_i
//     dL/dq_j += -d_r q_u + c q_j           dL/db_j += -d_r + c b_j
//
// and a representation is linear in its features' embeddings, so each feature f of
// the row gets w_f times the row's gradient: dL/de_f += w_f dL/dq, dL/dc_f += w_f dL/db.
//
// Items never seen in training. Their id feature is never trained, so it must not
// decide their score. The item-id embeddings start at zero (metadata embeddings start
// random as usual) and an id embedding only moves when its item is in a batch; at
// hybrid's default --sampling-alpha (above 0, models/hybrid/spec.cpp) the negative
// sampler (data/negatives.hpp) draws only items that have training interactions. So
// the id embedding of an unseen item stays exactly zero and its representation is its
// metadata alone: masking without the model having to know which items were held out. For a trained item, the zero start costs nothing: q_i
// starts as its metadata's sum, and its id embedding learns what that sum misses.
//
// What the choices are worth on ML-100K's cold-start split (seed 0, AUC over the 168
// cold items, defaults otherwise): as above 0.709; id embeddings started at random
// like the others 0.679 (an untrained random vector is noise in a cold item's score);
// negatives drawn uniformly from every item, cold ones included, 0.554 (the cold items
// and their metadata are then only ever pushed down). A logistic loss on 4 sampled
// negatives per positive instead of BPR ranked the cold items no better (0.705; over
// seeds 0-2 0.707 against BPR's 0.711) at three times the epoch time, so BPR it is.
// Leaving the item id out of half the training pairs, so that the metadata learns to
// stand alone, gained 0.004 over three seeds, within their spread: not kept.
#include "models/hybrid/hybrid.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "autodiff/kernels/kernels.hpp"
#include "autodiff/loss_heads.hpp"

namespace recgrad {

namespace {

const data::FeatureMatrix& required(const data::FeatureMatrix* features, Id rows, const char* what) {
  if (features == nullptr || features->num_rows() != rows)
    throw std::invalid_argument(std::string("hybrid: needs a feature row for each of the ") + std::to_string(rows) +
                                " " + what);
  return *features;
}

}  // namespace

template <class T>
Hybrid<T>::Hybrid(const ModelConfig& config, const ModelData& data, std::uint64_t seed)
    : config_(config),
      rng_(seed),
      users_("user_features", required(data.user_features, data.num_users, "users"), config.dim, config.init_std, rng_),
      items_("item_features", required(data.item_features, data.num_items, "items"), config.dim, config.init_std, rng_),
      item_bias_("item_feature_bias", *data.item_features, 1, 0.0, rng_) {
  // Field 0 is the item id (data/features.hpp): its embeddings start at zero (see above).
  const data::FeatureField& ids = data.item_features->fields.at(0);
  for (Id f = ids.first; f < ids.first + ids.count; ++f) std::fill_n(items_.table().value.row(f), config.dim, T(0));
}

template <class T>
std::vector<Param<T>*> Hybrid<T>::params() {
  std::vector<Param<T>*> out;
  users_.collect_params(out);
  items_.collect_params(out);
  item_bias_.collect_params(out);
  return out;
}

template <class T>
Var<T> Hybrid<T>::loss(Tape<T>& tape, const Batch<T>& batch) {
  const Var<T> q_u = users_(tape, batch.users);
  const Var<T> q_i = items_(tape, batch.items);
  const Var<T> q_j = items_(tape, batch.negatives);
  const Var<T> b_i = item_bias_(tape, batch.items);
  const Var<T> b_j = item_bias_(tape, batch.negatives);
  const Var<T> s_pos = add(rowwise_dot(q_u, q_i), b_i);
  const Var<T> s_neg = add(rowwise_dot(q_u, q_j), b_j);
  const Var<T> norms = add(add(add(rowwise_dot(q_u, q_u), rowwise_dot(q_i, q_i)), rowwise_dot(q_j, q_j)),
                           add(mul(b_i, b_i), mul(b_j, b_j)));
  return add(bpr_loss(s_pos, s_neg), scale(mean(norms), static_cast<T>(config_.l2)));
}

template <class T>
T Hybrid<T>::manual_gradients(const Batch<T>& batch) {
  const std::int64_t B = batch.size(), k = config_.dim;
  const T lambda = static_cast<T>(config_.l2), c = 2 * lambda / static_cast<T>(B);
  ManualBuffers& m = manual_;
  for (std::vector<T>* v : {&m.q_u, &m.q_i, &m.q_j}) v->resize(static_cast<std::size_t>(B * k));
  for (std::vector<T>* v : {&m.b_i, &m.b_j, &m.s_pos, &m.s_neg, &m.terms, &m.d}) v->resize(static_cast<std::size_t>(B));
  m.d_u.resize(static_cast<std::size_t>(k));
  // Forward: every example's representations and scores; then the loss and every d_r.
  for (std::int64_t r = 0; r < B; ++r) {
    const std::span<T> qu(m.q_u.data() + r * k, static_cast<std::size_t>(k));
    const std::span<T> qi(m.q_i.data() + r * k, static_cast<std::size_t>(k));
    const std::span<T> qj(m.q_j.data() + r * k, static_cast<std::size_t>(k));
    users_.represent(batch.users[r], qu);
    items_.represent(batch.items[r], qi);
    items_.represent(batch.negatives[r], qj);
    item_bias_.represent(batch.items[r], {&m.b_i[r], 1});
    item_bias_.represent(batch.negatives[r], {&m.b_j[r], 1});
    m.s_pos[r] = kernels::dot(qu.data(), qi.data(), k) + m.b_i[r];
    m.s_neg[r] = kernels::dot(qu.data(), qj.data(), k) + m.b_j[r];
  }
  const T fit = bpr_head(m.s_pos.data(), m.s_neg.data(), B, T(1) / static_cast<T>(B), m.terms.data(), m.d.data());
  // Backward, example by example.
  T penalty = 0;
  for (std::int64_t r = 0; r < B; ++r) {
    const Id u = batch.users[r], i = batch.items[r], j = batch.negatives[r];
    const T* qu = m.q_u.data() + r * k;
    const T* qi = m.q_i.data() + r * k;
    const T* qj = m.q_j.data() + r * k;
    const T bi = m.b_i[r], bj = m.b_j[r], d = m.d[r];
    penalty += kernels::dot(qu, qu, k) + kernels::dot(qi, qi, k) + kernels::dot(qj, qj, k) + bi * bi + bj * bj;
    // dL/dq_u = d (q_i - q_j) + c q_u, gathered before the scatter.
    std::fill(m.d_u.begin(), m.d_u.end(), T(0));
    kernels::axpy(d, qi, m.d_u.data(), k);
    kernels::axpy(-d, qj, m.d_u.data(), k);
    kernels::axpy(c, qu, m.d_u.data(), k);
    users_.backward_row(u, T(1), m.d_u.data());
    items_.backward_row(i, d, qu);
    items_.backward_row(i, c, qi);
    items_.backward_row(j, -d, qu);
    items_.backward_row(j, c, qj);
    const T d_bi = d + c * bi, d_bj = -d + c * bj;
    item_bias_.backward_row(i, T(1), &d_bi);
    item_bias_.backward_row(j, T(1), &d_bj);
  }
  return fit + lambda * penalty / static_cast<T>(B);
}

template <class T>
void Hybrid<T>::predict(std::span<const Id> users, std::span<const Id> items, std::span<T> out) const {
  const std::int64_t k = config_.dim;
  std::vector<T> qu(static_cast<std::size_t>(k)), qi(static_cast<std::size_t>(k));
  for (std::size_t r = 0; r < users.size(); ++r) {
    users_.represent(users[r], qu);
    items_.represent(items[r], qi);
    T b = 0;
    item_bias_.represent(items[r], {&b, 1});
    out[r] = kernels::dot(qu.data(), qi.data(), k) + b;
  }
}

template <class T>
void Hybrid<T>::score_users(Id first, Id count, std::span<T> out) const {
  // Every item's representation is rebuilt per call (nnz x dim per item, small next to
  // the count x items x dim product), so scoring is safe from concurrent threads.
  const std::int64_t k = config_.dim, n = num_items();
  std::vector<T> item_rows(static_cast<std::size_t>(n * k)), user_rows(static_cast<std::size_t>(count * k));
  std::vector<T> bias(static_cast<std::size_t>(n));
  for (Id i = 0; i < n; ++i) {
    items_.represent(i, {item_rows.data() + i * k, static_cast<std::size_t>(k)});
    item_bias_.represent(i, {bias.data() + i, 1});
  }
  for (Id r = 0; r < count; ++r) users_.represent(first + r, {user_rows.data() + r * k, static_cast<std::size_t>(k)});
  kernels::gemm_nt<T>(count, n, k, user_rows.data(), item_rows.data(), out.data(), false);
  for (Id r = 0; r < count; ++r) kernels::axpy(T(1), bias.data(), out.data() + r * n, n);
}

template <class T>
Tensor<T> Hybrid<T>::item_vectors() const {
  Tensor<T> out(num_items(), config_.dim);
  for (Id i = 0; i < num_items(); ++i) items_.represent(i, {out.row(i), static_cast<std::size_t>(config_.dim)});
  return out;
}

template class Hybrid<float>;
template class Hybrid<double>;

}  // namespace recgrad
