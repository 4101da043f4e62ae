// Linear (fully connected) layer: y = x W + b, x [n x in], W [in x out], b [1 x out].
// W and b are dense parameters: every step touches all of them.
//
// Initialisation as PyTorch's nn.Linear, so that our models and the PyTorch
// references start alike: W and b uniform in [-1/sqrt(in), 1/sqrt(in)].
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "autodiff/kernels/kernels.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/random.hpp"

namespace recgrad {

template <class T>
class Linear {
 public:
  Linear(const std::string& name, std::int64_t in, std::int64_t out, Rng& rng, bool bias = true)
      : weight_(name + ".weight", in, out), bias_(name + ".bias", 1, bias ? out : 0) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(in));
    for (T& w : weight_.value) w = static_cast<T>(rng.uniform(-bound, bound));
    for (T& b : bias_.value) b = static_cast<T>(rng.uniform(-bound, bound));
  }

  Var<T> operator()(Var<T> x) {
    Tape<T>& tape = *x.tape;
    const Var<T> y = matmul(x, tape.param(weight_));
    return has_bias() ? add_bias(y, tape.param(bias_)) : y;
  }

  // y = x W + b for `rows` rows of x, from the parameter values without a tape: for
  // scoring and hand-derived passes. It only reads the layer, so any number of threads
  // may call it at once (a tape would bind the parameters' gradients, a write).
  void forward(const T* x, std::int64_t rows, T* y) const {
    kernels::gemm_nn<T>(rows, out(), in(), x, weight_.value.data(), y, false);
    if (has_bias())
      for (std::int64_t r = 0; r < rows; ++r) kernels::axpy(T(1), bias_.value.data(), y + r * out(), out());
  }

  std::int64_t in() const { return weight_.value.rows(); }
  std::int64_t out() const { return weight_.value.cols(); }
  bool has_bias() const { return bias_.value.cols() > 0; }
  Param<T>& weight() { return weight_; }
  Param<T>& bias() { return bias_; }
  const Param<T>& weight() const { return weight_; }
  const Param<T>& bias() const { return bias_; }
  void collect_params(std::vector<Param<T>*>& out) {
    out.push_back(&weight_);
    if (has_bias()) out.push_back(&bias_);
  }

 private:
  Param<T> weight_;
  Param<T> bias_;  // [1 x 0] without a bias
};

}  // namespace recgrad
