// ALS's inner solver against an exact solve: the normal equations of one row,
// A = YᵀY + λI + α Σ_{j∈rows} r_j y_j y_jᵀ, b = Σ_{j∈rows} (1 + α r_j) y_j (r_j = 1, or the
// pair's rating under --confidence rating), formed densely in
// double here and solved by Cholesky, on random systems of several sizes and
// conditionings; then the warm start and the step cap as ImplicitAls uses them.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "autodiff/random.hpp"
#include "models/als/cg_solve.hpp"

using namespace recgrad;

namespace {

// A random system: `n` factor rows of width k, column c scaled by spread^(c / (k - 1))
// so that `spread` sets YᵀY's conditioning, and `count` of the rows in the row's list.
struct System {
  Tensor<float> Y, G;
  std::vector<Id> rows;
  float lambda, alpha;
  std::vector<float> ratings{};  // beside rows; empty: 1 for every pair
  RowSystem view() const { return {G, Y, rows, lambda, alpha, ratings}; }
  double rating(std::size_t n) const { return ratings.empty() ? 1.0 : ratings[n]; }
};

System random_system(std::int64_t k, Id n, Id count, double spread, float lambda, std::uint64_t seed) {
  Rng rng(seed);
  System s{Tensor<float>(n, k), Tensor<float>(k, k), {}, lambda, 5.0f};
  for (Id j = 0; j < n; ++j)
    for (std::int64_t c = 0; c < k; ++c) {
      const double column_scale = k > 1 ? std::pow(spread, static_cast<double>(c) / static_cast<double>(k - 1)) : 1.0;
      s.Y(j, c) = static_cast<float>(rng.normal(0.0, 0.3) * column_scale);
    }
  for (std::int64_t a = 0; a < k; ++a)
    for (std::int64_t c = 0; c < k; ++c) {
      double g = 0;
      for (Id j = 0; j < n; ++j) g += double{s.Y(j, a)} * s.Y(j, c);
      s.G(a, c) = static_cast<float>(g);
    }
  for (Id j = 0; j < count; ++j) s.rows.push_back(static_cast<Id>(rng.below(static_cast<std::uint64_t>(n))));
  return s;
}

// The exact solution in double: A and b formed densely, then Cholesky A = L Lᵀ.
std::vector<double> exact_solve(const System& s) {
  const std::int64_t k = s.G.rows();
  std::vector<double> A(static_cast<std::size_t>(k * k)), b(static_cast<std::size_t>(k), 0.0);
  for (std::int64_t a = 0; a < k; ++a)
    for (std::int64_t c = 0; c < k; ++c) A[a * k + c] = s.G(a, c) + (a == c ? s.lambda : 0.0);
  for (std::size_t n = 0; n < s.rows.size(); ++n) {
    const Id j = s.rows[n];
    for (std::int64_t a = 0; a < k; ++a) {
      b[a] += (1.0 + s.alpha * s.rating(n)) * s.Y(j, a);
      for (std::int64_t c = 0; c < k; ++c) A[a * k + c] += s.alpha * s.rating(n) * s.Y(j, a) * s.Y(j, c);
    }
  }
  for (std::int64_t c = 0; c < k; ++c) {  // in place: L below and on the diagonal
    for (std::int64_t m = 0; m < c; ++m) A[c * k + c] -= A[c * k + m] * A[c * k + m];
    A[c * k + c] = std::sqrt(A[c * k + c]);
    for (std::int64_t r = c + 1; r < k; ++r) {
      for (std::int64_t m = 0; m < c; ++m) A[r * k + c] -= A[r * k + m] * A[c * k + m];
      A[r * k + c] /= A[c * k + c];
    }
  }
  for (std::int64_t r = 0; r < k; ++r) {  // L z = b
    for (std::int64_t m = 0; m < r; ++m) b[r] -= A[r * k + m] * b[m];
    b[r] /= A[r * k + r];
  }
  for (std::int64_t r = k - 1; r >= 0; --r) {  // Lᵀ x = z
    for (std::int64_t m = r + 1; m < k; ++m) b[r] -= A[m * k + r] * b[m];
    b[r] /= A[r * k + r];
  }
  return b;
}

// |x - exact| / |exact|.
double relative_error(const std::vector<float>& x, const std::vector<double>& exact) {
  double diff = 0, norm = 0;
  for (std::size_t d = 0; d < x.size(); ++d) {
    diff += (x[d] - exact[d]) * (x[d] - exact[d]);
    norm += exact[d] * exact[d];
  }
  return std::sqrt(diff / norm);
}

}  // namespace

