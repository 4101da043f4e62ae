// Linear (fully connected) layer: y = x W + b, x [n x in], W [in x out], b [1 x out].
// W and b are dense parameters: every step touches all of them.
//
// forward_values / backward_values compute the same without a tape, for the models'
// hand-derived gradients and for scoring.
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

  // y = x W + b for `rows` rows of x (rows x in), into y (rows x out).
  void forward_values(const T* x, std::int64_t rows, T* y) const {
    kernels::gemm_nn<T>(rows, out(), in(), x, weight_.value.data(), y, false);
    if (has_bias())
      for (std::int64_t r = 0; r < rows; ++r) kernels::axpy(T(1), bias_.value.data(), y + r * out(), out());
  }

  // Given dy = dL/dy for the x of forward_values: adds dL/dW = xᵀ dy and dL/db = Σ_r dy_r
  // to the dense gradients, as the tape's backward does, and writes dL/dx = dy Wᵀ into
  // dx unless it is null (a first layer over data needs none).
  void backward_values(const T* x, const T* dy, std::int64_t rows, T* dx) {
    kernels::gemm_tn<T>(in(), out(), rows, x, dy, weight_.dense_grad().data(), true);
    if (has_bias())
      for (std::int64_t r = 0; r < rows; ++r) kernels::axpy(T(1), dy + r * out(), bias_.dense_grad().data(), out());
    if (dx != nullptr) kernels::gemm_nt<T>(rows, in(), out(), dy, weight_.value.data(), dx, false);
  }

  std::int64_t in() const { return weight_.value.rows(); }
  std::int64_t out() const { return weight_.value.cols(); }
  bool has_bias() const { return bias_.value.cols() > 0; }
  Param<T>& weight() { return weight_; }
  Param<T>& bias() { return bias_; }
  void collect_params(std::vector<Param<T>*>& out) {
    out.push_back(&weight_);
    if (has_bias()) out.push_back(&bias_);
  }

 private:
  Param<T> weight_;
  Param<T> bias_;  // [1 x 0] without a bias
};

}  // namespace recgrad
