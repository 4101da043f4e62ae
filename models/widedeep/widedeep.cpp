#include "models/widedeep/widedeep.hpp"

#include <algorithm>
#include <stdexcept>

namespace recgrad {

template <class T>
WideDeep<T>::WideDeep(const ModelConfig& config, const ModelData& data, std::uint64_t seed, Parts parts)
    : config_(config),
      parts_(parts),
      num_users_(data.num_users),
      num_items_(data.num_items),
      rng_(seed),
      wide_features_(data),
      bias_("bias", 1, 1) {
  if (data.user_features == nullptr || data.item_features == nullptr)
    throw std::invalid_argument("widedeep: needs the data's user and item feature rows");
  if (!parts.wide && !parts.deep) throw std::invalid_argument("widedeep: needs the wide part, the deep part or both");
  if (parts.wide) wide_.emplace("wide", wide_features_.size(), 1, 0.0, rng_);
  if (!parts.deep) return;
  // One embedding table per field the data has, users' then items' (ids first): MovieLens's
  // demographics, genres and decades, or the columns of a user's own item file.
  for (const bool of_user : {true, false}) {
    const data::FeatureMatrix& m = of_user ? *data.user_features : *data.item_features;
    for (const data::FeatureField& field : m.fields) {
      fields_.push_back({field.name, of_user,
                         FeatureBag<T>("deep." + field.name, m, config.dim, config.init_std, rng_, {field.name})});
      Field& added = fields_.back();
      added.one_hot = true;
      for (Id r = 0; r < added.bag.rows(); ++r) {
        const auto w = added.bag.weights_of(r);
        added.one_hot = added.one_hot && w.size() <= 1 && (w.empty() || w[0] == T(1));
      }
    }
  }
  const std::int64_t k = config.dim;
  mlp_.emplace("deep.mlp", std::vector<std::int64_t>{k * static_cast<std::int64_t>(fields_.size()), 2 * k, k, 1}, rng_,
               false, config.own.real_or("dropout", 0.0));
}

template <class T>
std::vector<Param<T>*> WideDeep<T>::params() {
  std::vector<Param<T>*> out;
  if (wide_) wide_->collect_params(out);
  out.push_back(&bias_);
  for (Field& f : fields_) f.bag.collect_params(out);
  if (mlp_) mlp_->collect_params(out);
  return out;
}

template <class T>
std::vector<std::string> WideDeep<T>::deep_fields() const {
  std::vector<std::string> out;
  for (const Field& f : fields_) out.push_back(f.name);
  return out;
}

template <class T>
Var<T> WideDeep<T>::forward(Tape<T>& tape, std::span<const Id> users, std::span<const Id> items, Var<T>& penalty,
                            Rng& dropout_masks) {
  // Every term of the penalty is a sum over looked-up rows; they are added up here.
  l2_terms_.clear();
  Var<T> z = tape.param(bias_);
  if (wide_) {
    wide_features_.encode(users, items, wide_ids_, wide_offsets_);
    z = add(z, embedding_bag<T>(tape, wide_->table(), wide_ids_, wide_offsets_));
    const Var<T> w = (*wide_)(tape, wide_ids_);
    l2_terms_.push_back(sum(mul(w, w)));
  }
  if (mlp_) {
    embedded_.clear();
    for (Field& f : fields_) {
      const std::span<const Id> rows = f.of_user ? users : items;
      embedded_.push_back(f.bag(tape, rows));
      if (f.one_hot) {  // the bag is the feature's embedding (or zero): |bag|^2 is the term
        l2_terms_.push_back(sum(rowwise_dot(embedded_.back(), embedded_.back())));
        continue;
      }
      // x_j |e_j|^2 for every feature j of every row: its rows gathered once more.
      norm_ids_.clear();
      norm_weights_.clear();
      for (const Id r : rows) {
        const auto ids = f.bag.features_of(r);
        const auto weights = f.bag.weights_of(r);
        norm_ids_.insert(norm_ids_.end(), ids.begin(), ids.end());
        norm_weights_.insert(norm_weights_.end(), weights.begin(), weights.end());
      }
      if (norm_ids_.empty()) continue;  // no row has this field
      const Var<T> e = embedding<T>(tape, f.bag.table(), norm_ids_);
      const Var<T> x = tape.constant(MatrixView<const T>{norm_weights_.data(), {e.shape().rows, 1}});
      l2_terms_.push_back(sum(mul(rowwise_dot(e, e), x)));
    }
    z = add(z, (*mlp_)(concat_cols<T>(embedded_), &dropout_masks));
  }
  penalty = l2_terms_.empty() ? tape.constant(Shape{1, 1}) : l2_terms_.front();
  for (std::size_t t = 1; t < l2_terms_.size(); ++t) penalty = add(penalty, l2_terms_[t]);
  return z;
}

template <class T>
Var<T> WideDeep<T>::loss(Tape<T>& tape, const Batch<T>& batch) {
  Var<T> penalty;
  Rng dropout_masks(batch.seed);  // as manual_gradients draws them
  const Var<T> z = forward(tape, batch.users, batch.items, penalty, dropout_masks);
  const Var<T> labels = tape.constant(MatrixView<const T>{batch.targets.data(), {batch.size(), 1}});
  const T lambda_per_example = static_cast<T>(config_.l2) / static_cast<T>(batch.size());
  return add(bce_with_logits_loss(z, labels), scale(penalty, lambda_per_example));
}

template class WideDeep<float>;
template class WideDeep<double>;

}  // namespace recgrad
