// The YouTube DNN candidate-generation model (Covington et al. 2016) for next-item
// prediction, as ../shared/peers/torch/youtube_dnn.py builds it:
//
//     h_u  = mean of the input embeddings e_j of the up to N items j the user saw last
//     x_u  = [h_u ; a_age(u) ; a_gender(u) ; a_occupation(u)]     (k + 3 * 8 values)
//     v_u  = W2 relu(W1 x_u + c1) + c2                           (tower (k+24)-64-k)
//     z_ui = v_u . w_i + b_i                                     (w, b: output embeddings)
//
// trained to put the next item first: softmax cross-entropy of z_u against the item
// that came next, over all items ("full") or over the next item and S items sampled
// with log-Q correction ("sampled", layers/sampled_softmax.hpp). The input and output
// embeddings are separate tables, as in the paper and the reference. No L2 term
// (config.l2 is unused), as in the reference.
//
// The hand-derived gradient of the same loss is in softmax_manual.cpp.
#include "models/softmax/softmax.hpp"

#include <stdexcept>

#include "autodiff/kernels/kernels.hpp"

namespace recgrad {

namespace {

constexpr std::int64_t kSideDim = 8;      // per user field, as the reference
constexpr std::int64_t kTowerHidden = 64;  // the tower's hidden width, as the reference
const char* const kSideFields[] = {"age", "gender", "occupation"};

std::int64_t side_fields_in(const data::FeatureMatrix* features) {
  std::int64_t n = 0;
  if (features != nullptr)
    for (const char* f : kSideFields) n += features->field(f) != nullptr;
  return n;
}

}  // namespace

template <class T>
SoftmaxNextItem<T>::SoftmaxNextItem(const ModelConfig& config, const ModelData& data, std::uint64_t seed)
    : config_(config),
      num_users_(data.num_users),
      rng_(seed),
      history_("item_input", data.num_items, config.dim, config.init_std, rng_),
      tower_("tower", {config.dim + kSideDim * side_fields_in(data.user_features), kTowerHidden, config.dim}, rng_),
      output_("item_output", data.num_items, config.dim, config.init_std, rng_),
      full_softmax_(config.own.text_or("softmax", "sampled") == "full") {
  if (const std::string loss = config.own.text_or("softmax", "sampled"); loss != "sampled" && loss != "full")
    throw std::invalid_argument("softmax: --softmax must be sampled or full, not '" + loss + "'");
  if (data.user_features != nullptr)
    for (const char* f : kSideFields)
      if (data.user_features->field(f) != nullptr)
        side_.emplace_back(std::string("user_") + f, *data.user_features, kSideDim, config.init_std, rng_,
                           std::vector<std::string>{f});
}

template <class T>
std::vector<Param<T>*> SoftmaxNextItem<T>::params() {
  std::vector<Param<T>*> out;
  history_.collect_params(out);
  for (FeatureBag<T>& bag : side_) bag.collect_params(out);
  tower_.collect_params(out);
  output_.collect_params(out);
  return out;
}

template <class T>
Var<T> SoftmaxNextItem<T>::user_vectors(Tape<T>& tape, std::span<const Id> users, std::span<const Id> context_items,
                                        std::span<const std::int64_t> context_offsets) {
  parts_.clear();
  parts_.push_back(embedding_bag<T>(tape, history_.table(), context_items, context_offsets, {}, BagMode::Mean));
  for (FeatureBag<T>& bag : side_) parts_.push_back(bag(tape, users));
  return tower_(concat_cols<T>(parts_));
}

template <class T>
bool SoftmaxNextItem<T>::sampled(const Batch<T>& batch) const {
  if (batch.context_offsets.size() != batch.users.size() + 1)
    throw std::invalid_argument("softmax: the batch has no next-item contexts");
  if (full_softmax_) return false;
  if (batch.negatives.empty())
    throw std::invalid_argument("softmax: sampled softmax needs sampled negatives (--negatives > 0), or --softmax full");
  return true;
}

template <class T>
Var<T> SoftmaxNextItem<T>::loss(Tape<T>& tape, const Batch<T>& batch) {
  const bool is_sampled = sampled(batch);
  const Var<T> u = user_vectors(tape, batch.users, batch.context_items, batch.context_offsets);
  if (!is_sampled) return output_.full_loss(u, batch.items);
  return output_.sampled_loss(u, batch.items, batch.negatives, batch.item_log_q, batch.negative_log_q);
}

template <class T>
void SoftmaxNextItem<T>::tower_input(std::span<const Id> users, std::span<const Id> context_items,
                                     std::span<const std::int64_t> context_offsets, T* x) const {
  const std::int64_t width = tower_.in();
  history_.mean_values(context_items, context_offsets, x, width);
  std::int64_t col = dim();
  for (const FeatureBag<T>& bag : side_) {
    for (std::size_t r = 0; r < users.size(); ++r)
      bag.represent(users[r], {x + static_cast<std::int64_t>(r) * width + col, static_cast<std::size_t>(bag.dim())});
    col += bag.dim();
  }
}

template <class T>
void SoftmaxNextItem<T>::user_vectors(std::span<const Id> users, std::span<const Id> context_items,
                                      std::span<const std::int64_t> context_offsets, std::span<T> out) const {
  std::vector<T> x(users.size() * static_cast<std::size_t>(tower_.in())), v;
  tower_input(users, context_items, context_offsets, x.data());
  tower_.evaluate(x.data(), static_cast<std::int64_t>(users.size()), v);
  std::copy(v.begin(), v.end(), out.begin());
}

template <class T>
void SoftmaxNextItem<T>::score_with_context(std::span<const Id> users, std::span<const Id> context_items,
                                            std::span<const std::int64_t> context_offsets, std::span<T> out) const {
  std::vector<T> v(users.size() * static_cast<std::size_t>(dim()));
  user_vectors(users, context_items, context_offsets, v);
  output_.score(v.data(), static_cast<std::int64_t>(users.size()), out.data());
}

template <class T>
void SoftmaxNextItem<T>::stored_user_vectors(std::span<const Id> users, std::vector<T>& out) const {
  std::vector<Id> items;
  std::vector<std::int64_t> offsets{0};
  for (const Id u : users) {
    if (u < contexts_.num_users()) {
      const auto c = contexts_.of(u);
      items.insert(items.end(), c.begin(), c.end());
    }
    offsets.push_back(static_cast<std::int64_t>(items.size()));
  }
  out.resize(users.size() * static_cast<std::size_t>(dim()));
  user_vectors(users, items, offsets, out);
}

template <class T>
void SoftmaxNextItem<T>::predict(std::span<const Id> users, std::span<const Id> items, std::span<T> out) const {
  std::vector<T> v;
  stored_user_vectors(users, v);
  const std::int64_t k = dim();
  for (std::size_t r = 0; r < users.size(); ++r)
    out[r] = kernels::dot(v.data() + static_cast<std::int64_t>(r) * k, output_.weight().value.row(items[r]), k) +
             output_.bias().value(items[r], 0);
}

template <class T>
void SoftmaxNextItem<T>::score_users(Id first, Id count, std::span<T> out) const {
  std::vector<Id> users(static_cast<std::size_t>(count));
  for (Id r = 0; r < count; ++r) users[static_cast<std::size_t>(r)] = first + r;
  std::vector<T> v;
  stored_user_vectors(users, v);
  output_.score(v.data(), count, out.data());
}

template class SoftmaxNextItem<float>;
template class SoftmaxNextItem<double>;

}  // namespace recgrad
