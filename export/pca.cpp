#include "export/pca.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "autodiff/kernels/kernels.hpp"
#include "autodiff/random.hpp"

namespace recgrad {

namespace {

// The plane settles at a rate of (third eigenvalue / second) per iteration: close
// eigenvalues need thousands of cheap (2 x d x d) steps, equal ones never settle.
constexpr std::int64_t kMaxIterations = 20000;
constexpr double kSettled = 1e-11;  // sine of the angle the plane still moves by

double* row(std::vector<double>& m, std::int64_t r, std::int64_t dim) { return m.data() + r * dim; }

void normalise(double* v, std::int64_t dim) {
  const double norm = std::sqrt(kernels::dot<double>(v, v, dim));
  for (std::int64_t c = 0; c < dim; ++c) v[c] /= norm;
}

// Gram-Schmidt on the two rows of `q`. When the second row lies (numerically) along
// the first, C has rank one and any direction at right angles will do: the unit
// vector the first row leans on least, made orthogonal to it.
void orthonormalise(std::vector<double>& q, std::int64_t dim) {
  double* a = row(q, 0, dim);
  double* b = row(q, 1, dim);
  normalise(a, dim);
  const double before = std::sqrt(kernels::dot<double>(b, b, dim));
  kernels::axpy<double>(-kernels::dot<double>(a, b, dim), a, b, dim);
  if (std::sqrt(kernels::dot<double>(b, b, dim)) <= 1e-12 * std::max(before, 1e-300)) {
    std::fill(b, b + dim, 0.0);
    b[std::min_element(a, a + dim, [](double x, double y) { return std::abs(x) < std::abs(y); }) - a] = 1.0;
    kernels::axpy<double>(-kernels::dot<double>(a, b, dim), a, b, dim);
  }
  normalise(b, dim);
}

// How far the plane of `now` lies outside the plane of `before` (both orthonormal):
// the length of what is left of `now`'s rows after projecting them onto `before`.
double moved(const std::vector<double>& now, const std::vector<double>& before, std::int64_t dim) {
  double left = 0;
  std::vector<double> rest(static_cast<std::size_t>(dim));
  for (std::int64_t r = 0; r < 2; ++r) {
    const double* v = now.data() + r * dim;
    std::copy(v, v + dim, rest.begin());
    for (std::int64_t s = 0; s < 2; ++s) {
      const double* u = before.data() + s * dim;
      kernels::axpy<double>(-kernels::dot<double>(u, v, dim), u, rest.data(), dim);
    }
    left += kernels::dot<double>(rest.data(), rest.data(), dim);
  }
  return std::sqrt(left);
}

}  // namespace

Pca2d pca_2d(std::span<const float> vectors, std::int64_t rows, std::int64_t dim) {
  if (rows < 2 || dim < 2 || static_cast<std::int64_t>(vectors.size()) != rows * dim)
    throw std::invalid_argument("pca: need at least 2 vectors of at least 2 dimensions, got " +
                                std::to_string(vectors.size()) + " values as " + std::to_string(rows) +
                                " vectors of dimension " + std::to_string(dim));
  Pca2d p;
  p.rows = rows;
  p.dim = dim;
  const auto n = static_cast<std::size_t>(rows), d = static_cast<std::size_t>(dim);
  p.mean.assign(d, 0.0);
  for (std::size_t i = 0; i < n * d; ++i) {
    if (!std::isfinite(vectors[i]))
      throw std::invalid_argument("pca: vector " + std::to_string(i / d) + " holds " + std::to_string(vectors[i]));
    p.mean[i % d] += vectors[i];
  }
  for (double& m : p.mean) m /= static_cast<double>(rows);
  std::vector<double> centred(n * d);
  for (std::size_t i = 0; i < n * d; ++i) centred[i] = vectors[i] - p.mean[i % d];

  // C = XᵀX / (n - 1), d x d.
  std::vector<double> cov(d * d);
  kernels::gemm_tn<double>(dim, dim, rows, centred.data(), centred.data(), cov.data(), false);
  for (double& c : cov) c /= static_cast<double>(rows - 1);
  for (std::size_t c = 0; c < d; ++c) p.total_variance += cov[c * d + c];

  // Orthogonal iteration from a seeded random pair (a fixed start such as the first two
  // unit vectors can be at right angles to the answer, and then never finds it).
  std::vector<double> q(2 * d), next(2 * d);
  Rng rng(0x9CA);
  for (double& v : q) v = rng.normal();
  orthonormalise(q, dim);
  if (p.total_variance == 0) {
    p.converged = true;  // every row is the mean: no direction is better than another
  } else {
    while (p.iterations < kMaxIterations) {
      ++p.iterations;
      // Row r of q.C is (C q_r)ᵀ, C being symmetric.
      kernels::gemm_nn<double>(2, dim, dim, q.data(), cov.data(), next.data(), false);
      orthonormalise(next, dim);
      const double change = moved(next, q, dim);
      q.swap(next);
      if (change < kSettled) {
        p.converged = true;
        break;
      }
    }
  }

  // Within the plane, C is the 2 x 2 matrix H = Q C Qᵀ = [a b; b c]; its eigenvectors are
  // the plane's basis turned by theta, with tan(2 theta) = 2b / (a - c).
  kernels::gemm_nn<double>(2, dim, dim, q.data(), cov.data(), next.data(), false);
  const double a = kernels::dot<double>(next.data(), q.data(), dim);
  const double b = kernels::dot<double>(next.data(), q.data() + dim, dim);
  const double c = kernels::dot<double>(next.data() + dim, q.data() + dim, dim);
  const double theta = 0.5 * std::atan2(2 * b, a - c);
  const double cos_t = std::cos(theta), sin_t = std::sin(theta);
  const double middle = (a + c) / 2, half_gap = std::hypot((a - c) / 2, b);
  p.variance = {middle + half_gap, std::max(0.0, middle - half_gap)};
  std::vector<double> axes(2 * d);
  for (std::size_t i = 0; i < d; ++i) {
    axes[i] = cos_t * q[i] + sin_t * q[d + i];
    axes[d + i] = -sin_t * q[i] + cos_t * q[d + i];
  }
  // An eigenvector's sign is arbitrary; fixing it makes the picture the same every run.
  for (std::int64_t r = 0; r < 2; ++r) {
    double* v = row(axes, r, dim);
    if (*std::max_element(v, v + dim, [](double x, double y) { return std::abs(x) < std::abs(y); }) < 0)
      for (std::int64_t i = 0; i < dim; ++i) v[i] = -v[i];
    p.axes[static_cast<std::size_t>(r)].assign(v, v + d);
  }

  // Coordinates: (rows x dim) . (2 x dim)ᵀ.
  p.coordinates.resize(2 * n);
  kernels::gemm_nt<double>(rows, 2, dim, centred.data(), axes.data(), p.coordinates.data(), false);
  return p;
}

}  // namespace recgrad
