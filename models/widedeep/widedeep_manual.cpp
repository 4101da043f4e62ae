// Wide & deep's hand-derived gradient (the tape's loss is in widedeep.cpp). With
// g_r = dL/dz_r = (σ(z_r) - y_r) / B (the logistic head, autodiff/loss_heads.hpp) and
// c = 2λ/B:
//
//   b (the offset)      dL/db      = Σ_r g_r
//   wide weight j       dL/dw_j   += g_r + c w_j              for every pair r that has j
//   output layer        dL/dW2     = H2ᵀ g,     dL/db2 = Σ_r g_r,     dA2 = g W2ᵀ ⊙ M2 ⊙ [H2 > 0]
//   hidden layer        dL/dW1     = H1ᵀ dA2,   dL/db1 = Σ_r dA2_r,   dA1 = dA2 W1ᵀ ⊙ M1 ⊙ [H1 > 0]
//   first layer         dL/dW0     = Xᵀ dA1,    dL/db0 = Σ_r dA1_r,   dX  = dA1 W0ᵀ
//   field embedding e_j dL/de_j   += x_j dX_r[field's columns] + c x_j e_j   for every row r that has j
//
// where X = [field bags side by side], H1 = M1 ⊙ relu(X W0 + b0), H2 = M2 ⊙ relu(H1 W1 + b1)
// and z = b + wide + H2 W2 + b2, with M1, M2 the dropout masks (all ones at --dropout 0;
// drawn from the batch's seed, as the tape's): the chain rule through each line of the
// forward pass, in reverse. The MLP's lines are Mlp::backward_values (layers/mlp.hpp) and the bags' dX
// term FeatureBag::backward_values; the wide part and the L2 terms are this model's own.
#include "autodiff/loss_heads.hpp"
#include "models/widedeep/widedeep.hpp"

namespace recgrad {

template <class T>
T WideDeep<T>::manual_gradients(const Batch<T>& batch) {
  const std::int64_t B = batch.size();
  const T c = 2 * static_cast<T>(config_.l2) / static_cast<T>(B);
  ManualBuffers& m = manual_;
  // Forward: the bias and wide sums and the deep part's input as scoring computes them,
  // then the MLP keeping what its backward needs.
  ForwardValues& f = m.forward;
  const T penalty = forward_inputs(batch.users, batch.items, f, true);
  if (mlp_) {
    Rng dropout_masks(batch.seed);  // as loss() draws them
    const std::vector<T>& out = mlp_->forward_values(f.x.data(), B, &dropout_masks);
    for (std::int64_t r = 0; r < B; ++r) f.z[r] += out[r];
  }

  // The loss and its slope at each logit.
  m.g.resize(f.z.size());
  m.terms.resize(f.z.size());
  const T fit = logistic_head(f.z.data(), batch.targets.data(), static_cast<const T*>(nullptr), B,
                              T(1) / static_cast<T>(B), m.terms.data(), m.g.data());

  // Backward, in reverse.
  for (const T g : m.g) bias_.dense_grad().data()[0] += g;
  if (wide_) {
    for (std::int64_t r = 0; r < B; ++r)
      for (std::int64_t k = f.wide_offsets[r]; k < f.wide_offsets[r + 1]; ++k) {
        const Id j = f.wide_ids[static_cast<std::size_t>(k)];
        wide_->add_grad(j, m.g[r] + c * wide_->row(j)[0]);
      }
  }
  if (mlp_) {
    const std::vector<T>& dx = mlp_->backward_values(m.g.data(), B);
    const std::int64_t k = config_.dim, width = k * static_cast<std::int64_t>(fields_.size());
    for (std::size_t c_field = 0; c_field < fields_.size(); ++c_field) {
      Field& field = fields_[c_field];
      Param<T>& table = field.bag.table();
      const std::span<const Id> rows = field.of_user ? batch.users : batch.items;
      field.bag.backward_values(rows, dx.data() + static_cast<std::int64_t>(c_field) * k, width);
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
