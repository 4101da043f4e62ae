// Gathers: embedding lookup, embedding bags, and row gathers from a variable.
// Their backward passes scatter-add rows, so repeated ids accumulate; for tables
// the destination is the parameter's sparse gradient (touched rows only).
#include "autodiff/kernels/kernels.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/ops/op_support.hpp"
#include "autodiff/ops/table_support.hpp"

namespace recgrad {

using namespace ops_detail;

namespace {

// The rows an embedding op read, and for bags the coefficient each row was
// multiplied by (its weight, over the bag's total weight for a mean).
template <class T>
struct GatherRecord {
  Param<T>* table;
  const Id* ids;
  const T* coef;  // null: every coefficient is 1
  std::int64_t n;
};

// Shared backward of embedding and embedding_bag: table row ids[j] gets
// coef_j * (gradient of the output row that read it); `row_of(j)` names that row.
template <class T, class RowOf>
void scatter_to_table(Tape<T>& t, const Node<T>& n, RowOf row_of) {
  const auto& rec = *static_cast<const GatherRecord<T>*>(n.saved);
  const std::int64_t dim = rec.table->value.cols();
  const T* src = n.grad.data;
  if (rec.coef != nullptr || n.grad.rows() != rec.n) {
    T* rows = t.template scratch<T>(static_cast<std::size_t>(rec.n * dim));
    for (std::int64_t j = 0; j < rec.n; ++j) {
      const T c = rec.coef != nullptr ? rec.coef[j] : T(1);
      const T* g = n.grad.row(row_of(j));
      for (std::int64_t d = 0; d < dim; ++d) rows[j * dim + d] = c * g[d];
    }
    src = rows;
  }
  rec.table->sparse_grad.add_rows({rec.ids, static_cast<std::size_t>(rec.n)}, src);
}

template <class T>
void embedding_backward(Tape<T>& t, const Node<T>& n) {
  scatter_to_table(t, n, [](std::int64_t j) { return j; });
}

template <class T>
struct BagRecord {
  GatherRecord<T> gather;
  const Id* bag_of;  // bag (output row) of each id
};

template <class T>
void embedding_bag_backward(Tape<T>& t, const Node<T>& n) {
  const Id* bag_of = static_cast<const BagRecord<T>*>(n.saved)->bag_of;
  scatter_to_table(t, n, [bag_of](std::int64_t j) { return bag_of[j]; });
}

// x row ids[i] += gradient row i
template <class T>
void gather_rows_backward(Tape<T>& t, const Node<T>& n) {
  Node<T>& x = t.input(n, 0);
  const auto* ids = static_cast<const Id*>(n.saved);
  kernels::scatter_add_rows(n.grad.data, x.value.cols(), ids, n.grad.rows(), x.grad.data);
}

}  // namespace

template <class T>
Var<T> embedding(Tape<T>& tape, Param<T>& table, std::span<const Id> ids) {
  require_table("embedding", table);
  check_ids("embedding", table.name(), ids, table.value.rows());
  const std::int64_t n = static_cast<std::int64_t>(ids.size()), dim = table.value.cols();
  Var<T> out = tape.record("embedding", {n, dim}, std::span<const Var<T>>{}, &embedding_backward<T>, true);
  kernels::gather_rows(table.value.data(), dim, ids.data(), n, out.value().data);
  tape.save_record(out, GatherRecord<T>{&table, tape.save(ids).data(), nullptr, n});
  return out;
}

template <class T>
Var<T> embedding_bag(Tape<T>& tape, Param<T>& table, std::span<const Id> ids,
                     std::span<const std::int64_t> offsets, std::span<const T> weights, BagMode mode) {
  const char* op = "embedding_bag";
  require_table(op, table);
  check_ids(op, table.name(), ids, table.value.rows());
  const auto n = static_cast<std::int64_t>(ids.size());
  const std::int64_t bags = check_bags(op, ids, offsets, weights);
  const std::int64_t dim = table.value.cols();

  Var<T> out = tape.record(op, {bags, dim}, std::span<const Var<T>>{}, &embedding_bag_backward<T>, true);
  T* coef = tape.template scratch<T>(static_cast<std::size_t>(n));
  Id* bag_of = tape.template scratch<Id>(static_cast<std::size_t>(n));
  for (std::int64_t b = 0; b < bags; ++b) {
    const std::int64_t first = offsets[b], last = offsets[b + 1];
    T total = 0;
    for (std::int64_t j = first; j < last; ++j) {
      coef[j] = weights.empty() ? T(1) : weights[j];
      total += coef[j];
      bag_of[j] = static_cast<Id>(b);
    }
    if (mode == BagMode::Mean && total != T(0))
      for (std::int64_t j = first; j < last; ++j) coef[j] /= total;
    T* row = out.value().row(b);
    if (dim == 1) {  // a table of weights (a linear model's): a dot product, not a call per id
      T sum = 0;
      for (std::int64_t j = first; j < last; ++j) sum += coef[j] * table.value.data()[ids[j]];
      row[0] = sum;
      continue;
    }
    std::fill(row, row + dim, T(0));
    for (std::int64_t j = first; j < last; ++j) kernels::axpy(coef[j], table.value.row(ids[j]), row, dim);
  }
  tape.save_record(out, BagRecord<T>{{&table, tape.save(ids).data(), coef, n}, bag_of});
  return out;
}

template <class T>
Var<T> gather_rows(Var<T> x, std::span<const Id> ids) {
  check_ids("gather_rows", "variable", ids, x.shape().rows);
  const auto n = static_cast<std::int64_t>(ids.size());
  const std::int64_t cols = x.shape().cols;
  Var<T> out = x.tape->record("gather_rows", {n, cols}, {x}, &gather_rows_backward<T>);
  kernels::gather_rows(x.value().data, cols, ids.data(), n, out.value().data);
  x.tape->node(out.id).saved = x.tape->save(ids).data();
  return out;
}

#define RECGRAD_OPS(T)                                                                        \
  template Var<T> embedding(Tape<T>&, Param<T>&, std::span<const Id>);                       \
  template Var<T> embedding_bag(Tape<T>&, Param<T>&, std::span<const Id>,                    \
                                std::span<const std::int64_t>, std::span<const T>, BagMode); \
  template Var<T> gather_rows(Var<T>, std::span<const Id>);
RECGRAD_INSTANTIATE_OPS

}  // namespace recgrad
