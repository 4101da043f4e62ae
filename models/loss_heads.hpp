// Loss heads for the hand-derived gradient paths: the loss of one example as a
// function of the model's score, and its derivative with respect to that score.
// The rest of each manual gradient is the chain rule through the score, which the
// models write out beside their kernels.
#pragma once

#include "autodiff/ops/op_support.hpp"

namespace recgrad::loss_heads {

// Squared error: l(s, y) = (s - y)^2,  dl/ds = 2 (s - y)
struct SquaredError {
  template <class T> static T value(T s, T y) { return (s - y) * (s - y); }
  template <class T> static T dloss_dscore(T s, T y) { return 2 * (s - y); }
};

// Logistic: l(z, y) = -y log σ(z) - (1 - y) log(1 - σ(z)) = softplus(z) - y z,
// dl/dz = σ(z) - y
struct Logistic {
  template <class T> static T value(T z, T y) { return ops_detail::stable_softplus(z) - y * z; }
  template <class T> static T dloss_dscore(T z, T y) { return ops_detail::stable_sigmoid(z) - y; }
};

// Pairwise logistic (BPR) on the score difference d = s+ - s-:
// l(d) = -log σ(d) = softplus(-d),  dl/dd = -σ(-d)
struct PairwiseLogistic {
  template <class T> static T value(T d) { return ops_detail::stable_softplus(-d); }
  template <class T> static T dloss_dscore(T d) { return -ops_detail::stable_sigmoid(-d); }
};

}  // namespace recgrad::loss_heads
