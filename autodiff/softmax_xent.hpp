// Softmax cross-entropy over the rows of a logit matrix: the one piece of code that
// computes its value and its slope. The tape's loss ops (autodiff/ops/loss.cpp) and the
// hand-derived paths of layers that end in a softmax (layers/sampled_softmax.hpp) both
// call it, so the two paths cannot drift apart in how they treat removed classes or
// large logits.
#pragma once

#include <algorithm>
#include <cstdint>

#include "autodiff/kernels/kernels.hpp"

namespace recgrad {

// Σ_r lse(z'_r) - z'_r[t_r] over `rows` rows of `cols` logits, z' = z - shift (shift null:
// none; else row r reads shift + r * shift_row_step * cols, so a step of 0 broadcasts one
// row). targets null: column 0 is every row's target. Writes softmax(z'_r) into probs,
// which may be z itself. A shift of +inf removes a class (probability 0).
template <class T>
T softmax_xent_rows(const T* z, std::int64_t rows, std::int64_t cols, const T* shift, std::int64_t shift_row_step,
                    const std::int32_t* targets, T* probs) {
  T total = 0;
  for (std::int64_t r = 0; r < rows; ++r) {
    T* p = probs + r * cols;
    const T* s = shift != nullptr ? shift + r * shift_row_step * cols : nullptr;
    const T* zr = z + r * cols;
    if (s != nullptr)
      for (std::int64_t c = 0; c < cols; ++c) p[c] = zr[c] - s[c];
    else if (p != zr)
      std::copy(zr, zr + cols, p);
    const T target_logit = p[targets != nullptr ? targets[r] : 0];
    total += kernels::softmax(p, cols) - target_logit;
  }
  return total;
}

// Turns the probabilities from softmax_xent_rows into dL/dz' of L = scale * that sum:
// scale * (softmax(z'_r) - one_hot(t_r)), in place.
template <class T>
void softmax_xent_slope(T* probs, std::int64_t rows, std::int64_t cols, const std::int32_t* targets, T scale) {
  for (std::int64_t r = 0; r < rows; ++r) {
    T* p = probs + r * cols;
    for (std::int64_t c = 0; c < cols; ++c) p[c] *= scale;
    p[targets != nullptr ? targets[r] : 0] -= scale;
  }
}

}  // namespace recgrad
