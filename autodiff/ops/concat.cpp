// Column concatenation: parts of equal row count placed side by side.
#include <algorithm>

#include "autodiff/ops.hpp"
#include "autodiff/ops/op_support.hpp"

namespace recgrad {

using namespace ops_detail;

namespace {

// Each part's gradient is its block of columns of the output gradient.
template <class T>
void concat_cols_backward(Tape<T>& t, const Node<T>& n) {
  std::int64_t first_col = 0;
  for (int k = 0; k < n.num_inputs; ++k) {
    Node<T>& part = t.input(n, k);
    const std::int64_t cols = part.value.cols();
    if (part.requires_grad)
      for (std::int64_t r = 0; r < n.grad.rows(); ++r) {
        const T* g = n.grad.row(r) + first_col;
        T* gp = part.grad.row(r);
        for (std::int64_t c = 0; c < cols; ++c) gp[c] += g[c];
      }
    first_col += cols;
  }
}

}  // namespace

template <class T>
Var<T> concat_cols(std::span<const Var<T>> parts) {
  if (parts.empty()) shape_error("concat_cols", "no inputs");
  const std::int64_t rows = parts[0].shape().rows;
  std::int64_t cols = 0;
  for (const Var<T>& p : parts) {
    if (p.tape != parts[0].tape) throw std::invalid_argument("concat_cols: inputs are not on the same tape");
    if (p.shape().rows != rows)
      shape_error("concat_cols", "part of shape " + to_string(p.shape()) + " next to one with " +
                                     std::to_string(rows) + " rows");
    cols += p.shape().cols;
  }
  Var<T> out = parts[0].tape->record("concat_cols", {rows, cols}, parts, &concat_cols_backward<T>);
  std::int64_t first_col = 0;
  for (const Var<T>& p : parts) {
    const MatrixView<T> v = p.value();
    for (std::int64_t r = 0; r < rows; ++r) std::copy(v.row(r), v.row(r) + v.cols(), out.value().row(r) + first_col);
    first_col += v.cols();
  }
  return out;
}

#define RECGRAD_OPS(T) template Var<T> concat_cols(std::span<const Var<T>>);
RECGRAD_INSTANTIATE_OPS

}  // namespace recgrad
