// Wide & deep's hand-derived gradient (the tape's loss is in widedeep.cpp). With
// g_r = dL/dz_r = (σ(z_r) - y_r) / B (the logistic head, autodiff/loss_heads.hpp) and
// c = 2λ/B:
//
//   b (the offset)      dL/db      = Σ_r g_r
//   wide weight j       dL/dw_j   += g_r + c w_j              for every pair r that has j
//   output layer        dL/dW2     = H2ᵀ g,     dL/db2 = Σ_r g_r,     dA2 = g W2ᵀ ⊙ [H2 > 0]
//   hidden layer        dL/dW1     = H1ᵀ dA2,   dL/db1 = Σ_r dA2_r,   dA1 = dA2 W1ᵀ ⊙ [H1 > 0]
//   first layer         dL/dW0     = Xᵀ dA1,    dL/db0 = Σ_r dA1_r,   dX  = dA1 W0ᵀ
//   field embedding e_j dL/de_j   += x_j dX_r[field's columns] + c x_j e_j   for every row r that has j
//
// where X = [field bags side by side], H1 = relu(X W0 + b0), H2 = relu(H1 W1 + b1) and
// z = b + wide + H2 W2 + b2: the chain rule through each line of the forward pass, in
// reverse. The MLP's lines are Mlp::backward_values (layers/mlp.hpp) and the bags' dX
// term FeatureBag::backward_values; the wide part and the L2 terms are this model's own.
#include "autodiff/kernels/kernels.hpp"
#include "autodiff/loss_heads.hpp"
#include "models/widedeep/widedeep.hpp"

namespace recgrad {

template <class T>
T WideDeep<T>::manual_gradients(const Batch<T>& batch) {
  const std::int64_t B = batch.size();
  const T c = 2 * static_cast<T>(config_.l2) / static_cast<T>(B);
  ManualBuffers& m = manual_;
  m.z.assign(static_cast<std::size_t>(B), bias_.value.data()[0]);
  T penalty = 0;

  // Forward: the wide sums, the fields' bags side by side, the MLP.
  if (wide_) {
    wide_features_.encode(batch.users, batch.items, wide_ids_, wide_offsets_);
    const T* w = wide_->table().value.data();
    for (std::int64_t r = 0; r < B; ++r)
      for (std::int64_t k = wide_offsets_[r]; k < wide_offsets_[r + 1]; ++k) {
        const T wj = w[wide_ids_[static_cast<std::size_t>(k)]];
        m.z[r] += wj;
        penalty += wj * wj;
      }
  }
  if (mlp_) {
    const std::int64_t k = config_.dim, width = k * static_cast<std::int64_t>(fields_.size());
    m.x.assign(static_cast<std::size_t>(B * width), T(0));
    for (std::size_t f = 0; f < fields_.size(); ++f) {
      const Field& field = fields_[f];
      const std::span<const Id> rows = field.of_user ? batch.users : batch.items;
      for (std::int64_t r = 0; r < B; ++r) {
        const auto ids = field.bag.features_of(rows[r]);
        const auto xs = field.bag.weights_of(rows[r]);
        for (std::size_t j = 0; j < ids.size(); ++j) {
          const T* e = field.bag.table().value.row(ids[j]);
          kernels::axpy(xs[j], e, m.x.data() + r * width + static_cast<std::int64_t>(f) * k, k);
          penalty += xs[j] * kernels::dot(e, e, k);
        }
      }
    }
    const std::vector<T>& out = mlp_->forward_values(m.x.data(), B);
    for (std::int64_t r = 0; r < B; ++r) m.z[r] += out[r];
  }

  // The loss and its slope at each logit.
  m.g.resize(m.z.size());
  m.terms.resize(m.z.size());
  const T fit = logistic_head(m.z.data(), batch.targets.data(), static_cast<const T*>(nullptr), B,
                              T(1) / static_cast<T>(B), m.terms.data(), m.g.data());

  // Backward, in reverse.
  for (const T g : m.g) bias_.dense_grad().data()[0] += g;
  if (wide_) {
    for (std::int64_t r = 0; r < B; ++r)
      for (std::int64_t k = wide_offsets_[r]; k < wide_offsets_[r + 1]; ++k) {
        const Id j = wide_ids_[static_cast<std::size_t>(k)];
        wide_->add_grad(j, m.g[r] + c * wide_->row(j)[0]);
      }
  }
  if (mlp_) {
    const std::vector<T>& dx = mlp_->backward_values(m.g.data(), B);
    const std::int64_t k = config_.dim, width = k * static_cast<std::int64_t>(fields_.size());
    for (std::size_t f = 0; f < fields_.size(); ++f) {
      Field& field = fields_[f];
      Param<T>& table = field.bag.table();
      const std::span<const Id> rows = field.of_user ? batch.users : batch.items;
      field.bag.backward_values(rows, dx.data() + static_cast<std::int64_t>(f) * k, width);
      for (std::int64_t r = 0; r < B; ++r) {  // the L2 term's share
        const auto ids = field.bag.features_of(rows[r]);
        const auto xs = field.bag.weights_of(rows[r]);
        for (std::size_t j = 0; j < ids.size(); ++j)
          table.sparse_grad.add_to_row(ids[j], c * xs[j], table.value.row(ids[j]));
      }
    }
  }
  return fit + static_cast<T>(config_.l2) * penalty / static_cast<T>(B);
}

template float WideDeep<float>::manual_gradients(const Batch<float>&);
template double WideDeep<double>::manual_gradients(const Batch<double>&);

}  // namespace recgrad
