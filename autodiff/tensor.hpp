// Dense row-major 2-D tensors: the one storage type of the engine.
//
// A `Tensor<T>` owns 64-byte aligned storage (one cache line, and the widest SIMD
// register we target), so kernels may use aligned loads on row 0 and never split a
// cache line needlessly. A `MatrixView<T>` is a non-owning window with the same
// layout; the tape hands those out, because its storage lives in an arena.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <type_traits>

namespace recgrad {

inline constexpr std::size_t kTensorAlignment = 64;

struct Shape {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::int64_t size() const { return rows * cols; }
  friend bool operator==(const Shape&, const Shape&) = default;
};

std::string to_string(Shape s);  // "[rows x cols]", used in error messages

template <class T>
struct MatrixView {
  T* data = nullptr;
  Shape shape;

  MatrixView() = default;
  MatrixView(T* d, Shape s) : data(d), shape(s) {}
  // A view of mutable data is also a view of const data.
  template <class U>
    requires std::is_same_v<const U, T>
  MatrixView(MatrixView<U> other) : data(other.data), shape(other.shape) {}

  std::int64_t rows() const { return shape.rows; }
  std::int64_t cols() const { return shape.cols; }
  std::int64_t size() const { return shape.size(); }
  T* row(std::int64_t r) const { return data + r * shape.cols; }
  T& operator()(std::int64_t r, std::int64_t c) const { return data[r * shape.cols + c]; }
  T* begin() const { return data; }
  T* end() const { return data + size(); }
};

template <class T>
class Tensor {
 public:
  Tensor() = default;
  Tensor(std::int64_t rows, std::int64_t cols) { resize(rows, cols); }

  Tensor(const Tensor& other) : Tensor(other.rows(), other.cols()) {
    if (size() > 0) std::memcpy(data_.get(), other.data_.get(), bytes());
  }
  Tensor& operator=(const Tensor& other) {
    if (this != &other) {
      resize(other.rows(), other.cols());
      if (size() > 0) std::memcpy(data_.get(), other.data_.get(), bytes());
    }
    return *this;
  }
  Tensor(Tensor&&) noexcept = default;
  Tensor& operator=(Tensor&&) noexcept = default;

  // Zero-filled; reallocates only when the element count grows past capacity.
  void resize(std::int64_t rows, std::int64_t cols) {
    const std::int64_t n = rows * cols;
    if (n > capacity_) {
      data_.reset(n > 0 ? allocate(n) : nullptr);
      capacity_ = n;
    }
    shape_ = {rows, cols};
    zero();
  }
  void zero() {
    if (size() > 0) std::memset(data_.get(), 0, bytes());
  }

  Shape shape() const { return shape_; }
  std::int64_t rows() const { return shape_.rows; }
  std::int64_t cols() const { return shape_.cols; }
  std::int64_t size() const { return shape_.size(); }
  T* data() { return data_.get(); }
  const T* data() const { return data_.get(); }
  T* row(std::int64_t r) { return data_.get() + r * shape_.cols; }
  const T* row(std::int64_t r) const { return data_.get() + r * shape_.cols; }
  T& operator()(std::int64_t r, std::int64_t c) { return data_[r * shape_.cols + c]; }
  const T& operator()(std::int64_t r, std::int64_t c) const { return data_[r * shape_.cols + c]; }
  T* begin() { return data(); }
  T* end() { return data() + size(); }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size(); }

  MatrixView<T> view() { return {data_.get(), shape_}; }
  MatrixView<const T> view() const { return {data_.get(), shape_}; }

 private:
  struct AlignedFree {
    void operator()(T* p) const { ::operator delete[](p, std::align_val_t{kTensorAlignment}); }
  };
  static T* allocate(std::int64_t n) {
    return static_cast<T*>(::operator new[](sizeof(T) * static_cast<std::size_t>(n),
                                            std::align_val_t{kTensorAlignment}));
  }
  std::size_t bytes() const { return sizeof(T) * static_cast<std::size_t>(size()); }

  std::unique_ptr<T[], AlignedFree> data_;
  Shape shape_;
  std::int64_t capacity_ = 0;
};

}  // namespace recgrad
