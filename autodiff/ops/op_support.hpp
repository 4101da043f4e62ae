// Shared plumbing for op implementations: shape checks with readable errors,
// broadcasting, and explicit instantiation for float and double.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "autodiff/errors.hpp"
#include "autodiff/tape.hpp"

namespace recgrad::ops_detail {

[[noreturn]] inline void shape_error(const char* op, const std::string& what) {
  throw ShapeError(std::string(op) + ": " + what);
}

inline void require_shape(const char* op, const char* operand, Shape got, Shape want) {
  if (got != want)
    shape_error(op, std::string(operand) + " has shape " + to_string(got) + ", expected " + to_string(want));
}

inline void require_cols(const char* op, const char* operand, Shape got, std::int64_t cols) {
  if (got.cols != cols)
    shape_error(op, std::string(operand) + " has shape " + to_string(got) + ", expected " +
                        std::to_string(cols) + " column" + (cols == 1 ? "" : "s"));
}

template <class T>
Tape<T>& same_tape(const char* op, Var<T> a, Var<T> b) {
  if (a.tape == nullptr || a.tape != b.tape)
    throw std::invalid_argument(std::string(op) + ": operands are not on the same tape");
  return *a.tape;
}

// σ(x) without overflow: e^-x is only taken for x >= 0, e^x only for x < 0.
template <class T>
T stable_sigmoid(T x) {
  if (x >= 0) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
}

// How an operand of shape `in` maps onto an output of shape `out` under
// broadcasting: element (r, c) of the output reads in(r * row_step, c * col_step).
struct Broadcast {
  std::int64_t row_step;  // 1, or 0 when the operand has one row
  std::int64_t col_step;  // 1, or 0 when the operand has one column
  std::int64_t stride;    // the operand's row length

  static Broadcast of(Shape in, Shape out) {
    return {in.rows == out.rows ? 1 : 0, in.cols == out.cols ? 1 : 0, in.cols};
  }
  std::int64_t at(std::int64_t r, std::int64_t c) const { return r * row_step * stride + c * col_step; }
};

inline Shape broadcast_shape(const char* op, Shape a, Shape b) {
  auto dim = [&](std::int64_t x, std::int64_t y) {
    if (x == y || y == 1) return x;
    if (x == 1) return y;
    shape_error(op, "shapes " + to_string(a) + " and " + to_string(b) + " do not broadcast");
  };
  return {dim(a.rows, b.rows), dim(a.cols, b.cols)};
}

}  // namespace recgrad::ops_detail

// Explicit instantiation of an op list for both scalar types: each file defines
// RECGRAD_OPS(T) as its list of `template Var<T> op(...);` lines, then uses this.
#define RECGRAD_INSTANTIATE_OPS \
  RECGRAD_OPS(float)            \
  RECGRAD_OPS(double)
