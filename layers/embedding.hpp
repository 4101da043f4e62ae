// Embedding layer: a table of rows, one per id, read by gathering (sparse gradient).
// A bias per id is an embedding of width 1.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "autodiff/ops.hpp"
#include "autodiff/random.hpp"

namespace recgrad {

template <class T>
class Embedding {
 public:
  // Rows drawn from N(0, init_std^2); init_std = 0 gives zeros (the usual bias start).
  Embedding(std::string name, std::int64_t rows, std::int64_t dim, double init_std, Rng& rng)
      : table_(Param<T>::table(std::move(name), rows, dim)) {
    if (init_std != 0)
      for (T& x : table_.value) x = static_cast<T>(rng.normal(0.0, init_std));
  }

  Var<T> operator()(Tape<T>& tape, std::span<const Id> ids) { return embedding<T>(tape, table_, ids); }

  Param<T>& table() { return table_; }
  const Param<T>& table() const { return table_; }
  const T* row(Id id) const { return table_.value.row(id); }
  std::int64_t rows() const { return table_.value.rows(); }
  std::int64_t dim() const { return table_.value.cols(); }
  void collect_params(std::vector<Param<T>*>& out) { out.push_back(&table_); }

 private:
  Param<T> table_;
};

}  // namespace recgrad