TEST_CASE("CG solves a row's normal equations to float precision, from zero, for several sizes and conditionings") {
  for (const std::int64_t k : {1, 4, 16, 32}) {
    for (const double spread : {1.0, 30.0}) {   // YᵀY's condition number about 1 and about spread^2
      for (const float lambda : {1.0f, 0.01f}) {  // a small λ leaves the conditioning to YᵀY
        const System s = random_system(k, 200, 12, spread, lambda, 7 + static_cast<std::uint64_t>(k));
        const std::vector<double> exact = exact_solve(s);
        std::vector<float> x(static_cast<std::size_t>(k), 0.0f);
        CgScratch scratch(k);
        const int steps = cg_solve_row(s.view(), static_cast<int>(4 * k), x.data(), scratch);
        INFO("k " << k << ", spread " << spread << ", lambda " << lambda << ": " << steps << " steps");
        CHECK(steps >= 1);
        CHECK(relative_error(x, exact) < 1e-4);
      }
    }
  }
}

TEST_CASE("CG's error falls with every step it is allowed, and the cap is the number of steps taken") {
  const std::int64_t k = 32;
  const System s = random_system(k, 300, 20, 10.0, 0.1f, 3);
  const std::vector<double> exact = exact_solve(s);
  CgScratch scratch(k);
  double previous = 1.0;  // the error of x = 0
  for (const int cap : {1, 2, 3, 6, 12}) {
    std::vector<float> x(static_cast<std::size_t>(k), 0.0f);
    CHECK(cg_solve_row(s.view(), cap, x.data(), scratch) == cap);
    const double error = relative_error(x, exact);
    INFO("cap " << cap << ": relative error " << error);
    CHECK(error < previous);
    previous = error;
  }
  CHECK(previous > 1e-4);  // 12 steps of 32 have not converged: the cap did stop it
}

TEST_CASE("CG warm-started near the solution, with ALS's 3 steps, ends nearer than from zero and nearer than it began") {
  const std::int64_t k = 32;
  const System s = random_system(k, 300, 20, 10.0, 0.1f, 5);
  const std::vector<double> exact = exact_solve(s);
  CgScratch scratch(k);
  Rng rng(9);
  std::vector<float> warm(static_cast<std::size_t>(k)), cold(static_cast<std::size_t>(k), 0.0f);
  for (std::size_t d = 0; d < warm.size(); ++d) warm[d] = static_cast<float>(exact[d] * (1.0 + rng.normal(0.0, 0.05)));
  const double start = relative_error(warm, exact);
  CHECK(cg_solve_row(s.view(), 3, warm.data(), scratch) == 3);
  CHECK(cg_solve_row(s.view(), 3, cold.data(), scratch) == 3);
  CHECK(relative_error(warm, exact) < start);
  CHECK(relative_error(warm, exact) < relative_error(cold, exact));

  // Started at the solution (rounded to float), it stays there.
  std::vector<float> at(exact.begin(), exact.end());
  cg_solve_row(s.view(), 3, at.data(), scratch);
  CHECK(relative_error(at, exact) < 1e-5);
}

TEST_CASE("CG takes no step for a row without items: b = 0 and x = 0 already solve it") {
  System s = random_system(8, 50, 0, 1.0, 0.1f, 11);
  std::vector<float> x(8, 0.0f);
  CgScratch scratch(8);
  CHECK(cg_solve_row(s.view(), 3, x.data(), scratch) == 0);
  for (const float v : x) CHECK(v == 0.0f);
}

TEST_CASE("CG solves the rating-weighted system of --confidence rating, and ratings of 1 are the flat system") {
  for (const std::int64_t k : {4, 16}) {
    System s = random_system(k, 200, 12, 10.0, 0.1f, 21 + static_cast<std::uint64_t>(k));
    const std::vector<double> flat = exact_solve(s);
    std::vector<float> x_flat(static_cast<std::size_t>(k), 0.0f);
    CgScratch scratch(k);
    cg_solve_row(s.view(), static_cast<int>(4 * k), x_flat.data(), scratch);

    s.ratings.assign(s.rows.size(), 1.0f);  // every rating 1: the very same arithmetic
    std::vector<float> x_ones(static_cast<std::size_t>(k), 0.0f);
    cg_solve_row(s.view(), static_cast<int>(4 * k), x_ones.data(), scratch);
    CHECK(x_ones == x_flat);

    Rng rng(4);
    for (float& r : s.ratings) r = 0.5f * static_cast<float>(1 + rng.below(10));  // half stars 0.5 .. 5
    const std::vector<double> weighted = exact_solve(s);
    std::vector<float> x(static_cast<std::size_t>(k), 0.0f);
    cg_solve_row(s.view(), static_cast<int>(4 * k), x.data(), scratch);
    INFO("k " << k);
    CHECK(relative_error(x, weighted) < 1e-4);
    CHECK(relative_error(x_flat, weighted) > 1e-2);  // the ratings did change the solution
  }
}
