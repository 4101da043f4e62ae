// Multi-layer perceptron: Linear layers with ReLU between them.
//
// widths = {in, h1, ..., out}: Linear(in -> h1), ReLU, ..., Linear(h_last -> out). The
// output layer has no activation by default (a logit, or a vector to be scored by a
// dot product); `relu_output` adds one.
#pragma once

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
      if (l + 1 < layers_.size() || relu_output_) x = relu(x);
    }
    return x;
  }

  // The same pass from the parameter values without a tape, for x [rows x in()]:
  // outputs[l] gets layer l's output (after its ReLU), so outputs.back() is the MLP's
  // and a hand-derived backward can read the hidden layers. Only the caller's `outputs`
  // is written: concurrent calls each with their own are safe, and a caller that keeps
  // it between calls of one size does not allocate.
  void forward(const T* x, std::int64_t rows, std::vector<std::vector<T>>& outputs) const {
    outputs.resize(layers_.size());
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      std::vector<T>& y = outputs[l];
      y.resize(static_cast<std::size_t>(rows * layers_[l].out()));
      layers_[l].forward(l == 0 ? x : outputs[l - 1].data(), rows, y.data());
      if (l + 1 < layers_.size() || relu_output_)
        for (T& v : y) v = v > T(0) ? v : T(0);
    }
  }

  std::int64_t in() const { return layers_.front().in(); }
  std::int64_t out() const { return layers_.back().out(); }
  std::vector<Linear<T>>& layers() { return layers_; }
  const std::vector<Linear<T>>& layers() const { return layers_; }
  void collect_params(std::vector<Param<T>*>& out) {
    for (Linear<T>& layer : layers_) layer.collect_params(out);
  }

 private:
  std::vector<Linear<T>> layers_;
  bool relu_output_;
};

}  // namespace recgrad
