// Checks shared by the ops that read rows of an embedding table (gather.cpp, fm.cpp):
// the table is a table, its ids are in range, and a bag layout is well formed.
#pragma once

#include <span>
#include <string>

#include "autodiff/ops/op_support.hpp"
#include "autodiff/param.hpp"

namespace recgrad::ops_detail {

inline void check_ids(const char* op, const std::string& table, std::span<const Id> ids, std::int64_t rows) {
  for (Id id : ids)
    if (id < 0 || id >= rows)
      throw IndexError(std::string(op) + " '" + table + "': id " + std::to_string(id) +
                       " out of range for a table of " + std::to_string(rows) + " rows");
}

template <class T>
Param<T>& require_table(const char* op, Param<T>& p) {
  if (!p.is_table())
    throw std::invalid_argument(std::string(op) + ": parameter '" + p.name() +
                                "' is dense; embedding tables are made with Param::table");
  return p;
}

// Bags in CSR form: bag b is ids[offsets[b] .. offsets[b+1]), with one weight per id
// or none. Returns the number of bags.
template <class T>
std::int64_t check_bags(const char* op, std::span<const Id> ids, std::span<const std::int64_t> offsets,
                        std::span<const T> weights) {
  const auto n = static_cast<std::int64_t>(ids.size());
  if (offsets.empty() || offsets.front() != 0 || offsets.back() != n)
    shape_error(op, "offsets must start at 0 and end at the number of ids (" + std::to_string(n) + ")");
  for (std::size_t b = 1; b < offsets.size(); ++b)
    if (offsets[b] < offsets[b - 1]) shape_error(op, "offsets decrease at bag " + std::to_string(b - 1));
  if (!weights.empty() && weights.size() != ids.size())
    shape_error(op, std::to_string(weights.size()) + " weights for " + std::to_string(n) + " ids");
  return static_cast<std::int64_t>(offsets.size()) - 1;
}

}  // namespace recgrad::ops_detail
