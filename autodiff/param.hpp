// Trainable parameters: a value, its dense gradient and, for embedding tables, a
// sparse gradient that holds only the rows a batch touched.
//
// Gradients always accumulate (+=): several ops may read one parameter, and a
// parameter's gradient is the sum of what each of them sends back. The optimiser
// (or whoever consumes the gradient) clears it with zero_grad().
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"

namespace recgrad {

using Id = std::int32_t;

// Gradient rows of an embedding table for the rows touched since the last clear().
// rows()[s] is the table row whose gradient is values().row(s); each touched row
// appears once, however many times the batch used it.
template <class T>
class SparseRowGrad {
 public:
  SparseRowGrad() = default;
  SparseRowGrad(std::int64_t table_rows, std::int64_t dim);

  // Writes, for each id, the slot of its gradient row, registering (zeroed) rows
  // not seen since the last clear(). Ids must already be range-checked.
  void slots_for(std::span<const Id> ids, Id* slots);

  // The ways gradient reaches the rows; ids as for slots_for. Row `id` += coef * src
  // (dim() values):
  void add_to_row(Id id, T coef, const T* src);
  // for a table of width 1 (a bias), its one value += value:
  void add_to_row(Id id, T value);
  // and row ids[i] += src row i for every i, repeated ids adding up, in one scatter
  // (parallel for large batches: kernels::scatter_add_rows).
  void add_rows(std::span<const Id> ids, const T* src);

  void clear();  // O(rows touched), keeps capacity
  std::span<const Id> rows() const { return rows_; }
  std::int64_t dim() const { return dim_; }
  MatrixView<T> values() { return {storage_.data(), {static_cast<std::int64_t>(rows_.size()), dim_}}; }
  MatrixView<const T> values() const {
    return {storage_.data(), {static_cast<std::int64_t>(rows_.size()), dim_}};
  }
  bool empty() const { return rows_.empty(); }

 private:
  void reserve_rows(std::int64_t n);

  std::int64_t dim_ = 0;
  std::vector<Id> rows_;
  std::vector<Id> slot_of_row_;  // -1 where the row is untouched
  Tensor<T> storage_;            // capacity rows x dim; the first rows_.size() are live
  std::vector<Id> batch_slots_;  // add_rows' slot per id, kept so a steady loop does not allocate
};

template <class T>
class Param {
 public:
  enum class Kind { Dense, Table };

  // A dense parameter (weights, biases): gradient in `grad`, same shape as the value.
  Param(std::string name, std::int64_t rows, std::int64_t cols);
  // An embedding table: read through gather ops, gradient in `sparse_grad`.
  static Param table(std::string name, std::int64_t rows, std::int64_t dim);

  const std::string& name() const { return name_; }
  Kind kind() const { return kind_; }
  bool is_table() const { return kind_ == Kind::Table; }
  Shape shape() const { return value.shape(); }

  // The dense gradient, allocated (zeroed) on first use: a table used densely, e.g.
  // all item vectors in a full softmax, gets a dense gradient too.
  Tensor<T>& dense_grad();
  bool has_dense_grad() const { return grad.size() > 0; }

  void zero_grad();

  Tensor<T> value;
  Tensor<T> grad;
  SparseRowGrad<T> sparse_grad;

 private:
  Param(std::string name, std::int64_t rows, std::int64_t cols, Kind kind);

  std::string name_;
  Kind kind_;
};

}  // namespace recgrad
