// SparseRowGrad's add_to_row and add_rows: the one way gradient reaches a table's rows,
// from the tape's gathers and from the layers' hand-derived backward passes alike.
#include <doctest/doctest.h>

#include <vector>

#include "autodiff/param.hpp"

using namespace recgrad;

namespace {
// The gradient row of table row `id`, or null when the row was not touched.
template <class T>
const T* grad_row(const SparseRowGrad<T>& g, Id id) {
  const auto rows = g.rows();
  for (std::size_t s = 0; s < rows.size(); ++s)
    if (rows[s] == id) return g.values().row(static_cast<std::int64_t>(s));
  return nullptr;
}
}  // namespace

TEST_CASE_TEMPLATE("add_to_row registers a row on first touch and accumulates after", T, float, double) {
  SparseRowGrad<T> g(10, 3);
  const T a[] = {1, 2, 3}, b[] = {-1, 0.5, 4};
  g.add_to_row(7, T(2), a);
  g.add_to_row(2, T(1), b);
  g.add_to_row(7, T(-1), b);
  REQUIRE(g.rows().size() == 2);
  CHECK(g.rows()[0] == 7);
  CHECK(g.rows()[1] == 2);
  const T* r7 = grad_row(g, 7);
  CHECK(r7[0] == T(3));    // 2*1 - (-1)
  CHECK(r7[1] == T(3.5));  // 2*2 - 0.5
  CHECK(r7[2] == T(2));    // 2*3 - 4
  CHECK(grad_row(g, 2)[2] == T(4));
  CHECK(grad_row(g, 0) == nullptr);

  // After clear() a row starts again from zero, not from what it held.
  g.clear();
  CHECK(g.empty());
  g.add_to_row(7, T(1), a);
  CHECK(grad_row(g, 7)[0] == T(1));
  CHECK(grad_row(g, 2) == nullptr);
}

TEST_CASE_TEMPLATE("add_to_row of a width-1 table adds the value itself", T, float, double) {
  SparseRowGrad<T> g(5, 1);
  g.add_to_row(4, T(0.25));
  g.add_to_row(1, T(2));
  g.add_to_row(4, T(-1));
  CHECK(*grad_row(g, 4) == T(-0.75));
  CHECK(*grad_row(g, 1) == T(2));
}

TEST_CASE_TEMPLATE("add_rows sums the rows of repeated ids and matches add_to_row", T, float, double) {
  // Enough rows that the scatter may run in parallel; ids repeat and grow past the
  // storage the first rows reserved, so registration must keep the live rows.
  constexpr std::int64_t n = 2000, dim = 4, table_rows = 300;
  std::vector<Id> ids(n);
  std::vector<T> src(n * dim);
  for (std::int64_t i = 0; i < n; ++i) {
    ids[static_cast<std::size_t>(i)] = static_cast<Id>((i * 37) % table_rows);
    for (std::int64_t d = 0; d < dim; ++d) src[static_cast<std::size_t>(i * dim + d)] = static_cast<T>((i + d) % 11) / 8;
  }
  SparseRowGrad<T> batched(table_rows, dim), one_by_one(table_rows, dim);
  batched.add_to_row(5, T(1), src.data());  // a row registered before the batch
  one_by_one.add_to_row(5, T(1), src.data());
  batched.add_rows(ids, src.data());
  for (std::int64_t i = 0; i < n; ++i) one_by_one.add_to_row(ids[static_cast<std::size_t>(i)], T(1), &src[i * dim]);

  REQUIRE(batched.rows().size() == one_by_one.rows().size());
  for (const Id id : one_by_one.rows())
    for (std::int64_t d = 0; d < dim; ++d) {
      INFO("row " << id << " column " << d);
      CHECK(grad_row(batched, id)[d] == doctest::Approx(grad_row(one_by_one, id)[d]));
    }
}
