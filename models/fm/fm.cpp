// Factorisation machine (Rendle 2010) of degree 2 over an example's features: the
// user's feature row and the item's, numbered in one space (item features after the
// user ones), each feature j with a value x_j (1, or 1/#genres for a genre):
//
//     s(x) = w0 + sum_j w_j x_j + sum_{j<l} <v_j, v_l> x_j x_l
//          = w0 + sum_j w_j x_j + 1/2 sum_f [ (sum_j x_j v_jf)^2 - sum_j x_j^2 v_jf^2 ]
//
// w0 is fixed: the training ratings' mean mu for fm, 0 for fm-bpr (where it cancels).
// The loss has an L2 term per example on the rows it reads, weighted by their values,
// as in the classic per-example SGD (and the PyTorch reference):
//
//     fm      L = 1/B sum_r (s_r - y_r)^2           + λ/B sum_r R(x_r)
//     fm-bpr  L = 1/B sum_r -log σ(s(x_r+) - s(x_r-)) + λ/B sum_r [R(x_r+) + R(x_r-)]
//     R(x) = sum_j x_j (|v_j|^2 + w_j^2)
//
// (x_r+ is the user with the positive item, x_r- with the sampled negative). With
// d_r = dL/ds_r (fm: 2 (s_r - y_r) / B; fm-bpr: -σ(-(s+ - s-)) / B for s+ and its
// negative for s-) and c = 2λ/B, each example's features get
//
//     dL/dw_j += d_r x_j + c x_j w_j
//     dL/dv_j += d_r x_j (sum_i x_i v_i - x_j v_j) + c x_j v_j
//
// Cold start: a feature that no training batch read (the id of an item held out by
// --split coldstart, a user without training ratings) still holds its random initial
// factors. Scoring leaves such features out (x_j = 0), so a cold item is scored from
// its metadata and the user alone instead of from noise. Training marks what it reads.
// Left to itself, training lets the item ids explain nearly all of an item's ratings and
// the metadata little, which is no help for an item without an id. So a fixed share of
// the ratings (its own option id-free-copies, chosen by a hash of the pair: the same in every
// epoch and on both gradient paths) is also trained on as a copy without the item's id:
// the copies make metadata predict ratings on its own, while the originals still give
// every id all its data. A batch of B ratings with C copies is then B + C examples, and
// the means above are over them. (Dropping the id instead of copying cost warm items'
// RMSE on ML-100K u1: 0.920 at a tenth dropped against 0.913; copying a third, 0.916.)
#include "models/fm/fm.hpp"

#include <algorithm>
#include <stdexcept>

#include "autodiff/kernels/kernels.hpp"
#include "autodiff/loss_heads.hpp"
#include "data/text.hpp"

