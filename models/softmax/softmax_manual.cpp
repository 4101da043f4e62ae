// softmax's hand-derived gradient (the tape's loss is in softmax.cpp), composed from the
// layers' tape-free backward passes in the reverse order of the forward pass:
//
//   head    z_ui = v_u . w_i + b_i, softmax cross-entropy over all items or over the target
//           and the samples with log-Q correction; with g_ui = dL/dz_ui = (softmax(z'_u)_i -
//           [i = target]) / B:  dL/dw_i += Σ_u g_ui v_u,  dL/db_i += Σ_u g_ui,
//           dv_u = Σ_i g_ui w_i                                      (layers/sampled_softmax.hpp)
//   tower   v = W2 relu(W1 x + c1) + c2: dW_l, dc_l and dx           (layers/mlp.hpp)
//   inputs  x = [h ; a_age ; a_gender ; a_occupation], so dx splits by columns:
//           h_u = mean of the context's e_j:  dL/de_j += dh_u / |context_u|   (layers/embedding.hpp)
//           a_f(u) = Σ_j w_j a_j:             dL/da_j += w_j da_f(u)          (layers/feature_bag.hpp)
//
// Each layer writes its gradients where the tape's ops would: dense for the tower and the
// full softmax's tables, sparse rows for the gathers.
#include "models/softmax/softmax.hpp"

namespace recgrad {

template <class T>
T SoftmaxNextItem<T>::manual_gradients(const Batch<T>& batch) {
  const bool is_sampled = sampled(batch);
  const auto B = static_cast<std::int64_t>(batch.users.size());
  const std::int64_t width = tower_.in();
  x_.resize(static_cast<std::size_t>(B * width));
  tower_input(batch.users, batch.context_items, batch.context_offsets, x_.data());
  const std::vector<T>& v = tower_.forward_values(x_.data(), B);

  dv_.resize(static_cast<std::size_t>(B * dim()));
  const T loss = is_sampled ? output_.sampled_loss_values(v.data(), batch.items, batch.negatives, batch.item_log_q,
                                                          batch.negative_log_q, dv_.data())
                            : output_.full_loss_values(v.data(), batch.items, dv_.data());

  const std::vector<T>& dx = tower_.backward_values(dv_.data(), B);
  history_.mean_backward_values(batch.context_items, batch.context_offsets, dx.data(), width);
  std::int64_t col = dim();
  for (FeatureBag<T>& bag : side_) {
    bag.backward_values(batch.users, dx.data() + col, width);
    col += bag.dim();
  }
  return loss;
}

template float SoftmaxNextItem<float>::manual_gradients(const Batch<float>&);
template double SoftmaxNextItem<double>::manual_gradients(const Batch<double>&);

}  // namespace recgrad
