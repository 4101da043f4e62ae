// Embedding layer: a table of rows, one per id, read by gathering (sparse gradient).
// A bias per id is an embedding of width 1. For hand-derived gradients, add_grad is the
// tape-free backward of a lookup, and mean_values / mean_backward_values the tape-free
// form of embedding_bag(..., BagMode::Mean).
#pragma once

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "autodiff/kernels/kernels.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/ops/table_support.hpp"
#include "autodiff/random.hpp"

namespace recgrad {

template <class T>
class Embedding {
 public:
  // Rows drawn from N(0, init_std^2); init_std = 0 gives zeros (the usual bias start).
  Embedding(std::string name, std::int64_t rows, std::int64_t dim, double init_std, Rng& rng)
      : table_(Param<T>::table(std::move(name), rows, dim)) {
    if (init_std != 0)
      for (T& x : table_.value) x = static_cast<T>(rng.normal(0.0, init_std));
  }

  Var<T> operator()(Tape<T>& tape, std::span<const Id> ids) { return embedding<T>(tape, table_, ids); }

  // Row b of out (its first dim() values; rows `stride` apart) = the mean of the rows of
  // bag b, ids[offsets[b] .. offsets[b+1]); an empty bag gives zeros.
  void mean_values(std::span<const Id> ids, std::span<const std::int64_t> offsets, T* out,
                   std::int64_t stride) const {
    ops_detail::check_ids("embedding mean", table_.name(), ids, rows());
    for (std::size_t b = 0; b + 1 < offsets.size(); ++b) {
      T* row = out + static_cast<std::int64_t>(b) * stride;
      std::fill(row, row + dim(), T(0));
      for (std::int64_t j = offsets[b]; j < offsets[b + 1]; ++j)
        kernels::axpy(T(1) / static_cast<T>(offsets[b + 1] - offsets[b]), this->row(ids[j]), row, dim());
    }
  }

  // Given d_out (laid out as mean_values' out) for the ids mean_values checked: each id of bag b gets d_out row b / |bag|
  // in the table's sparse gradient, as the tape's embedding_bag sends it.
  void mean_backward_values(std::span<const Id> ids, std::span<const std::int64_t> offsets, const T* d_out,
                            std::int64_t stride) {
    for (std::size_t b = 0; b + 1 < offsets.size(); ++b)
      for (std::int64_t j = offsets[b]; j < offsets[b + 1]; ++j)
        add_grad(ids[static_cast<std::size_t>(j)], T(1) / static_cast<T>(offsets[b + 1] - offsets[b]),
                 d_out + static_cast<std::int64_t>(b) * stride);
  }

  // The tape-free backward of reading row `id` once: its gradient row += coef * d_row
  // (dim() values), as the tape's embedding sends it. Ids must be in range.
  void add_grad(Id id, T coef, const T* d_row) { table_.sparse_grad.add_to_row(id, coef, d_row); }
  // The same for an embedding of width 1 (a bias): its gradient += d.
  void add_grad(Id id, T d) { table_.sparse_grad.add_to_row(id, d); }

  Param<T>& table() { return table_; }
  const Param<T>& table() const { return table_; }
  const T* row(Id id) const { return table_.value.row(id); }
  std::int64_t rows() const { return table_.value.rows(); }
  std::int64_t dim() const { return table_.value.cols(); }
  void collect_params(std::vector<Param<T>*>& out) { out.push_back(&table_); }

 private:
  Param<T> table_;
};

}  // namespace recgrad
