#include "retrieval/similar_items.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "autodiff/kernels/kernels.hpp"
#include "retrieval/topk.hpp"

// hnswlib is header-only; without it the exact search still works and --index hnsw
// reports what is missing.
#if __has_include(<hnswlib/hnswlib.h>)
#define RECGRAD_HAVE_HNSWLIB 1
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wpedantic"
// hnswlib 0.6's SSE path prefetches the link one past the end of a node's list: a
// harmless read for the hardware, a heap overflow for AddressSanitizer. Sanitizer
// builds therefore use its plain loops (same results, no prefetch).
#if defined(__SANITIZE_ADDRESS__) && !defined(NO_MANUAL_VECTORIZATION)
#define NO_MANUAL_VECTORIZATION
#endif
#include <hnswlib/hnswlib.h>
#pragma GCC diagnostic pop
#else
#define RECGRAD_HAVE_HNSWLIB 0
#endif

namespace recgrad {

ItemSimilarity::ItemSimilarity(std::span<const float> vectors, std::int64_t rows, std::int64_t dim)
    : rows_(rows), dim_(dim), unit_(vectors.begin(), vectors.end()), zero_(static_cast<std::size_t>(rows), false) {
  if (rows < 0 || dim <= 0 || static_cast<std::int64_t>(vectors.size()) != rows * dim)
    throw std::invalid_argument("item similarity: " + std::to_string(vectors.size()) + " values are not " +
                                std::to_string(rows) + " vectors of dimension " + std::to_string(dim));
  for (std::int64_t r = 0; r < rows; ++r) {
    float* v = unit_.data() + r * dim;
    // In double: a sum of squares in float loses the small components' share.
    double sq = 0.0;
    for (std::int64_t c = 0; c < dim; ++c) {
      if (!std::isfinite(v[c]))
        throw std::invalid_argument("item similarity: item vector " + std::to_string(r) + " holds " +
                                    std::to_string(v[c]));
      sq += static_cast<double>(v[c]) * v[c];
    }
    if (sq == 0.0) {
      zero_[static_cast<std::size_t>(r)] = true;
      continue;
    }
    const float inv = static_cast<float>(1.0 / std::sqrt(sq));
    for (std::int64_t c = 0; c < dim; ++c) v[c] *= inv;
  }
}

std::vector<Neighbour> ItemSimilarity::nearest(Id item, std::int32_t k) const {
  if (item < 0 || item >= rows_)
    throw std::invalid_argument("item similarity: item index " + std::to_string(item) + " is outside [0, " +
                                std::to_string(rows_) + ")");
  if (k < 0) throw std::invalid_argument("item similarity: k must not be negative, got " + std::to_string(k));
  if (zero_[static_cast<std::size_t>(item)])
    throw std::invalid_argument("item similarity: item index " + std::to_string(item) +
                                " has a zero vector, so it has no direction to compare");
  // cos(i, j) = unit_i . unit_j for every j at once: (rows x dim) . (1 x dim)^T.
  std::vector<float> cosines(static_cast<std::size_t>(rows_));
  kernels::gemm_nt<float>(rows_, 1, dim_, unit_.data(), unit_.data() + item * dim_, cosines.data(), false);
  const std::int32_t self[] = {item};
  const TopK best = top_k(cosines, k, self);
  std::vector<Neighbour> out(best.items.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = {best.items[i], best.scores[i]};
  return out;
}

bool hnsw_available() { return RECGRAD_HAVE_HNSWLIB != 0; }

#if RECGRAD_HAVE_HNSWLIB
struct HnswItemIndex::Impl {
  hnswlib::InnerProductSpace space;
  hnswlib::HierarchicalNSW<float> graph;
  Impl(const ItemSimilarity& exact, const HnswOptions& o)
      : space(static_cast<std::size_t>(exact.dim())),
        graph(&space, static_cast<std::size_t>(std::max<std::int64_t>(1, exact.num_items())),
              static_cast<std::size_t>(o.m), static_cast<std::size_t>(o.ef_construction),
              static_cast<std::size_t>(o.seed)) {
    for (std::int64_t i = 0; i < exact.num_items(); ++i)
      graph.addPoint(exact.unit(static_cast<Id>(i)), static_cast<hnswlib::labeltype>(i));
  }
};
#else
struct HnswItemIndex::Impl {};
#endif

HnswItemIndex::HnswItemIndex(const ItemSimilarity& exact, const HnswOptions& options)
    : exact_(exact), options_(options) {
#if RECGRAD_HAVE_HNSWLIB
  impl_ = std::make_unique<Impl>(exact, options);
#else
  throw std::runtime_error("this recgrad was built without hnswlib: install libhnswlib-dev and rebuild");
#endif
}

HnswItemIndex::~HnswItemIndex() = default;

std::vector<Neighbour> HnswItemIndex::nearest(Id item, std::int32_t k) const {
  // The exact search checks the arguments the same way; asking it for nothing costs no scan.
  if (item < 0 || item >= exact_.num_items() || k < 0) return exact_.nearest(item, k);
  std::vector<Neighbour> out;
#if RECGRAD_HAVE_HNSWLIB
  std::vector<float> zero(static_cast<std::size_t>(exact_.dim()), 0.0f);
  if (std::equal(zero.begin(), zero.end(), exact_.unit(item))) return exact_.nearest(item, k);  // throws
  // One more than k, because the item itself is normally its own first hit.
  const std::size_t want = std::min<std::size_t>(static_cast<std::size_t>(k) + 1,
                                                 static_cast<std::size_t>(exact_.num_items()));
  impl_->graph.setEf(std::max<std::size_t>(static_cast<std::size_t>(options_.ef_search), want));
  auto found = impl_->graph.searchKnn(exact_.unit(item), want);
  for (; !found.empty(); found.pop()) {
    const auto [distance, label] = found.top();
    (void)distance;  // 1 - dot from hnswlib's kernel; recomputed with ours so both searches report the same cosine
    const Id other = static_cast<Id>(label);
    if (other != item) out.push_back({other, kernels::dot<float>(exact_.unit(item), exact_.unit(other), exact_.dim())});
  }
  std::sort(out.begin(), out.end(), [](const Neighbour& a, const Neighbour& b) {
    return a.cosine != b.cosine ? a.cosine > b.cosine : a.item < b.item;
  });
  if (out.size() > static_cast<std::size_t>(k)) out.resize(static_cast<std::size_t>(k));
#endif
  return out;
}

Tensor<float> item_vectors(const Recommender<float>& model) {
  Tensor<float> vectors = model.item_vectors();
  if (vectors.size() == 0) throw std::invalid_argument("model '" + model.name() + "' has no item vectors");
  return vectors;
}

}  // namespace recgrad
