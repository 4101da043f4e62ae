// PCA to two dimensions on sets whose principal axes are known by construction, and
// on random data against the definition (C v = lambda v, computed here plainly).
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "autodiff/random.hpp"
#include "export/pca.hpp"

using namespace recgrad;

namespace {

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// mean + s * u for each (s, u): the rows of a hand-made set, as floats.
std::vector<float> rows_along(const std::vector<double>& mean,
                              const std::vector<std::pair<double, std::vector<double>>>& steps) {
  std::vector<float> out;
  for (const auto& [s, u] : steps)
    for (std::size_t c = 0; c < mean.size(); ++c) out.push_back(static_cast<float>(mean[c] + s * u[c]));
  return out;
}

}  // namespace

TEST_CASE("the two axes of a set built along known orthogonal directions, with their variances") {
  // An orthonormal basis of R^4 (rows of a rotation), and points at +-3 u1, +-2 u2,
  // +-1 u3, +-0.5 u4 round a mean far from the origin: the spread along u_k is known.
  const std::vector<double> u1 = {1.0 / 3, 2.0 / 3, 2.0 / 3, 0}, u2 = {2.0 / 3, -2.0 / 3, 1.0 / 3, 0},
                            u3 = {2.0 / 3, 1.0 / 3, -2.0 / 3, 0}, u4 = {0, 0, 0, 1};
  const std::vector<double> mean = {5, -1, 3, 2};
  const std::vector<float> v =
      rows_along(mean, {{3, u1}, {-3, u1}, {2, u2}, {-2, u2}, {1, u3}, {-1, u3}, {0.5, u4}, {-0.5, u4}});
  const Pca2d p = pca_2d(v, 8, 4);

  CHECK(p.converged);
  for (std::size_t c = 0; c < 4; ++c) CHECK(p.mean[c] == doctest::Approx(mean[c]).epsilon(1e-6));
  CHECK(std::abs(dot(p.axes[0], u1)) == doctest::Approx(1.0).epsilon(1e-6));
  CHECK(std::abs(dot(p.axes[1], u2)) == doctest::Approx(1.0).epsilon(1e-6));
  CHECK(dot(p.axes[0], p.axes[1]) == doctest::Approx(0.0).epsilon(1e-9));
  // Variance along u_k: 2 s_k^2 / (n - 1) with n = 8.
  CHECK(p.variance[0] == doctest::Approx(18.0 / 7).epsilon(1e-5));
  CHECK(p.variance[1] == doctest::Approx(8.0 / 7).epsilon(1e-5));
  CHECK(p.total_variance == doctest::Approx(28.5 / 7).epsilon(1e-5));
  CHECK(p.explained(0) == doctest::Approx(18.0 / 28.5).epsilon(1e-5));
  // The point at +3 u1 lands at (+-3, 0), the point at -2 u2 at (0, -+2), and u3, u4 at the centre.
  CHECK(std::abs(p.x(0)) == doctest::Approx(3.0).epsilon(1e-5));
  CHECK(p.y(0) == doctest::Approx(0.0).epsilon(1e-5));
  CHECK(p.x(3) == doctest::Approx(0.0).epsilon(1e-5));
  CHECK(std::abs(p.y(3)) == doctest::Approx(2.0).epsilon(1e-5));
  CHECK(p.x(0) == doctest::Approx(-p.x(1)).epsilon(1e-6));
  for (const std::int64_t r : {4, 5, 6, 7}) {
    CHECK(std::abs(p.x(r)) < 1e-5);
    CHECK(std::abs(p.y(r)) < 1e-5);
  }
}

TEST_CASE("each axis is signed so that its largest entry is positive") {
  // The same construction with u1 = -(0.6, 0.8): its largest entry is negative as built.
  const std::vector<double> u1 = {-0.6, -0.8}, u2 = {0.8, -0.6};
  const std::vector<float> v = rows_along({0, 0}, {{4, u1}, {-4, u1}, {1, u2}, {-1, u2}});
  const Pca2d p = pca_2d(v, 4, 2);
  CHECK(p.axes[0][0] == doctest::Approx(0.6).epsilon(1e-6));
  CHECK(p.axes[0][1] == doctest::Approx(0.8).epsilon(1e-6));
  CHECK(p.axes[1][0] == doctest::Approx(0.8).epsilon(1e-6));
  CHECK(p.axes[1][1] == doctest::Approx(-0.6).epsilon(1e-6));
  // Row 0 is the mean - 4 (0.6, 0.8): coordinate -4 on the positive-signed first axis.
  CHECK(p.x(0) == doctest::Approx(-4.0).epsilon(1e-6));
}

