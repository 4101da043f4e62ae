// The pointwise and pairwise loss heads: over a batch of scores, the loss and its slope
// dL/dscore, computed together. This is the one place their per-example formulas are
// written: the tape's loss ops (autodiff/ops/loss.cpp) and the hand-derived paths of the
// models both call these, so the two gradient paths cannot drift apart (as
// autodiff/softmax_xent.hpp does for softmax cross-entropy).
//
// Each head computes L = scale * Σ_i l_i over n examples and writes dL/ds_i into slope;
// scale is 1/n for a batch mean. The logistic ones stay finite for logits of any size:
// they go through the SIMD softplus and sigmoid kernels, written in stable forms.
#pragma once

#include <cstdint>

#include "autodiff/kernels/kernels.hpp"

namespace recgrad {

// Squared error, l_i = (s_i - y_i)^2:  slope_i = 2 scale (s_i - y_i).
template <class T>
T squared_error_head(const T* s, const T* y, std::int64_t n, T scale, T* slope) {
  T total = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const T e = s[i] - y[i];
    total += e * e;
    slope[i] = 2 * scale * e;
  }
  return scale * total;
}

// Logistic loss (binary cross-entropy with logits z, labels y in [0, 1], weights w; w
// null: all 1), l_i = w_i (softplus(z_i) - y_i z_i), which is
// -w_i [y_i log σ(z_i) + (1 - y_i) log(1 - σ(z_i))]. Its slope is softplus' = σ:
// slope_i = scale w_i (σ(z_i) - y_i). terms_i gets the unweighted softplus(z_i) - y_i z_i
// (so dL/dw_i = scale terms_i). slope may be z itself.
template <class T>
T logistic_head(const T* z, const T* y, const T* w, std::int64_t n, T scale, T* terms, T* slope) {
  kernels::softplus(z, terms, n);
  T total = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    terms[i] -= y[i] * z[i];
    total += (w != nullptr ? w[i] : T(1)) * terms[i];
  }
  kernels::sigmoid(z, slope, n);
  for (std::int64_t i = 0; i < n; ++i) slope[i] = scale * (w != nullptr ? w[i] : T(1)) * (slope[i] - y[i]);
  return scale * total;
}

// BPR on pairs of scores, l_i = -log σ(pos_i - neg_i) = softplus(neg_i - pos_i):
// slope_i = dL/dpos_i = -scale σ(neg_i - pos_i), and dL/dneg_i = -slope_i. terms: n values
// of scratch (it gets each l_i).
template <class T>
T bpr_head(const T* pos, const T* neg, std::int64_t n, T scale, T* terms, T* slope) {
  for (std::int64_t i = 0; i < n; ++i) slope[i] = neg[i] - pos[i];
  kernels::softplus(slope, terms, n);
  kernels::sigmoid(slope, slope, n);
  T total = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    total += terms[i];
    slope[i] *= -scale;
  }
  return scale * total;
}

}  // namespace recgrad
