// add, sub, mul (with broadcasting), scale, add_bias.
#include <cstring>

#include "autodiff/kernels/kernels.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/ops/op_support.hpp"

namespace recgrad {

using namespace ops_detail;

namespace {

// out = f(a, b) elementwise under broadcasting.
template <class T, class F>
void broadcast_forward(MatrixView<const T> a, MatrixView<const T> b, MatrixView<T> out, F f) {
  const Broadcast ba = Broadcast::of(a.shape, out.shape), bb = Broadcast::of(b.shape, out.shape);
  for (std::int64_t r = 0; r < out.rows(); ++r) {
    T* o = out.row(r);
    const T* pa = a.data + ba.at(r, 0);
    const T* pb = b.data + bb.at(r, 0);
    for (std::int64_t c = 0; c < out.cols(); ++c) o[c] = f(pa[c * ba.col_step], pb[c * bb.col_step]);
  }
}

// grad_x += d(out)/d(x) * g, summed over the rows and columns x was repeated along;
// `dfdx(r, c)` gives the local derivative at output element (r, c).
template <class T, class D>
void broadcast_backward(MatrixView<T> gx, std::type_identity_t<MatrixView<const T>> g, D dfdx) {
  const Broadcast bx = Broadcast::of(gx.shape, g.shape);
  for (std::int64_t r = 0; r < g.rows(); ++r) {
    const T* pg = g.row(r);
    T* px = gx.data + bx.at(r, 0);
    for (std::int64_t c = 0; c < g.cols(); ++c) px[c * bx.col_step] += dfdx(r, c) * pg[c];
  }
}

// d(a + b)/da = 1, d(a + b)/db = 1
template <class T>
void add_backward(Tape<T>& t, const Node<T>& n) {
  auto one = [](std::int64_t, std::int64_t) { return T(1); };
  for (int k = 0; k < 2; ++k)
    if (Node<T>& in = t.input(n, k); in.requires_grad) broadcast_backward(in.grad, n.grad, one);
}

// d(a - b)/da = 1, d(a - b)/db = -1
template <class T>
void sub_backward(Tape<T>& t, const Node<T>& n) {
  if (Node<T>& a = t.input(n, 0); a.requires_grad)
    broadcast_backward(a.grad, n.grad, [](std::int64_t, std::int64_t) { return T(1); });
  if (Node<T>& b = t.input(n, 1); b.requires_grad)
    broadcast_backward(b.grad, n.grad, [](std::int64_t, std::int64_t) { return T(-1); });
}

// d(a .* b)/da = b, d(a .* b)/db = a (each read at the output element's position)
template <class T>
void mul_backward(Tape<T>& t, const Node<T>& n) {
  Node<T>& a = t.input(n, 0);
  Node<T>& b = t.input(n, 1);
  const Broadcast ba = Broadcast::of(a.value.shape, n.value.shape);
  const Broadcast bb = Broadcast::of(b.value.shape, n.value.shape);
  if (a.requires_grad)
    broadcast_backward(a.grad, n.grad, [&](std::int64_t r, std::int64_t c) { return b.value.data[bb.at(r, c)]; });
  if (b.requires_grad)
    broadcast_backward(b.grad, n.grad, [&](std::int64_t r, std::int64_t c) { return a.value.data[ba.at(r, c)]; });
}

template <class T, class F>
Var<T> binary(const char* op, Var<T> a, Var<T> b, BackwardFn<T> backward, F f) {
  Tape<T>& t = same_tape(op, a, b);
  const Shape shape = broadcast_shape(op, a.shape(), b.shape());
  Var<T> out = t.record(op, shape, {a, b}, backward);
  broadcast_forward<T>(a.value(), b.value(), out.value(), f);
  return out;
}

template <class T>
struct ScaleRecord {
  T alpha;
};

// d(alpha x)/dx = alpha
template <class T>
void scale_backward(Tape<T>& t, const Node<T>& n) {
  const T alpha = static_cast<const ScaleRecord<T>*>(n.saved)->alpha;
  Node<T>& x = t.input(n, 0);
  kernels::axpy(alpha, n.grad.data, x.grad.data, n.grad.size());
}

// d(x + 1 b)/dx = g, d/db = column sums of g
template <class T>
void add_bias_backward(Tape<T>& t, const Node<T>& n) {
  Node<T>& x = t.input(n, 0);
  Node<T>& b = t.input(n, 1);
  if (x.requires_grad) kernels::axpy(T(1), n.grad.data, x.grad.data, n.grad.size());
  if (b.requires_grad)
    for (std::int64_t r = 0; r < n.grad.rows(); ++r) kernels::axpy(T(1), n.grad.row(r), b.grad.data, n.grad.cols());
}

}  // namespace

template <class T>
Var<T> add(Var<T> a, Var<T> b) {
  return binary("add", a, b, &add_backward<T>, [](T x, T y) { return x + y; });
}

template <class T>
Var<T> sub(Var<T> a, Var<T> b) {
  return binary("sub", a, b, &sub_backward<T>, [](T x, T y) { return x - y; });
}

template <class T>
Var<T> mul(Var<T> a, Var<T> b) {
  return binary("mul", a, b, &mul_backward<T>, [](T x, T y) { return x * y; });
}

template <class T>
Var<T> scale(Var<T> x, T alpha) {
  Var<T> out = x.tape->record("scale", x.shape(), {x}, &scale_backward<T>);
  out.tape->save_record(out, ScaleRecord<T>{alpha});
  MatrixView<T> in = x.value(), o = out.value();
  for (std::int64_t i = 0; i < o.size(); ++i) o.data[i] = alpha * in.data[i];
  return out;
}

template <class T>
Var<T> add_bias(Var<T> x, Var<T> b) {
  Tape<T>& t = same_tape("add_bias", x, b);
  require_shape("add_bias", "bias", b.shape(), {1, x.shape().cols});
  Var<T> out = t.record("add_bias", x.shape(), {x, b}, &add_bias_backward<T>);
  MatrixView<T> in = x.value(), o = out.value();
  std::memcpy(o.data, in.data, sizeof(T) * static_cast<std::size_t>(in.size()));
  for (std::int64_t r = 0; r < o.rows(); ++r) kernels::axpy(T(1), b.value().data, o.row(r), o.cols());
  return out;
}

#define RECGRAD_OPS(T)                      \
  template Var<T> add(Var<T>, Var<T>);      \
  template Var<T> sub(Var<T>, Var<T>);      \
  template Var<T> mul(Var<T>, Var<T>);      \
  template Var<T> scale(Var<T>, T);         \
  template Var<T> add_bias(Var<T>, Var<T>);
RECGRAD_INSTANTIATE_OPS

}  // namespace recgrad
