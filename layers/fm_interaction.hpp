// The pairwise-interaction layer of a factorisation machine (Rendle 2010): a factor
// table V, one row v_j per feature, and for a bag of features with values x_j
//
//     pair(x) = sum_{j<l} <v_j, v_l> x_j x_l = 1/2 [ |s|^2 - sum_j x_j^2 |v_j|^2 ],   s = sum_j x_j v_j
//
// in O(nnz k) rather than O(nnz^2 k). The layer records it with the fm_interaction op
// (the tape path) and also offers it from the parameter values with its hand-derived
// gradient (the manual path and scoring):
//
//     d pair / d v_j = x_j (s - x_j v_j)
//
// Both paths give V a sparse gradient: the rows of the features the bags read.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "autodiff/kernels/kernels.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/random.hpp"

namespace recgrad {

template <class T>
class FmInteraction {
 public:
  // Rows drawn from N(0, init_std^2).
  FmInteraction(std::string name, std::int64_t num_features, std::int64_t dim, double init_std, Rng& rng)
      : factors_(Param<T>::table(std::move(name), num_features, dim)) {
    for (T& x : factors_.value) x = static_cast<T>(rng.normal(0.0, init_std));
  }

  // The pairwise term of every bag (CSR as in embedding_bag), recorded: [bags x 1].
  Var<T> operator()(Tape<T>& tape, std::span<const Id> ids, std::span<const std::int64_t> offsets,
                    std::span<const T> x) {
    return fm_interaction<T>(tape, factors_, ids, offsets, x);
  }

  // One bag from the parameter values: writes s = sum_j x_j v_j into `sums` (dim values)
  // and returns the pairwise term.
  T pairwise(std::span<const Id> ids, std::span<const T> x, T* sums) const {
    const std::int64_t k = dim();
    std::fill(sums, sums + k, T(0));
    T squares = 0;
    for (std::size_t j = 0; j < ids.size(); ++j) {
      const T* v = factors_.value.row(ids[j]);
      kernels::axpy(x[j], v, sums, k);
      squares += x[j] * x[j] * kernels::dot(v, v, k);
    }
    return T(0.5) * (kernels::dot(sums, sums, k) - squares);
  }

  // The hand-derived backward of one bag whose pairwise term has gradient g (sums from
  // pairwise()): row j += g x_j (s - x_j v_j) + l2_coef x_j v_j, the last term being
  // the gradient of the penalty (l2_coef / 2) sum_j x_j |v_j|^2.
  void add_gradient(std::span<const Id> ids, std::span<const T> x, const T* sums, T g, T l2_coef) {
    for (std::size_t j = 0; j < ids.size(); ++j) {
      factors_.sparse_grad.add_to_row(ids[j], g * x[j], sums);
      factors_.sparse_grad.add_to_row(ids[j], x[j] * (l2_coef - g * x[j]), factors_.value.row(ids[j]));
    }
  }

  std::int64_t rows() const { return factors_.value.rows(); }
  std::int64_t dim() const { return factors_.value.cols(); }
  Param<T>& table() { return factors_; }
  const Param<T>& table() const { return factors_; }
  void collect_params(std::vector<Param<T>*>& out) { out.push_back(&factors_); }

 private:
  Param<T> factors_;
};

}  // namespace recgrad
