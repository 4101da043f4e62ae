// Matrix products on the blocked GEMM kernels.
#include "autodiff/kernels/kernels.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/ops/op_support.hpp"

namespace recgrad {

using namespace ops_detail;

namespace {

// C = A B:  dA += dC B^T,  dB += A^T dC
template <class T>
void matmul_backward(Tape<T>& t, const Node<T>& n) {
  Node<T>& a = t.input(n, 0);
  Node<T>& b = t.input(n, 1);
  const std::int64_t m = a.value.rows(), k = a.value.cols(), cols = b.value.cols();
  if (a.requires_grad) kernels::gemm_nt(m, k, cols, n.grad.data, b.value.data, a.grad.data, true);
  if (b.requires_grad) kernels::gemm_tn(k, cols, m, a.value.data, n.grad.data, b.grad.data, true);
}

// C = A B^T:  dA += dC B,  dB += dC^T A
template <class T>
void matmul_nt_backward(Tape<T>& t, const Node<T>& n) {
  Node<T>& a = t.input(n, 0);
  Node<T>& b = t.input(n, 1);
  const std::int64_t m = a.value.rows(), k = a.value.cols(), rows_b = b.value.rows();
  if (a.requires_grad) kernels::gemm_nn(m, k, rows_b, n.grad.data, b.value.data, a.grad.data, true);
  if (b.requires_grad) kernels::gemm_tn(rows_b, k, m, n.grad.data, a.value.data, b.grad.data, true);
}

}  // namespace

template <class T>
Var<T> matmul(Var<T> a, Var<T> b) {
  Tape<T>& t = same_tape("matmul", a, b);
  const Shape sa = a.shape(), sb = b.shape();
  if (sa.cols != sb.rows) shape_error("matmul", "cannot multiply " + to_string(sa) + " by " + to_string(sb));
  Var<T> out = t.record("matmul", {sa.rows, sb.cols}, {a, b}, &matmul_backward<T>);
  kernels::gemm_nn(sa.rows, sb.cols, sa.cols, a.value().data, b.value().data, out.value().data, false);
  return out;
}

template <class T>
Var<T> matmul_nt(Var<T> a, Var<T> b) {
  Tape<T>& t = same_tape("matmul_nt", a, b);
  const Shape sa = a.shape(), sb = b.shape();
  if (sa.cols != sb.cols)
    shape_error("matmul_nt", "cannot multiply " + to_string(sa) + " by the transpose of " + to_string(sb));
  Var<T> out = t.record("matmul_nt", {sa.rows, sb.rows}, {a, b}, &matmul_nt_backward<T>);
  kernels::gemm_nt(sa.rows, sb.rows, sa.cols, a.value().data, b.value().data, out.value().data, false);
  return out;
}

#define RECGRAD_OPS(T)                     \
  template Var<T> matmul(Var<T>, Var<T>);  \
  template Var<T> matmul_nt(Var<T>, Var<T>);
RECGRAD_INSTANTIATE_OPS

}  // namespace recgrad
