// Multi-layer perceptron: Linear layers with ReLU between them.
//
// widths = {in, h1, ..., out}: Linear(in -> h1), ReLU, ..., Linear(h_last -> out). The
// output layer has no activation by default (a logit, or a vector to be scored by a
// dot product); `relu_output` adds one.
//
// Besides the tape's operator(), the same network runs on plain buffers: evaluate() for
// scoring, and forward_values() / backward_values() for a model's hand-derived gradient,
//
//     A_0 = X,   A_{l+1} = act(A_l W_l + b_l)
//     dA_L = dL/dY ⊙ act'(A_L),   dW_l += A_lᵀ dZ_l,   db_l += Σ_r dZ_l,   dA_l = dZ_l W_lᵀ ⊙ [A_l > 0]
//
// with dZ_l the gradient at layer l's output before its activation. A ReLU passes the
// gradient where its output is positive (0 at the kink, as the tape's relu).
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "layers/linear.hpp"

namespace recgrad {

template <class T>
class Mlp {
 public:
  Mlp(const std::string& name, const std::vector<std::int64_t>& widths, Rng& rng, bool relu_output = false)
      : relu_output_(relu_output) {
    if (widths.size() < 2) throw std::invalid_argument(name + ": an MLP needs at least an input and an output width");
    for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
      if (widths[l] <= 0 || widths[l + 1] <= 0)
        throw std::invalid_argument(name + ": layer widths must be positive");
      layers_.emplace_back(name + "." + std::to_string(l), widths[l], widths[l + 1], rng);
    }
  }

  Var<T> operator()(Var<T> x) {
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      x = layers_[l](x);
      if (activated(l)) x = relu(x);
    }
    return x;
  }

  // The output (rows x out) of `rows` rows of x (rows x in), from the parameter values.
  void evaluate(const T* x, std::int64_t rows, std::vector<T>& out) const {
    std::vector<T> in(x, x + rows * this->in());
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      out.resize(static_cast<std::size_t>(rows * layers_[l].out()));
      layers_[l].forward_values(in.data(), rows, out.data());
      if (activated(l)) relu_in_place(out);
      in.swap(out);
    }
    out.swap(in);
  }

  // The training forward without a tape: keeps every layer's output for backward_values
  // (buffers reused between batches, so a steady loop does not allocate). Returns the
  // output, valid until the next call.
  const std::vector<T>& forward_values(const T* x, std::int64_t rows) {
    acts_.resize(layers_.size() + 1);
    acts_[0].assign(x, x + rows * in());
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      acts_[l + 1].resize(static_cast<std::size_t>(rows * layers_[l].out()));
      layers_[l].forward_values(acts_[l].data(), rows, acts_[l + 1].data());
      if (activated(l)) relu_in_place(acts_[l + 1]);
    }
    return acts_.back();
  }

  // Given d_out = dL/d(output) of the last forward_values: adds every layer's weight and
  // bias gradients and returns dL/dx (rows x in), valid until the next call.
  const std::vector<T>& backward_values(const T* d_out, std::int64_t rows) {
    grad_.assign(d_out, d_out + rows * out());
    for (std::size_t l = layers_.size(); l-- > 0;) {
      if (activated(l)) relu_backward_in_place(acts_[l + 1], grad_);
      grad_in_.resize(static_cast<std::size_t>(rows * layers_[l].in()));
      layers_[l].backward_values(acts_[l].data(), grad_.data(), rows, grad_in_.data());
      grad_.swap(grad_in_);
    }
    return grad_;
  }

  std::int64_t in() const { return layers_.front().in(); }
  std::int64_t out() const { return layers_.back().out(); }
  std::vector<Linear<T>>& layers() { return layers_; }
  void collect_params(std::vector<Param<T>*>& out) {
    for (Linear<T>& layer : layers_) layer.collect_params(out);
  }

 private:
  bool activated(std::size_t l) const { return l + 1 < layers_.size() || relu_output_; }
  static void relu_in_place(std::vector<T>& v) {
    for (T& x : v) x = std::max(x, T(0));
  }
  static void relu_backward_in_place(const std::vector<T>& out, std::vector<T>& grad) {
    for (std::size_t i = 0; i < grad.size(); ++i) grad[i] = out[i] > 0 ? grad[i] : T(0);
  }

  std::vector<Linear<T>> layers_;
  bool relu_output_;
  // The hand-derived path's buffers: each layer's input and the last output, then the
  // gradient at a layer's output and at its input.
  std::vector<std::vector<T>> acts_;
  std::vector<T> grad_, grad_in_;
};

}  // namespace recgrad
