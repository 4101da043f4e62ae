// Principal component analysis down to two dimensions: the flat picture of a cloud of
// vectors that keeps as much of its spread as any flat picture can.
//
// Centre the rows (subtract the mean vector), form the covariance C = XᵀX / (n - 1),
// and take its two eigenvectors of largest eigenvalue: the first is the direction in
// which the rows vary most, the second the direction of most variance among those at
// right angles to it. Each row's coordinates are its dot products with the two.
//
// C is only d x d (d = the embedding size, tens), so the eigenvectors come from
// orthogonal iteration: multiply a pair of vectors by C, make them orthonormal again,
// repeat until the plane they span stops moving; a 2 x 2 eigenproblem within that
// plane then picks the two axes. Everything runs in double on our kernels (gemm_tn
// for C, gemm_nn for the iteration, gemm_nt for the projection).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace recgrad {

struct Pca2d {
  std::int64_t rows = 0, dim = 0;
  std::vector<double> mean;                 // dim
  std::array<std::vector<double>, 2> axes;  // unit vectors of dim, at right angles; each
                                            // signed so that its largest entry is positive
  std::array<double, 2> variance{};         // along each axis: C's two largest eigenvalues
  double total_variance = 0;                // trace of C: the spread in all dim directions
  std::vector<double> coordinates;          // rows x 2, row-major: (axis 0, axis 1) per row
  std::int64_t iterations = 0;              // orthogonal iterations until the plane settled
  bool converged = false;                   // false: stopped at the cap (two equal eigenvalues
                                            // below the top two make the plane ambiguous)

  double explained(int axis) const { return total_variance > 0 ? variance[axis] / total_variance : 0; }
  double x(std::int64_t row) const { return coordinates[2 * row]; }
  double y(std::int64_t row) const { return coordinates[2 * row + 1]; }
};

// PCA of `rows` vectors of `dim` floats each, row-major. Throws std::invalid_argument
// for fewer than 2 rows, fewer than 2 dimensions, a size mismatch or a non-finite value.
Pca2d pca_2d(std::span<const float> vectors, std::int64_t rows, std::int64_t dim);

}  // namespace recgrad
