// Elementwise activations: relu, sigmoid, tanh, exp, log, softplus, log_sigmoid.
// Each backward is gx += g * f'(x), with f' written from x and/or y = f(x).
#include <cmath>

#include "autodiff/kernels/kernels.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/ops/op_support.hpp"

namespace recgrad {

using namespace ops_detail;

namespace {

// Records a unary node and fills its value with forward(x, y, n) over the raw buffers.
template <class T, class Forward>
Var<T> unary(const char* op, Var<T> x, BackwardFn<T> backward, Forward forward) {
  Var<T> out = x.tape->record(op, x.shape(), {x}, backward);
  forward(x.value().data, out.value().data, out.value().size());
  return out;
}

template <class T, class Derivative>
void unary_backward(Tape<T>& t, const Node<T>& n, Derivative dydx) {
  Node<T>& x = t.input(n, 0);
  const T* xv = x.value.data;
  const T* yv = n.value.data;
  const T* g = n.grad.data;
  T* gx = x.grad.data;
  for (std::int64_t i = 0; i < n.value.size(); ++i) gx[i] += g[i] * dydx(xv[i], yv[i]);
}

// relu'(x) = 1 for x > 0, else 0 (the subgradient 0 at the kink)
template <class T>
void relu_backward(Tape<T>& t, const Node<T>& n) {
  unary_backward(t, n, [](T x, T) { return x > 0 ? T(1) : T(0); });
}
// σ'(x) = σ(x) (1 - σ(x))
template <class T>
void sigmoid_backward(Tape<T>& t, const Node<T>& n) {
  unary_backward(t, n, [](T, T y) { return y * (T(1) - y); });
}
// tanh'(x) = 1 - tanh(x)^2
template <class T>
void tanh_backward(Tape<T>& t, const Node<T>& n) {
  unary_backward(t, n, [](T, T y) { return T(1) - y * y; });
}
// exp'(x) = exp(x)
template <class T>
void exp_backward(Tape<T>& t, const Node<T>& n) {
  unary_backward(t, n, [](T, T y) { return y; });
}
// log'(x) = 1 / x
template <class T>
void log_backward(Tape<T>& t, const Node<T>& n) {
  unary_backward(t, n, [](T x, T) { return T(1) / x; });
}
// softplus'(x) = σ(x)
template <class T>
void softplus_backward(Tape<T>& t, const Node<T>& n) {
  unary_backward(t, n, [](T x, T) { return stable_sigmoid(x); });
}
// (log σ)'(x) = 1 - σ(x) = σ(-x)
template <class T>
void log_sigmoid_backward(Tape<T>& t, const Node<T>& n) {
  unary_backward(t, n, [](T x, T) { return stable_sigmoid(-x); });
}

}  // namespace

template <class T>
Var<T> relu(Var<T> x) {
  Var<T> y = unary("relu", x, &relu_backward<T>, [](const T* in, T* out, std::int64_t n) {
    for (std::int64_t i = 0; i < n; ++i) out[i] = in[i] > 0 ? in[i] : T(0);
  });
  y.tape->node(y.id).kink_at_zero = true;
  return y;
}

template <class T>
Var<T> sigmoid(Var<T> x) {
  return unary("sigmoid", x, &sigmoid_backward<T>, [](const T* in, T* out, std::int64_t n) { kernels::sigmoid(in, out, n); });
}

template <class T>
Var<T> tanh(Var<T> x) {
  return unary("tanh", x, &tanh_backward<T>, [](const T* in, T* out, std::int64_t n) {
    for (std::int64_t i = 0; i < n; ++i) out[i] = std::tanh(in[i]);
  });
}

template <class T>
Var<T> exp(Var<T> x) {
  return unary("exp", x, &exp_backward<T>, [](const T* in, T* out, std::int64_t n) {
    for (std::int64_t i = 0; i < n; ++i) out[i] = std::exp(in[i]);
  });
}

template <class T>
Var<T> log(Var<T> x) {
  return unary("log", x, &log_backward<T>, [](const T* in, T* out, std::int64_t n) {
    for (std::int64_t i = 0; i < n; ++i) out[i] = std::log(in[i]);
  });
}

template <class T>
Var<T> softplus(Var<T> x) {
  return unary("softplus", x, &softplus_backward<T>, [](const T* in, T* out, std::int64_t n) { kernels::softplus(in, out, n); });
}

template <class T>
Var<T> log_sigmoid(Var<T> x) {
  return unary("log_sigmoid", x, &log_sigmoid_backward<T>, [](const T* in, T* out, std::int64_t n) {
    // log σ(x) = -softplus(-x)
    for (std::int64_t i = 0; i < n; ++i) out[i] = -in[i];
    kernels::softplus(out, out, n);
    for (std::int64_t i = 0; i < n; ++i) out[i] = -out[i];
  });
}

#define RECGRAD_OPS(T)                  \
  template Var<T> relu(Var<T>);         \
  template Var<T> sigmoid(Var<T>);      \
  template Var<T> tanh(Var<T>);         \
  template Var<T> exp(Var<T>);          \
  template Var<T> log(Var<T>);          \
  template Var<T> softplus(Var<T>);     \
  template Var<T> log_sigmoid(Var<T>);
RECGRAD_INSTANTIATE_OPS

}  // namespace recgrad
