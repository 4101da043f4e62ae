// Reductions: sum and mean over everything or per row, and the per-row dot product.
#include "autodiff/kernels/kernels.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/ops/op_support.hpp"

namespace recgrad {

using namespace ops_detail;

namespace {

template <class T>
struct ReduceRecord {
  T factor;  // 1 for a sum, 1 / count for a mean
};

template <class T>
T factor_of(const Node<T>& n) { return static_cast<const ReduceRecord<T>*>(n.saved)->factor; }

// d(f Σ_i x_i)/dx_i = f: every element gets f g
template <class T>
void reduce_all_backward(Tape<T>& t, const Node<T>& n) {
  Node<T>& x = t.input(n, 0);
  const T g = factor_of(n) * n.grad.data[0];
  for (std::int64_t i = 0; i < x.grad.size(); ++i) x.grad.data[i] += g;
}

// d(f Σ_c x_rc)/dx_rc = f: row r gets f g_r
template <class T>
void reduce_rows_backward(Tape<T>& t, const Node<T>& n) {
  Node<T>& x = t.input(n, 0);
  const T f = factor_of(n);
  for (std::int64_t r = 0; r < x.grad.rows(); ++r) {
    const T g = f * n.grad.data[r];
    T* gx = x.grad.row(r);
    for (std::int64_t c = 0; c < x.grad.cols(); ++c) gx[c] += g;
  }
}

template <class T>
Var<T> reduce_all(const char* op, Var<T> x, T factor) {
  Var<T> out = x.tape->record(op, {1, 1}, {x}, &reduce_all_backward<T>);
  x.tape->save_record(out, ReduceRecord<T>{factor});
  const MatrixView<T> v = x.value();
  T total = 0;
  for (std::int64_t i = 0; i < v.size(); ++i) total += v.data[i];
  out.value().data[0] = factor * total;
  return out;
}

template <class T>
Var<T> reduce_rows(const char* op, Var<T> x, T factor) {
  Var<T> out = x.tape->record(op, {x.shape().rows, 1}, {x}, &reduce_rows_backward<T>);
  x.tape->save_record(out, ReduceRecord<T>{factor});
  const MatrixView<T> v = x.value();
  for (std::int64_t r = 0; r < v.rows(); ++r) {
    T total = 0;
    for (std::int64_t c = 0; c < v.cols(); ++c) total += v(r, c);
    out.value().data[r] = factor * total;
  }
  return out;
}

// d(a_r . b_r)/da_r = g_r b_r, and symmetrically for b
template <class T>
void rowwise_dot_backward(Tape<T>& t, const Node<T>& n) {
  Node<T>& a = t.input(n, 0);
  Node<T>& b = t.input(n, 1);
  const std::int64_t cols = a.value.cols();
  if (n.inputs[0] == n.inputs[1]) {  // a_r . a_r = |a_r|^2: d/da_r = 2 g_r a_r, one pass instead of two
    for (std::int64_t r = 0; r < n.grad.rows(); ++r) kernels::axpy(2 * n.grad.data[r], a.value.row(r), a.grad.row(r), cols);
    return;
  }
  for (std::int64_t r = 0; r < n.grad.rows(); ++r) {
    const T g = n.grad.data[r];
    if (a.requires_grad) kernels::axpy(g, b.value.row(r), a.grad.row(r), cols);
    if (b.requires_grad) kernels::axpy(g, a.value.row(r), b.grad.row(r), cols);
  }
}

}  // namespace

template <class T>
Var<T> sum(Var<T> x) { return reduce_all("sum", x, T(1)); }

template <class T>
Var<T> mean(Var<T> x) {
  if (x.shape().size() == 0) shape_error("mean", "empty input " + to_string(x.shape()));
  return reduce_all("mean", x, T(1) / static_cast<T>(x.shape().size()));
}

template <class T>
Var<T> sum_rows(Var<T> x) { return reduce_rows("sum_rows", x, T(1)); }

template <class T>
Var<T> mean_rows(Var<T> x) {
  if (x.shape().cols == 0) shape_error("mean_rows", "input has no columns " + to_string(x.shape()));
  return reduce_rows("mean_rows", x, T(1) / static_cast<T>(x.shape().cols));
}

template <class T>
Var<T> rowwise_dot(Var<T> a, Var<T> b) {
  Tape<T>& t = same_tape("rowwise_dot", a, b);
  require_shape("rowwise_dot", "b", b.shape(), a.shape());
  Var<T> out = t.record("rowwise_dot", {a.shape().rows, 1}, {a, b}, &rowwise_dot_backward<T>);
  kernels::rowwise_dot(a.value().data, b.value().data, out.value().data, a.shape().rows, a.shape().cols);
  return out;
}

#define RECGRAD_OPS(T)                         \
  template Var<T> sum(Var<T>);                 \
  template Var<T> mean(Var<T>);                \
  template Var<T> sum_rows(Var<T>);            \
  template Var<T> mean_rows(Var<T>);           \
  template Var<T> rowwise_dot(Var<T>, Var<T>);
RECGRAD_INSTANTIATE_OPS

}  // namespace recgrad
