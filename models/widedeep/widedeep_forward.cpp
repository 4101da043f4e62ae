// Wide & deep's forward pass from the parameter values, without a tape: what scoring
// runs (predict, score_users) and what the manual path's backward starts from.
//
// Scoring must not record on a tape: a tape binds each dense parameter's gradient (and
// allocates it on first use), a write to the model that several scoring threads would
// race on. Here every buffer is the caller's ForwardValues, and the model is only read.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "autodiff/kernels/kernels.hpp"
#include "models/widedeep/widedeep.hpp"

namespace recgrad {

namespace {

// Pairs per forward pass when scoring: bounds the scratch (X alone is 6 dim values a pair).
constexpr std::size_t kScoreChunk = 4096;

}  // namespace

template <class T>
T WideDeep<T>::forward_inputs(std::span<const Id> users, std::span<const Id> items, ForwardValues& f,
                              bool with_penalty) const {
  const auto B = static_cast<std::int64_t>(users.size());
  for (std::int64_t r = 0; r < B; ++r)  // the deep part reads the bags unchecked
    if (users[r] < 0 || users[r] >= num_users_ || items[r] < 0 || items[r] >= num_items_)
      throw std::out_of_range("widedeep: pair (" + std::to_string(users[r]) + ", " + std::to_string(items[r]) +
                              ") outside " + std::to_string(num_users_) + " users x " + std::to_string(num_items_) +
                              " items");
  f.z.assign(static_cast<std::size_t>(B), bias_.value.data()[0]);
  T penalty = 0;
  if (wide_) {
    wide_features_.encode(users, items, f.wide_ids, f.wide_offsets);
    const T* w = wide_->table().value.data();
    for (std::int64_t r = 0; r < B; ++r)
      for (std::int64_t k = f.wide_offsets[r]; k < f.wide_offsets[r + 1]; ++k) {
        const T wj = w[f.wide_ids[static_cast<std::size_t>(k)]];
        f.z[r] += wj;
        if (with_penalty) penalty += wj * wj;
      }
  }
  if (!mlp_) return penalty;
  const std::int64_t k = config_.dim, width = k * static_cast<std::int64_t>(fields_.size());
  f.x.assign(static_cast<std::size_t>(B * width), T(0));
  for (std::size_t c = 0; c < fields_.size(); ++c) {
    const Field& field = fields_[c];
    const std::span<const Id> rows = field.of_user ? users : items;
    for (std::int64_t r = 0; r < B; ++r) {
      const auto ids = field.bag.features_of(rows[r]);
      const auto xs = field.bag.weights_of(rows[r]);
      for (std::size_t j = 0; j < ids.size(); ++j) {
        const T* e = field.bag.table().value.row(ids[j]);
        kernels::axpy(xs[j], e, f.x.data() + r * width + static_cast<std::int64_t>(c) * k, k);
        if (with_penalty) penalty += xs[j] * kernels::dot(e, e, k);
      }
    }
  }
  return penalty;
}

template <class T>
void WideDeep<T>::forward_values(std::span<const Id> users, std::span<const Id> items, ForwardValues& f) const {
  forward_inputs(users, items, f, false);
  if (!mlp_) return;
  mlp_->evaluate(f.x.data(), static_cast<std::int64_t>(users.size()), f.out);
  for (std::size_t r = 0; r < users.size(); ++r) f.z[r] += f.out[r];
}

template <class T>
void WideDeep<T>::logits(std::span<const Id> users, std::span<const Id> items, ForwardValues& f,
                         std::span<T> out) const {
  for (std::size_t first = 0; first < users.size(); first += kScoreChunk) {
    const std::size_t n = std::min(kScoreChunk, users.size() - first);
    forward_values(users.subspan(first, n), items.subspan(first, n), f);
    std::copy_n(f.z.begin(), n, out.begin() + static_cast<std::ptrdiff_t>(first));
  }
}

template <class T>
void WideDeep<T>::predict(std::span<const Id> users, std::span<const Id> items, std::span<T> out) const {
  ForwardValues f;
  logits(users, items, f, out);
}

template <class T>
void WideDeep<T>::score_users(Id first, Id count, std::span<T> out) const {
  // One forward pass per user over every item, all through one scratch.
  ForwardValues f;
  std::vector<Id> users(static_cast<std::size_t>(num_items_)), items(users.size());
  for (Id i = 0; i < num_items_; ++i) items[i] = i;
  for (Id u = first; u < first + count; ++u) {
    std::fill(users.begin(), users.end(), u);
    logits(users, items, f, out.subspan(static_cast<std::size_t>(u - first) * users.size(), users.size()));
  }
}

// The class is instantiated in widedeep.cpp; these are the members defined here.
#define RECGRAD_WIDEDEEP_FORWARD(T)                                                                         \
  template T WideDeep<T>::forward_inputs(std::span<const Id>, std::span<const Id>, ForwardValues&, bool) const; \
  template void WideDeep<T>::forward_values(std::span<const Id>, std::span<const Id>, ForwardValues&) const;     \
  template void WideDeep<T>::logits(std::span<const Id>, std::span<const Id>, ForwardValues&, std::span<T>) const; \
  template void WideDeep<T>::predict(std::span<const Id>, std::span<const Id>, std::span<T>) const;               \
  template void WideDeep<T>::score_users(Id, Id, std::span<T>) const;
RECGRAD_WIDEDEEP_FORWARD(float)
RECGRAD_WIDEDEEP_FORWARD(double)
#undef RECGRAD_WIDEDEEP_FORWARD

}  // namespace recgrad
