// Dropout (Srivastava et al. 2014), "inverted": in training each value is kept with
// probability 1 - p and then scaled by 1 / (1 - p), so the expected output equals the
// input and evaluation needs no rescaling; in evaluation the layer is the identity.
//
// The mask is data, not a variable: it is drawn from the Rng the caller passes, which
// makes a training step reproducible from its seed and lets a gradient check replay
// the same mask on every forward pass. No op of its own: x .* mask on the tape.
#pragma once

#include <stdexcept>
#include <string>

#include "autodiff/ops.hpp"
#include "autodiff/random.hpp"

namespace recgrad {

template <class T>
class Dropout {
 public:
  explicit Dropout(double p) : p_(p) {
    if (!(p >= 0.0 && p < 1.0)) throw std::invalid_argument("dropout: p must be in [0, 1), got " + std::to_string(p));
  }

  Var<T> operator()(Var<T> x, Rng& rng, bool training) const {
    if (!training || p_ == 0.0) return x;
    Var<T> mask = x.tape->constant(x.shape());
    MatrixView<T> m = mask.value();
    draw_mask(m.data, m.size(), rng);
    return mul(x, mask);
  }

  // n mask values in order, each 0 with probability p and 1 / (1 - p) otherwise: what
  // operator() multiplies by, for a tape-free path that must draw the same mask from the
  // same stream (layers/mlp.hpp's forward_values).
  void draw_mask(T* mask, std::int64_t n, Rng& rng) const {
    const T keep_scale = static_cast<T>(1.0 / (1.0 - p_));
    for (std::int64_t k = 0; k < n; ++k) mask[k] = rng.uniform() < p_ ? T(0) : keep_scale;
  }

  double p() const { return p_; }
  void collect_params(std::vector<Param<T>*>&) {}  // nothing to learn

 private:
  double p_;
};

}  // namespace recgrad
