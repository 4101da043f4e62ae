// Items like a given item: the nearest item vectors by cosine similarity, found by
// exact brute force. Every vector is normalised to unit length once, up front, so a
// query is one matrix-vector product (kernels::gemm_nt) and a top-k scan: for the
// catalogues we train on (thousands to a few hundred thousand items) that is
// milliseconds, and exact, so there is no recall to worry about.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "autodiff/tensor.hpp"
#include "models/model.hpp"

namespace recgrad {

struct Neighbour {
  Id item = 0;
  float cosine = 0.0f;
};

class ItemSimilarity {
 public:
  // `vectors` holds `rows` item vectors of `dim` floats each, row-major; it is copied.
  // Throws std::invalid_argument for mismatched sizes or a non-finite value.
  ItemSimilarity(std::span<const float> vectors, std::int64_t rows, std::int64_t dim);

  std::int64_t num_items() const { return rows_; }
  std::int64_t dim() const { return dim_; }
  // Item `item`'s vector scaled to length 1 (all zero for a zero vector).
  const float* unit(Id item) const { return unit_.data() + static_cast<std::int64_t>(item) * dim_; }

  // The min(k, num_items - 1) items most similar to `item`, the item itself never
  // among them; cosine descending, equal cosines broken by the lower id. A zero
  // vector has no direction: as a query it is an error (std::invalid_argument), as a
  // candidate its cosine is 0.
  std::vector<Neighbour> nearest(Id item, std::int32_t k) const;

 private:
  std::int64_t rows_ = 0, dim_ = 0;
  std::vector<float> unit_;        // rows_ x dim_, each row of length 1 (or all zero)
  std::vector<bool> zero_;         // rows whose vector was zero
};

// Approximate neighbours from an HNSW graph (hnswlib, Debian's libhnswlib-dev) over
// the unit vectors, where inner product is cosine: for catalogues so large that a
// brute-force pass per query costs too much. Same contract as ItemSimilarity::nearest,
// except that a true neighbour may be missed. Built once, serially, so the graph (and
// every answer) is the same from run to run.
struct HnswOptions {
  std::int32_t m = 16;                  // links per node
  std::int32_t ef_construction = 200;   // candidate list while building
  std::int32_t ef_search = 64;          // candidate list while searching (raised to k + 1)
  std::uint64_t seed = 100;
};

class HnswItemIndex {
 public:
  // Throws std::runtime_error when recgrad was built without hnswlib.
  explicit HnswItemIndex(const ItemSimilarity& exact, const HnswOptions& options = {});
  ~HnswItemIndex();
  HnswItemIndex(const HnswItemIndex&) = delete;
  HnswItemIndex& operator=(const HnswItemIndex&) = delete;

  std::vector<Neighbour> nearest(Id item, std::int32_t k) const;

 private:
  struct Impl;
  const ItemSimilarity& exact_;
  HnswOptions options_;
  std::unique_ptr<Impl> impl_;
};

// Whether this build has hnswlib (HnswItemIndex works).
bool hnsw_available();

// The item vectors of a model: the "item_factors" parameter of the factor models and
// ALS, num_items x dim. Throws std::invalid_argument naming the model when it has none.
Tensor<float> item_vectors(const Recommender<float>& model);

}  // namespace recgrad
