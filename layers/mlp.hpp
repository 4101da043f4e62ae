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
//
// `dropout` p drops every hidden layer's output after its ReLU in training, A_{l+1} =
// M_l ⊙ relu(...) with M_l's entries 0 (probability p) or 1 / (1 - p) (layers/dropout.hpp),
// and dA_{l+1} is multiplied by M_l on the way back. operator() and forward_values() drop
// only when given a stream to draw the masks from, in the same order, so the two agree
// mask for mask; evaluate() (scoring) never drops.
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "layers/dropout.hpp"
#include "layers/linear.hpp"

namespace recgrad {

template <class T>
class Mlp {
 public:
  Mlp(const std::string& name, const std::vector<std::int64_t>& widths, Rng& rng, bool relu_output = false,
      double dropout = 0.0)
      : relu_output_(relu_output), dropout_(dropout) {
    if (widths.size() < 2) throw std::invalid_argument(name + ": an MLP needs at least an input and an output width");
    for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
      if (widths[l] <= 0 || widths[l + 1] <= 0)
        throw std::invalid_argument(name + ": layer widths must be positive");
      layers_.emplace_back(name + "." + std::to_string(l), widths[l], widths[l + 1], rng);
    }
  }

  // With `dropout_masks`, training: hidden outputs dropped with masks drawn from it.
  Var<T> operator()(Var<T> x, Rng* dropout_masks = nullptr) {
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      x = layers_[l](x);
      if (activated(l)) x = relu(x);
      if (hidden(l) && dropout_masks != nullptr) x = dropout_(x, *dropout_masks, true);
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

  // The training forward without a tape: keeps every layer's output (and dropout mask) for
  // backward_values (buffers reused between batches, so a steady loop does not allocate).
  // With `dropout_masks`, the masks operator() would draw from the same stream. Returns the
  // output, valid until the next call.
  const std::vector<T>& forward_values(const T* x, std::int64_t rows, Rng* dropout_masks = nullptr) {
    acts_.resize(layers_.size() + 1);
    masks_.resize(layers_.size());
    acts_[0].assign(x, x + rows * in());
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      std::vector<T>& a = acts_[l + 1];
      a.resize(static_cast<std::size_t>(rows * layers_[l].out()));
      layers_[l].forward_values(acts_[l].data(), rows, a.data());
      if (activated(l)) relu_in_place(a);
      masks_[l].clear();  // empty: nothing dropped at this layer
      if (!hidden(l) || dropout_masks == nullptr || dropout_.p() == 0.0) continue;
      masks_[l].resize(a.size());
      dropout_.draw_mask(masks_[l].data(), static_cast<std::int64_t>(a.size()), *dropout_masks);
      for (std::size_t i = 0; i < a.size(); ++i) a[i] *= masks_[l][i];
    }
    return acts_.back();
  }

  // Given d_out = dL/d(output) of the last forward_values: adds every layer's weight and
  // bias gradients and returns dL/dx (rows x in), valid until the next call.
  const std::vector<T>& backward_values(const T* d_out, std::int64_t rows) {
    grad_.assign(d_out, d_out + rows * out());
    for (std::size_t l = layers_.size(); l-- > 0;) {
      // A dropped unit's output is 0, so the ReLU's test below passes no gradient through it.
      for (std::size_t i = 0; i < masks_[l].size(); ++i) grad_[i] *= masks_[l][i];
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
  bool activated(std::size_t l) const { return hidden(l) || relu_output_; }
  bool hidden(std::size_t l) const { return l + 1 < layers_.size(); }
  static void relu_in_place(std::vector<T>& v) {
    for (T& x : v) x = std::max(x, T(0));
  }
  static void relu_backward_in_place(const std::vector<T>& out, std::vector<T>& grad) {
    for (std::size_t i = 0; i < grad.size(); ++i) grad[i] = out[i] > 0 ? grad[i] : T(0);
  }

  std::vector<Linear<T>> layers_;
  bool relu_output_;
  Dropout<T> dropout_;
  // The hand-derived path's buffers: each layer's input and the last output, each layer's
  // dropout mask of the last forward_values, then the gradient at a layer's output and at
  // its input.
  std::vector<std::vector<T>> acts_, masks_;
  std::vector<T> grad_, grad_in_;
};

}  // namespace recgrad
