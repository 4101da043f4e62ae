// gather_rows and scatter_add_rows: exact copies and sums, duplicate ids, thread-count independence.
#include <doctest/doctest.h>

#include <random>
#include <vector>

#include "autodiff/kernels/kernels.hpp"
#include "kernel_test_util.hpp"

namespace kn = recgrad::kernels;
using kn::Id;
using kn::Index;
using namespace kn::testing;

namespace {

// n ids over `rows` rows, skewed so that a few rows come back again and again, like
// popular items in a batch.
std::vector<Id> skewed_ids(Index n, Index rows, std::mt19937& rng) {
  std::vector<Id> ids(static_cast<std::size_t>(n));
  std::uniform_int_distribution<Index> any(0, rows - 1);
  std::uniform_int_distribution<Index> hot(0, std::min<Index>(rows, 3) - 1);
  std::bernoulli_distribution pick_hot(0.5);
  for (Id& id : ids) id = static_cast<Id>(pick_hot(rng) ? hot(rng) : any(rng));
  return ids;
}

// The last count makes rows x 1023 columns cross kParallelWork: the threaded path.
const Index kRowCounts[] = {0, 1, 7, kn::kParallelRows + 44, kn::kParallelWork / 1000};

}  // namespace

TEST_CASE_TEMPLATE("gather_rows copies exactly the requested rows", T, float, double) {
  std::mt19937 rng(21);
  const Index table_rows = 50;
  for (Index n : kRowCounts) {
    for (Index dim : kSizes) {
      CAPTURE(n);
      CAPTURE(dim);
      const auto table = random_buffer<T>(table_rows * dim, rng);
      const auto ids = skewed_ids(n, table_rows, rng);
      Unaligned<T> got(n * dim), expected(n * dim);
      kn::gather_rows(table.data(), dim, ids.data(), n, got.data());
      kn::reference::gather_rows(table.data(), dim, ids.data(), n, expected.data());
      CHECK(same_bits(got, expected));
      if (n > 0 && dim > 0) CHECK(got[(n - 1) * dim + dim - 1] == table[ids.back() * dim + dim - 1]);
    }
  }
}

TEST_CASE_TEMPLATE("scatter_add_rows sums duplicate slots in id order, like the reference", T, float, double) {
  std::mt19937 rng(22);
  const Index table_rows = 40;
  for (Index n : kRowCounts) {
    for (Index dim : kSizes) {
      CAPTURE(n);
      CAPTURE(dim);
      const auto src = random_buffer<T>(n * dim, rng);
      const auto dst0 = random_buffer<T>(table_rows * dim, rng);
      const auto slots = skewed_ids(n, table_rows, rng);
      Unaligned<T> got(dst0), expected(dst0);
      kn::scatter_add_rows(src.data(), dim, slots.data(), n, got.data());
      kn::reference::scatter_add_rows(src.data(), dim, slots.data(), n, expected.data());
      // Each element sees the same additions in the same order, so not even rounding differs.
      CHECK(same_bits(got, expected));
    }
  }
}

TEST_CASE("scatter_add_rows into one slot adds every source row") {
  const Index dim = 19;
  const Index n = kn::kParallelRows + 1;
  Unaligned<double> src(n * dim, 0.5);
  Unaligned<double> dst(2 * dim, 1.0);
  const std::vector<Id> slots(static_cast<std::size_t>(n), 1);
  kn::scatter_add_rows(src.data(), dim, slots.data(), n, dst.data());
  for (Index c = 0; c < dim; ++c) {
    CHECK(dst[c] == 1.0);                         // untouched row 0
    CHECK(dst[dim + c] == 1.0 + 0.5 * double(n));  // exact in binary
  }
}

TEST_CASE_TEMPLATE("scatter_add_rows gives the same bits with 1, 2 and 3 threads", T, float, double) {
  std::mt19937 rng(23);
  const Index n = kn::kParallelWork / 32;  // enough work to go parallel at both widths
  const Index table_rows = 40;
  for (Index dim : {Index(64), Index(33)}) {
    CAPTURE(dim);
    const auto src = random_buffer<T>(n * dim, rng);
    const auto dst0 = random_buffer<T>(table_rows * dim, rng);
    const auto slots = skewed_ids(n, table_rows, rng);
    Unaligned<T> serial(dst0);
    {
      ThreadCount one(1);
      kn::scatter_add_rows(src.data(), dim, slots.data(), n, serial.data());
    }
    for (int threads : {2, 3}) {
      CAPTURE(threads);
      ThreadCount many(threads);
      Unaligned<T> parallel(dst0);
      kn::scatter_add_rows(src.data(), dim, slots.data(), n, parallel.data());
      CHECK(same_bits(serial, parallel));
    }
  }
}
