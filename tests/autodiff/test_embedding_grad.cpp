// Embedding gradients are sparse: one row per touched id, duplicates summed.
#include <doctest/doctest.h>

#include <algorithm>

#include "autodiff/ops.hpp"

using namespace recgrad;

TEST_CASE_TEMPLATE("duplicate ids in a batch accumulate into one sparse row", T, float, double) {
  Tape<T> tape;
  auto table = Param<T>::table("t", 100, 3);
  for (std::int64_t i = 0; i < table.value.size(); ++i) table.value.data()[i] = static_cast<T>(i % 7) / 7;
  const Id ids[] = {5, 42, 5, 5, 7};
  Tensor<T> weights(5, 3);  // output row r gets weight r + 1 in every column
  for (std::int64_t r = 0; r < 5; ++r)
    for (std::int64_t c = 0; c < 3; ++c) weights(r, c) = static_cast<T>(r + 1);
  Var<T> e = embedding<T>(tape, table, ids);
  CHECK(e.value()(1, 2) == table.value(42, 2));
  tape.backward(sum(mul(e, tape.constant(weights.view()))));

  const auto rows = table.sparse_grad.rows();
  REQUIRE(rows.size() == 3);  // 5, 42, 7: each once
  const auto values = table.sparse_grad.values();
  for (std::size_t s = 0; s < rows.size(); ++s) {
    const T expected = rows[s] == 5 ? T(1 + 3 + 4) : rows[s] == 42 ? T(2) : T(5);
    for (std::int64_t c = 0; c < 3; ++c) CHECK(values(static_cast<std::int64_t>(s), c) == expected);
  }
  CHECK_FALSE(table.has_dense_grad());

  table.zero_grad();
  CHECK(table.sparse_grad.empty());
}

TEST_CASE("embedding bags: mean of the bag, empty bag gives zeros, gradient per id") {
  Tape<double> tape;
  auto table = Param<double>::table("features", 4, 2);
  for (std::int64_t i = 0; i < 8; ++i) table.value.data()[i] = static_cast<double>(i);  // row r = (2r, 2r+1)
  const Id ids[] = {0, 2, 3};
  const std::int64_t offsets[] = {0, 2, 2, 3};  // bags {0, 2}, {}, {3}
  const double w[] = {1.0, 3.0, 2.0};
  Var<double> bags = embedding_bag<double>(tape, table, ids, offsets, w, BagMode::Mean);
  // bag 0: (1 * (0, 1) + 3 * (4, 5)) / 4 = (3, 4); bag 1: zeros; bag 2: (6, 7)
  CHECK(bags.value()(0, 0) == doctest::Approx(3.0));
  CHECK(bags.value()(0, 1) == doctest::Approx(4.0));
  CHECK(bags.value()(1, 0) == 0.0);
  CHECK(bags.value()(2, 1) == doctest::Approx(7.0));
  tape.backward(sum(bags));
  // d/d row 2 = 3/4 in each column; d/d row 3 = 1 (its bag's only id, mean of weight 2 / 2)
  const auto rows = table.sparse_grad.rows();
  const auto values = table.sparse_grad.values();
  for (std::size_t s = 0; s < rows.size(); ++s) {
    const double expected = rows[s] == 0 ? 0.25 : rows[s] == 2 ? 0.75 : 1.0;
    CHECK(values(static_cast<std::int64_t>(s), 0) == doctest::Approx(expected));
  }
  CHECK(rows.size() == 3);
}

TEST_CASE("a table read by several ops in one batch collects all their rows") {
  Tape<float> tape;
  auto items = Param<float>::table("items", 50, 4);
  std::fill(items.value.begin(), items.value.end(), 1.0f);
  const Id pos[] = {1, 2, 3};
  const Id neg[] = {3, 4, 5};
  Var<float> p = embedding<float>(tape, items, pos);
  Var<float> n = embedding<float>(tape, items, neg);
  tape.backward(sum(sub(p, n)));
  std::vector<Id> rows(items.sparse_grad.rows().begin(), items.sparse_grad.rows().end());
  std::sort(rows.begin(), rows.end());
  CHECK(rows == std::vector<Id>{1, 2, 3, 4, 5});
  const auto values = items.sparse_grad.values();
  for (std::size_t s = 0; s < rows.size(); ++s) {
    const Id r = items.sparse_grad.rows()[s];
    const float expected = r == 3 ? 0.0f : (r < 3 ? 1.0f : -1.0f);
    CHECK(values(static_cast<std::int64_t>(s), 0) == expected);
  }
}