namespace recgrad {

namespace {

struct FieldChoice {
  std::vector<std::string> user, item;  // empty: every field of that side
};

// Its own option `fields`: "all", "ids", or the ids plus named metadata fields ("genre,decade").
FieldChoice choose_fields(const std::string& spec, const ModelData& model) {
  if (model.user_features == nullptr || model.item_features == nullptr)
    throw std::invalid_argument("fm: the data has no user and item feature rows");
  const data::FeatureMatrix &users = *model.user_features, &items = *model.item_features;
  if (spec == "all") return {};
  FieldChoice c{{users.fields.at(0).name}, {items.fields.at(0).name}};
  if (spec == "ids") return c;
  std::vector<std::string> names;
  data::split_csv_quoted(spec, names);
  for (const std::string& name : names) {
    if (users.field(name) != nullptr)
      c.user.push_back(name);
    else if (items.field(name) != nullptr)
      c.item.push_back(name);
    else
      throw std::invalid_argument("fm: --fields names '" + name + "', which is neither a user nor an item field");
  }
  return c;
}

}  // namespace

template <class T>
void FactorisationMachine<T>::Bags::clear() {
  ids.clear();
  x.clear();
  offsets.assign(1, 0);
}

template <class T>
void FactorisationMachine<T>::Bags::append(std::span<const Id> features, std::span<const T> values, Id shift) {
  for (const Id j : features) ids.push_back(j + shift);
  x.insert(x.end(), values.begin(), values.end());
}

template <class T>
std::span<const Id> FactorisationMachine<T>::Bags::ids_of(std::int64_t r) const {
  return {ids.data() + offsets[r], static_cast<std::size_t>(offsets[r + 1] - offsets[r])};
}

template <class T>
std::span<const T> FactorisationMachine<T>::Bags::x_of(std::int64_t r) const {
  return {x.data() + offsets[r], static_cast<std::size_t>(offsets[r + 1] - offsets[r])};
}

template <class T>
FactorisationMachine<T>::FactorisationMachine(const ModelConfig& config, const ModelData& data, Objective objective,
                                              std::uint64_t seed)
    : config_(config),
      objective_(objective),
      rng_(seed),
      user_weights_("user_weights", *data.user_features, 1, 0.0, rng_, choose_fields(config.own.text_or("fields", "all"), data).user),
      item_weights_("item_weights", *data.item_features, 1, 0.0, rng_, choose_fields(config.own.text_or("fields", "all"), data).item),
      user_features_(data.user_features->num_features()),
      item_ids_(data.item_features->fields.at(0).count),
      factors_("factors", user_features_ + data.item_features->num_features(), config.dim, config.init_std, rng_),
      seen_(static_cast<std::size_t>(factors_.rows()), 0),
      id_free_copies_(config.own.real_or("id-free-copies", 0.0)) {
  if (data.user_features->num_rows() != data.num_users || data.item_features->num_rows() != data.num_items)
    throw std::invalid_argument("fm: the feature rows do not match the numbers of users and items");
}

template <class T>
void FactorisationMachine<T>::set_trained_features(std::vector<std::uint8_t> flags) {
  if (flags.size() != seen_.size())
    throw std::invalid_argument("fm: " + std::to_string(flags.size()) + " trained-feature flags for " +
                                std::to_string(seen_.size()) + " features");
  seen_ = std::move(flags);
}

template <class T>
std::vector<StateTensor> FactorisationMachine<T>::extra_state() const {
  StateTensor t{"trained_features", Tensor<float>(std::ssize(seen_), 1)};
  for (std::size_t j = 0; j < seen_.size(); ++j) t.value.data()[j] = seen_[j] != 0 ? 1.0f : 0.0f;
  return {std::move(t)};
}

template <class T>
void FactorisationMachine<T>::restore_extra_state(const std::vector<StateTensor>& state) {
  if (state.size() != 1 || state[0].name != "trained_features" || state[0].value.cols() != 1)
    throw std::invalid_argument("fm keeps one state tensor, 'trained_features' [features x 1]");
  std::vector<std::uint8_t> flags(static_cast<std::size_t>(state[0].value.rows()));
  for (std::size_t j = 0; j < flags.size(); ++j) {
    const float v = state[0].value.data()[j];
    if (v != 0.0f && v != 1.0f)
      throw std::invalid_argument("state 'trained_features' holds " + std::to_string(v) + ", not 0 or 1");
    flags[j] = v == 1.0f;
  }
  set_trained_features(std::move(flags));
}

template <class T>
std::vector<Param<T>*> FactorisationMachine<T>::params() {
  std::vector<Param<T>*> out;
  user_weights_.collect_params(out);
  item_weights_.collect_params(out);
  factors_.collect_params(out);
  return out;
}

template <class T>
void FactorisationMachine<T>::choose_examples(const Batch<T>& batch) {
  copies_.clear();
  for (std::int64_t r = 0; r < batch.size() && id_free_copies_ > 0; ++r) {
    const auto u = static_cast<std::uint32_t>(batch.users[r]), i = static_cast<std::uint32_t>(batch.items[r]);
    // One splitmix64 step of the pair: a hash, so the choice is the same in every epoch.
    if (Rng((std::uint64_t{u} << 32) | i).uniform() < id_free_copies_) copies_.push_back(r);
  }
  if (objective_ != Objective::Ratings) return;
  targets_.assign(batch.targets.begin(), batch.targets.end());
  for (const std::int64_t r : copies_) targets_.push_back(batch.targets[r]);
}

template <class T>
void FactorisationMachine<T>::fill(std::span<const Id> users, std::span<const Id> items, BatchBags& bags) {
  for (Bags* b : {&bags.both, &bags.user, &bags.item}) b->clear();
  auto add_example = [&](std::size_t r, bool with_item_id) {
    const auto uf = user_weights_.features_of(users[r]);
    const auto ux = user_weights_.weights_of(users[r]);
    auto itf = item_weights_.features_of(items[r]);
    auto ix = item_weights_.weights_of(items[r]);
    // Features are sorted by id and the id field comes first: the item's id is entry 0.
    if (!with_item_id && !itf.empty() && itf.front() < item_ids_) {
      itf = itf.subspan(1);
      ix = ix.subspan(1);
    }
    bags.both.append(uf, ux, 0);
    bags.both.append(itf, ix, user_features_);
    bags.user.append(uf, ux, 0);
    bags.item.append(itf, ix, 0);
    for (Bags* b : {&bags.both, &bags.user, &bags.item}) b->close();
  };
  for (std::size_t r = 0; r < users.size(); ++r) add_example(r, true);
  for (const std::int64_t r : copies_) add_example(static_cast<std::size_t>(r), false);
  for (const Id j : bags.both.ids) seen_[static_cast<std::size_t>(j)] = 1;
}

// ---- the automatic path ------------------------------------------------------------

template <class T>
Var<T> FactorisationMachine<T>::score(Tape<T>& tape, const BatchBags& bags) {
  const Var<T> linear = add(embedding_bag<T>(tape, user_weights_.table(), bags.user.ids, bags.user.offsets, bags.user.x),
                            embedding_bag<T>(tape, item_weights_.table(), bags.item.ids, bags.item.offsets, bags.item.x));
  Var<T> s = add(linear, factors_(tape, bags.both.ids, bags.both.offsets, bags.both.x));
  if (objective_ == Objective::Ratings) {
    Var<T> mu = tape.constant(Shape{1, 1});
    mu.value().data[0] = static_cast<T>(config_.global_mean);
    s = add(s, mu);
  }
  return s;
}

template <class T>
Var<T> FactorisationMachine<T>::penalty(Tape<T>& tape, const BatchBags& bags) {
  // sum_entries x_j |row_j|^2 of a table, from the entries' rows gathered on the tape
  auto weighted_norms = [&tape](Param<T>& table, const Bags& b) {
    const Var<T> rows = embedding<T>(tape, table, b.ids);
    const Var<T> x = tape.constant(MatrixView<const T>{b.x.data(), {static_cast<std::int64_t>(b.x.size()), 1}});
    return sum(mul(x, rowwise_dot(rows, rows)));
  };
  return add(weighted_norms(factors_.table(), bags.both),
             add(weighted_norms(user_weights_.table(), bags.user), weighted_norms(item_weights_.table(), bags.item)));
}

template <class T>
Var<T> FactorisationMachine<T>::loss(Tape<T>& tape, const Batch<T>& batch) {
  choose_examples(batch);
  fill(batch.users, batch.items, bags_);
  const std::int64_t n = bags_.size();
  const T l2_per_example = static_cast<T>(config_.l2) / static_cast<T>(n);
  const Var<T> s = score(tape, bags_);
  if (objective_ == Objective::Ratings) {
    const Var<T> target = tape.constant(MatrixView<const T>{targets_.data(), {n, 1}});
    return add(mse_loss(s, target), scale(penalty(tape, bags_), l2_per_example));
  }
  fill(batch.users, batch.negatives, negative_bags_);
  const Var<T> s_neg = score(tape, negative_bags_);
  const Var<T> reg = add(penalty(tape, bags_), penalty(tape, negative_bags_));
  return add(bpr_loss(s, s_neg), scale(reg, l2_per_example));
}

// ---- the manual path ---------------------------------------------------------------

template <class T>
T FactorisationMachine<T>::score(const BatchBags& bags, std::int64_t r, T* sums) const {
  T s = factors_.pairwise(bags.both.ids_of(r), bags.both.x_of(r), sums);
  if (objective_ == Objective::Ratings) s += static_cast<T>(config_.global_mean);
  const std::pair<const FeatureBag<T>*, const Bags*> sides[] = {{&user_weights_, &bags.user},
                                                               {&item_weights_, &bags.item}};
  for (const auto& [side, b] : sides) {
    const auto ids = b->ids_of(r);
    const auto x = b->x_of(r);
    for (std::size_t j = 0; j < ids.size(); ++j) s += x[j] * side->table().value(ids[j], 0);
  }
  return s;
}

template <class T>
T FactorisationMachine<T>::add_gradients(const BatchBags& bags, std::int64_t r, const T* sums, T d, T l2_coef) {
  const auto ids = bags.both.ids_of(r);
  const auto x = bags.both.x_of(r);
  factors_.add_gradient(ids, x, sums, d, l2_coef);  // d x_j (s - x_j v_j) + c x_j v_j
  T penalty = 0;
  for (std::size_t j = 0; j < ids.size(); ++j) {
    const T* v = factors_.table().value.row(ids[j]);
    penalty += x[j] * kernels::dot(v, v, config_.dim);
  }
  for (auto [side, b] : {std::pair{&user_weights_, &bags.user}, std::pair{&item_weights_, &bags.item}}) {
    Param<T>& w = side->table();
    const auto side_ids = b->ids_of(r);
    const auto side_x = b->x_of(r);
    for (std::size_t j = 0; j < side_ids.size(); ++j) {
      const T wj = w.value(side_ids[j], 0);
      w.sparse_grad.add_to_row(side_ids[j], side_x[j] * (d + l2_coef * wj));  // d x_j + c x_j w_j
      penalty += side_x[j] * wj * wj;
    }
  }
  return penalty;
}

template <class T>
void FactorisationMachine<T>::score_all(const BatchBags& bags, std::vector<T>& scores, std::vector<T>& sums) const {
  const std::int64_t n = bags.size(), k = config_.dim;
  scores.resize(static_cast<std::size_t>(n));
  sums.resize(static_cast<std::size_t>(n * k));
  for (std::int64_t r = 0; r < n; ++r) scores[static_cast<std::size_t>(r)] = score(bags, r, sums.data() + r * k);
}

template <class T>
T FactorisationMachine<T>::manual_gradients(const Batch<T>& batch) {
  choose_examples(batch);
  fill(batch.users, batch.items, bags_);
  const std::int64_t n = bags_.size(), k = config_.dim;
  const T lambda = static_cast<T>(config_.l2), l2_coef = 2 * lambda / static_cast<T>(n);
  const bool ratings = objective_ == Objective::Ratings;
  // The loss and every d_r = dL/ds_r (of s+ for fm-bpr) first, for all examples; then the chain rule.
  score_all(bags_, scores_, sums_);
  head_terms_.resize(scores_.size());
  dloss_dscore_.resize(scores_.size());
  T fit;
  if (ratings) {
    fit = squared_error_head(scores_.data(), targets_.data(), n, T(1) / static_cast<T>(n), dloss_dscore_.data());
  } else {
    fill(batch.users, batch.negatives, negative_bags_);
    score_all(negative_bags_, negative_scores_, negative_sums_);
    fit = bpr_head(scores_.data(), negative_scores_.data(), n, T(1) / static_cast<T>(n), head_terms_.data(),
                   dloss_dscore_.data());
  }
  T penalty = 0;
  for (std::int64_t r = 0; r < n; ++r) {
    const T d = dloss_dscore_[static_cast<std::size_t>(r)];
    penalty += add_gradients(bags_, r, sums_.data() + r * k, d, l2_coef);
    if (!ratings) penalty += add_gradients(negative_bags_, r, negative_sums_.data() + r * k, -d, l2_coef);
  }
  return fit + lambda * penalty / static_cast<T>(n);
}

// ---- scoring -----------------------------------------------------------------------

template <class T>
T FactorisationMachine<T>::side_score(const FeatureBag<T>& side, Id row, Id shift, T* sums, Scratch& scratch) const {
  const auto features = side.features_of(row);
  const auto values = side.weights_of(row);
  scratch.ids.resize(features.size());
  scratch.x.resize(features.size());
  T linear = 0;
  for (std::size_t j = 0; j < features.size(); ++j) {
    scratch.ids[j] = features[j] + shift;
    scratch.x[j] = seen_[static_cast<std::size_t>(scratch.ids[j])] != 0 ? values[j] : T(0);
    linear += scratch.x[j] * side.table().value(features[j], 0);
  }
  return linear + factors_.pairwise(scratch.ids, scratch.x, sums);
}

// s = w0 + (user side's linear and pairwise terms) + (item side's) + <s_user, s_item>:
// the pairs across the two sides are the dot product of the sides' factor sums.
template <class T>
void FactorisationMachine<T>::predict(std::span<const Id> users, std::span<const Id> items, std::span<T> out) const {
  const std::int64_t k = config_.dim;
  std::vector<T> su(static_cast<std::size_t>(k)), si(static_cast<std::size_t>(k));
  Scratch scratch;
  const T w0 = objective_ == Objective::Ratings ? static_cast<T>(config_.global_mean) : T(0);
  for (std::size_t r = 0; r < users.size(); ++r) {
    const T s = w0 + side_score(user_weights_, users[r], 0, su.data(), scratch) +
                side_score(item_weights_, items[r], user_features_, si.data(), scratch) +
                kernels::dot(su.data(), si.data(), k);
    out[r] = objective_ == Objective::Ratings ? config_.clip_rating(s) : s;
  }
}

template <class T>
void FactorisationMachine<T>::score_users(Id first, Id count, std::span<T> out) const {
  const std::int64_t k = config_.dim, items = num_items();
  std::vector<T> user_sums(static_cast<std::size_t>(count * k)), item_sums(static_cast<std::size_t>(items * k));
  std::vector<T> user_part(static_cast<std::size_t>(count)), item_part(static_cast<std::size_t>(items));
  const T w0 = objective_ == Objective::Ratings ? static_cast<T>(config_.global_mean) : T(0);
  Scratch scratch;
  for (Id u = 0; u < count; ++u)
    user_part[u] = w0 + side_score(user_weights_, first + u, 0, &user_sums[u * k], scratch);
  for (Id i = 0; i < items; ++i)
    item_part[i] = side_score(item_weights_, i, user_features_, &item_sums[i * k], scratch);
  kernels::gemm_nt<T>(count, items, k, user_sums.data(), item_sums.data(), out.data(), false);
  for (Id u = 0; u < count; ++u)
    for (Id i = 0; i < items; ++i) out[static_cast<std::size_t>(u * items + i)] += user_part[u] + item_part[i];
}

// The item side's factor sum: the item's whole part in every pair with a user's features,
// so items alike here are scored alike by every user (features training never read count
// zero, as in scoring).
template <class T>
Tensor<T> FactorisationMachine<T>::item_vectors() const {
  Tensor<T> out(num_items(), config_.dim);
  Scratch scratch;
  for (Id i = 0; i < num_items(); ++i) side_score(item_weights_, i, user_features_, out.row(i), scratch);
  return out;
}

template class FactorisationMachine<float>;
template class FactorisationMachine<double>;

}  // namespace recgrad
