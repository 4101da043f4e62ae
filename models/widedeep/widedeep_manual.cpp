// Wide & deep's hand-derived gradient (the tape's loss is in widedeep.cpp). With
// g_r = dL/dz_r = (σ(z_r) - y_r) / B and c = 2λ/B:
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
// reverse. A ReLU passes the gradient where its output is positive (0 at the kink, as the tape's).
#include <cmath>

#include "autodiff/kernels/kernels.hpp"
#include "models/widedeep/widedeep.hpp"

namespace recgrad {

namespace {

// A table's gradient row for `id` += coef * src (width values), registered on first touch.
template <class T>
void add_to_row(Param<T>& table, Id id, T coef, const T* src) {
  Id slot;
  table.sparse_grad.slots_for({&id, 1}, &slot);
  kernels::axpy(coef, src, table.sparse_grad.values().row(slot), table.value.cols());
}

// out[c] += Σ_r m[r, c], over a rows x cols matrix: a bias's gradient.
template <class T>
void add_column_sums(const T* m, std::int64_t rows, std::int64_t cols, T* out) {
  for (std::int64_t r = 0; r < rows; ++r) kernels::axpy(T(1), m + r * cols, out, cols);
}

// Given dA (the gradient at the layer's output, before any activation), adds the layer's
// weight and bias gradients and writes the gradient at its input into d_in.
template <class T>
void dense_backward(Linear<T>& layer, const std::vector<T>& in, const std::vector<T>& d_out, std::int64_t rows,
                    std::vector<T>& d_in) {
  const std::int64_t n = layer.out(), m = layer.in();
  kernels::gemm_tn<T>(m, n, rows, in.data(), d_out.data(), layer.weight().dense_grad().data(), true);
  add_column_sums(d_out.data(), rows, n, layer.bias().dense_grad().data());
  d_in.resize(static_cast<std::size_t>(rows * m));
  kernels::gemm_nt<T>(rows, m, n, d_out.data(), layer.weight().value.data(), d_in.data(), false);
}

}  // namespace

template <class T>
T WideDeep<T>::manual_gradients(const Batch<T>& batch) {
  const std::int64_t B = batch.size();
  const T c = 2 * static_cast<T>(config_.l2) / static_cast<T>(B);
  ManualBuffers& m = manual_;
  // Forward: the wide sums, the fields' bags side by side, the MLP.
  const T penalty = forward_values(batch.users, batch.items, m.forward, true);
  const std::vector<T>& z = m.forward.z;

  // The loss and its slope at each logit.
  m.g.resize(z.size());
  m.softplus.resize(z.size());
  kernels::sigmoid(z.data(), m.g.data(), B);
  kernels::softplus(z.data(), m.softplus.data(), B);
  T fit = 0;
  for (std::int64_t r = 0; r < B; ++r) {
    fit += m.softplus[r] - batch.targets[r] * z[r];
    m.g[r] = (m.g[r] - batch.targets[r]) / static_cast<T>(B);
  }

  // Backward, in reverse.
  for (const T g : m.g) bias_.dense_grad().data()[0] += g;
  if (wide_) {
    Param<T>& w = wide_->table();
    const std::vector<Id>& ids = m.forward.wide_ids;
    const std::vector<std::int64_t>& offsets = m.forward.wide_offsets;
    for (std::int64_t r = 0; r < B; ++r)
      for (std::int64_t k = offsets[r]; k < offsets[r + 1]; ++k) {
        const Id j = ids[static_cast<std::size_t>(k)];
        const T value = m.g[r] + c * w.value.data()[j];
        add_to_row(w, j, T(1), &value);
      }
  }
  if (mlp_) {
    auto& layers = mlp_->layers();
    const std::vector<T>& h1 = m.forward.layers[0];
    const std::vector<T>& h2 = m.forward.layers[1];
    dense_backward(layers[2], h2, m.g, B, m.d2);
    for (std::size_t i = 0; i < m.d2.size(); ++i) m.d2[i] = h2[i] > 0 ? m.d2[i] : T(0);
    dense_backward(layers[1], h1, m.d2, B, m.d1);
    for (std::size_t i = 0; i < m.d1.size(); ++i) m.d1[i] = h1[i] > 0 ? m.d1[i] : T(0);
    dense_backward(layers[0], m.forward.x, m.d1, B, m.dx);
    const std::int64_t k = config_.dim, width = k * static_cast<std::int64_t>(fields_.size());
    for (std::size_t f = 0; f < fields_.size(); ++f) {
      Field& field = fields_[f];
      Param<T>& table = field.bag.table();
      const std::span<const Id> rows = field.of_user ? batch.users : batch.items;
      for (std::int64_t r = 0; r < B; ++r) {
        const auto ids = field.bag.features_of(rows[r]);
        const auto xs = field.bag.weights_of(rows[r]);
        for (std::size_t j = 0; j < ids.size(); ++j) {
          add_to_row(table, ids[j], xs[j], m.dx.data() + r * width + static_cast<std::int64_t>(f) * k);
          add_to_row(table, ids[j], c * xs[j], table.value.row(ids[j]));
        }
      }
    }
  }
  return (fit + static_cast<T>(config_.l2) * penalty) / static_cast<T>(B);
}

template float WideDeep<float>::manual_gradients(const Batch<float>&);
template double WideDeep<double>::manual_gradients(const Batch<double>&);

}  // namespace recgrad
