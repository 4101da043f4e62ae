#include "autodiff/param.hpp"

#include <algorithm>
#include <cstring>

#include "autodiff/kernels/kernels.hpp"

namespace recgrad {

template <class T>
SparseRowGrad<T>::SparseRowGrad(std::int64_t table_rows, std::int64_t dim)
    : dim_(dim), slot_of_row_(static_cast<std::size_t>(table_rows), -1) {}

template <class T>
void SparseRowGrad<T>::reserve_rows(std::int64_t n) {
  if (n <= storage_.rows()) return;
  // Grow geometrically and keep the live rows: a batch may add rows after earlier
  // ops of the same backward pass have written theirs.
  Tensor<T> bigger(std::max<std::int64_t>(n, 2 * storage_.rows()), dim_);
  if (!rows_.empty())
    std::memcpy(bigger.data(), storage_.data(), sizeof(T) * rows_.size() * static_cast<std::size_t>(dim_));
  storage_ = std::move(bigger);
}

template <class T>
void SparseRowGrad<T>::slots_for(std::span<const Id> ids, Id* slots) {
  reserve_rows(static_cast<std::int64_t>(rows_.size() + ids.size()));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    Id& slot = slot_of_row_[static_cast<std::size_t>(ids[i])];
    if (slot < 0) {
      slot = static_cast<Id>(rows_.size());
      rows_.push_back(ids[i]);
      std::fill_n(storage_.row(slot), dim_, T(0));
    }
    slots[i] = slot;
  }
}

template <class T>
void SparseRowGrad<T>::add_to_row(Id id, T coef, const T* src) {
  Id slot;
  slots_for({&id, 1}, &slot);
  kernels::axpy(coef, src, storage_.row(slot), dim_);
}

template <class T>
void SparseRowGrad<T>::add_to_row(Id id, T value) {
  Id slot;
  slots_for({&id, 1}, &slot);
  storage_.row(slot)[0] += value;
}

template <class T>
void SparseRowGrad<T>::add_rows(std::span<const Id> ids, const T* src) {
  batch_slots_.resize(ids.size());
  slots_for(ids, batch_slots_.data());
  kernels::scatter_add_rows(src, dim_, batch_slots_.data(), static_cast<std::int64_t>(ids.size()), storage_.data());
}

template <class T>
void SparseRowGrad<T>::clear() {
  for (Id r : rows_) slot_of_row_[static_cast<std::size_t>(r)] = -1;
  rows_.clear();
}

template <class T>
Param<T>::Param(std::string name, std::int64_t rows, std::int64_t cols)
    : Param(std::move(name), rows, cols, Kind::Dense) {}

template <class T>
Param<T>::Param(std::string name, std::int64_t rows, std::int64_t cols, Kind kind)
    : value(rows, cols), name_(std::move(name)), kind_(kind) {
  if (kind == Kind::Dense)
    grad.resize(rows, cols);
  else
    sparse_grad = SparseRowGrad<T>(rows, cols);
}

template <class T>
Param<T> Param<T>::table(std::string name, std::int64_t rows, std::int64_t dim) {
  return Param(std::move(name), rows, dim, Kind::Table);
}

template <class T>
Tensor<T>& Param<T>::dense_grad() {
  if (grad.shape() != value.shape()) grad.resize(value.rows(), value.cols());
  return grad;
}

template <class T>
void Param<T>::zero_grad() {
  grad.zero();
  sparse_grad.clear();
}

template class SparseRowGrad<float>;
template class SparseRowGrad<double>;
template class Param<float>;
template class Param<double>;

}  // namespace recgrad
