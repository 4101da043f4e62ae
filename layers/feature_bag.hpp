// Feature-bag embedding, as in LightFM (Kula 2015): the representation of a row (a
// user or an item) is the weighted sum of the embeddings of its features,
//
//     q_r = sum_{j in f(r)} w_rj e_j,
//
// over a data::FeatureMatrix (field 0 is the row's own id; the others are metadata
// such as genres). With the id field only, this is a plain embedding; with metadata,
// rows that share features share parameters, so a row never seen in training still
// gets a representation from its metadata. A table of width 1 gives per-feature
// biases. The table's gradient is sparse: only the features a batch touched.
#pragma once

#include <algorithm>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "autodiff/kernels/kernels.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/random.hpp"
#include "data/features.hpp"

namespace recgrad {

template <class T>
class FeatureBag {
 public:
  // Uses the features of the named `fields` (all fields when empty); each row keeps its
  // features' weights. Embeddings start as N(0, init_std^2); 0 gives zeros.
  FeatureBag(std::string name, const data::FeatureMatrix& features, std::int64_t dim, double init_std, Rng& rng,
             const std::vector<std::string>& fields = {})
      : table_(Param<T>::table(std::move(name), features.num_features(), dim)) {
    std::vector<bool> keep(features.fields.size(), fields.empty());
    for (const std::string& f : fields) {
      const data::FeatureField* field = features.field(f);
      if (field == nullptr) throw std::invalid_argument(table_.name() + ": the features have no field '" + f + "'");
      keep[static_cast<std::size_t>(field - features.fields.data())] = true;
    }
    for (std::int32_t r = 0; r < features.num_rows(); ++r) {
      const auto ids = features.ids_of(r);
      const auto weights = features.weights_of(r);
      for (std::size_t k = 0; k < ids.size(); ++k)
        if (keep[static_cast<std::size_t>(features.field_of(ids[k]))]) {
          ids_.push_back(ids[k]);
          weights_.push_back(static_cast<T>(weights[k]));
        }
      offsets_.push_back(static_cast<std::int64_t>(ids_.size()));
    }
    if (init_std != 0)
      for (T& x : table_.value) x = static_cast<T>(rng.normal(0.0, init_std));
  }

  // The representations of `rows`, recorded on `tape`: [rows.size() x dim].
  Var<T> operator()(Tape<T>& tape, std::span<const Id> rows) {
    batch_ids_.clear();
    batch_weights_.clear();
    batch_offsets_.assign(1, 0);
    for (const Id r : rows) {
      check_row(r);
      batch_ids_.insert(batch_ids_.end(), ids_.begin() + offsets_[r], ids_.begin() + offsets_[r + 1]);
      batch_weights_.insert(batch_weights_.end(), weights_.begin() + offsets_[r], weights_.begin() + offsets_[r + 1]);
      batch_offsets_.push_back(static_cast<std::int64_t>(batch_ids_.size()));
    }
    return embedding_bag<T>(tape, table_, batch_ids_, batch_offsets_, batch_weights_, BagMode::Sum);
  }

  // q_r written into out (dim values), from the parameter values: for scoring.
  void represent(Id r, std::span<T> out) const {
    check_row(r);
    std::fill(out.begin(), out.end(), T(0));
    for (std::int64_t k = offsets_[r]; k < offsets_[r + 1]; ++k) {
      const T* e = table_.value.row(ids_[static_cast<std::size_t>(k)]);
      const T w = weights_[static_cast<std::size_t>(k)];
      for (std::int64_t d = 0; d < dim(); ++d) out[static_cast<std::size_t>(d)] += w * e[d];
    }
  }

  // The tape-free backward of represent(r) when dL/dq_r = coef * d_q (dim() values): adds
  // coef w_rj d_q to each feature j's row of the table's sparse gradient, as the tape's
  // embedding_bag does.
  void backward_row(Id r, T coef, const T* d_q) {
    const std::span<const Id> ids = features_of(r);
    const std::span<const T> w = weights_of(r);
    for (std::size_t j = 0; j < ids.size(); ++j) table_.sparse_grad.add_to_row(ids[j], coef * w[j], d_q);
  }

  // backward_row for several rows: d_out row b = dL/dq_{rows[b]} (the first dim() values
  // of rows `stride` apart).
  void backward_values(std::span<const Id> rows, const T* d_out, std::int64_t stride) {
    for (std::size_t b = 0; b < rows.size(); ++b)
      backward_row(rows[b], T(1), d_out + static_cast<std::int64_t>(b) * stride);
  }

  // Row r's features (after the field selection) and their weights.
  std::span<const Id> features_of(Id r) const { return {ids_.data() + offsets_[r], ids_.data() + offsets_[r + 1]}; }
  std::span<const T> weights_of(Id r) const {
    return {weights_.data() + offsets_[r], weights_.data() + offsets_[r + 1]};
  }

  std::int64_t rows() const { return static_cast<std::int64_t>(offsets_.size()) - 1; }
  std::int64_t dim() const { return table_.value.cols(); }
  Param<T>& table() { return table_; }
  const Param<T>& table() const { return table_; }
  void collect_params(std::vector<Param<T>*>& out) { out.push_back(&table_); }

 private:
  void check_row(Id r) const {
    if (r < 0 || r >= rows())
      throw std::out_of_range(table_.name() + ": row " + std::to_string(r) + " is not in [0, " +
                              std::to_string(rows()) + ")");
  }

  Param<T> table_;
  // The selected features of every row, in CSR form.
  std::vector<Id> ids_;
  std::vector<std::int64_t> offsets_{0};
  std::vector<T> weights_;
  // The current training batch's bags (operator(), which records on a tape), reused so a
  // steady loop does not allocate. Scoring reads rows through represent(), features_of()
  // and weights_of() instead, which write nothing: several threads may score at once.
  std::vector<Id> batch_ids_;
  std::vector<std::int64_t> batch_offsets_;
  std::vector<T> batch_weights_;
};

}  // namespace recgrad