TEST_CASE("random anisotropic data: the axes are eigenvectors of the covariance, largest first") {
  constexpr std::int64_t n = 500, d = 8;
  Rng rng(11);
  std::vector<float> v;
  for (std::int64_t r = 0; r < n; ++r)
    for (std::int64_t c = 0; c < d; ++c) v.push_back(static_cast<float>(rng.normal() * (1.0 + c) + 0.3 * c));
  const Pca2d p = pca_2d(v, n, d);
  REQUIRE(p.converged);

  // The covariance, the plain way.
  std::vector<double> cov(d * d, 0.0);
  for (std::int64_t r = 0; r < n; ++r)
    for (std::int64_t i = 0; i < d; ++i)
      for (std::int64_t j = 0; j < d; ++j)
        cov[i * d + j] += (v[r * d + i] - p.mean[i]) * (v[r * d + j] - p.mean[j]) / (n - 1);
  double trace = 0;
  for (std::int64_t i = 0; i < d; ++i) trace += cov[i * d + i];
  CHECK(p.total_variance == doctest::Approx(trace).epsilon(1e-9));
  for (int a = 0; a < 2; ++a) {
    CHECK(dot(p.axes[a], p.axes[a]) == doctest::Approx(1.0).epsilon(1e-12));
    double residual = 0;
    for (std::int64_t i = 0; i < d; ++i) {
      double cv = 0;
      for (std::int64_t j = 0; j < d; ++j) cv += cov[i * d + j] * p.axes[a][j];
      residual = std::max(residual, std::abs(cv - p.variance[a] * p.axes[a][i]));
    }
    CHECK(residual < 1e-8 * p.variance[0]);
  }
  CHECK(p.variance[0] >= p.variance[1]);
  // No third direction holds more variance than the second: the columns' own spreads
  // are (1 + c)^2, so the top two are near 64 and 49 (sampling noise aside).
  CHECK(p.variance[0] == doctest::Approx(64).epsilon(0.2));
  CHECK(p.variance[1] == doctest::Approx(49).epsilon(0.2));
  // Coordinates are the centred rows' dot products with the axes.
  double x0 = 0;
  for (std::int64_t c = 0; c < d; ++c) x0 += (v[c] - p.mean[c]) * p.axes[0][c];
  CHECK(p.x(0) == doctest::Approx(x0).epsilon(1e-9));
}

TEST_CASE("degenerate sets: points on a line, identical points") {
  const std::vector<float> line = rows_along({1, 1, 1}, {{1, {1, 0, 0}}, {2, {1, 0, 0}}, {-3, {1, 0, 0}}});
  const Pca2d p = pca_2d(line, 3, 3);
  CHECK(p.converged);
  CHECK(p.axes[0][0] == doctest::Approx(1.0).epsilon(1e-9));
  CHECK(p.variance[1] == doctest::Approx(0.0).epsilon(1e-12));
  CHECK(dot(p.axes[0], p.axes[1]) == doctest::Approx(0.0).epsilon(1e-12));
  CHECK(dot(p.axes[1], p.axes[1]) == doctest::Approx(1.0).epsilon(1e-12));

  const std::vector<float> same(12, 2.5f);
  const Pca2d q = pca_2d(same, 4, 3);
  CHECK(q.total_variance == 0);
  CHECK(q.explained(0) == 0);
  for (const double c : q.coordinates) CHECK(c == 0);
}

TEST_CASE("pca refuses too few rows or dimensions, a size mismatch and non-finite values") {
  const std::vector<float> two = {1, 2, 3, 4};
  CHECK_THROWS_AS(pca_2d(two, 1, 4), std::invalid_argument);
  CHECK_THROWS_AS(pca_2d(two, 4, 1), std::invalid_argument);
  CHECK_THROWS_AS(pca_2d(two, 2, 3), std::invalid_argument);
  const std::vector<float> bad = {1, 2, NAN, 4};
  CHECK_THROWS_WITH_AS(pca_2d(bad, 2, 2), doctest::Contains("vector 1"), std::invalid_argument);
}
