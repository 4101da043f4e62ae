#include "models/itemknn/itemknn.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace recgrad {

namespace {

// Item indices travel in float tensors: exact only below 2^24.
constexpr Id kMaxItems = Id{1} << 24;

std::int64_t kept_columns(std::int64_t neighbours, Id num_items) {
  if (neighbours <= 0) throw std::invalid_argument("itemknn: --neighbours must be positive");
  if (num_items < 0 || num_items > kMaxItems)
    throw std::invalid_argument("itemknn: at most 2^24 items, got " + std::to_string(num_items));
  // An item has at most items - 1 neighbours; at least one column keeps shapes non-empty.
  return std::max<std::int64_t>(1, std::min<std::int64_t>(neighbours, std::int64_t{num_items} - 1));
}

bool whole_in(float v, double lo, double hi) { return v == std::floor(v) && v >= lo && v < hi; }

// Item i's neighbours, best first: every item sharing a user with it, by cosine (ties:
// lower index first), the top `k` written to the two rows. `co` (zero on entry and on
// return) and `touched` are the calling thread's scratch.
void nearest_items(Id i, const data::UserItems& item_users, const std::vector<std::int64_t>& offsets,
                   const std::vector<Id>& user_items, std::vector<std::int32_t>& co, std::vector<Id>& touched,
                   std::vector<std::pair<float, Id>>& ranked, float* ids, float* sims, std::int64_t k) {
  touched.clear();
  for (const Id u : item_users.of(i))
    for (std::int64_t p = offsets[u]; p < offsets[u + 1]; ++p) {
      const Id j = user_items[static_cast<std::size_t>(p)];
      if (co[j]++ == 0) touched.push_back(j);
    }
  ranked.clear();
  const double n_i = static_cast<double>(item_users.of(i).size());
  for (const Id j : touched) {
    const double n_j = static_cast<double>(item_users.of(j).size());
    if (j != i) ranked.emplace_back(static_cast<float>(co[j] / std::sqrt(n_i * n_j)), j);
    co[j] = 0;
  }
  const auto better = [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); };
  const std::size_t n = std::min(ranked.size(), static_cast<std::size_t>(k));
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end(), better);
  for (std::int64_t c = 0; c < k; ++c) {
    const bool kept = static_cast<std::size_t>(c) < n;
    ids[c] = kept ? static_cast<float>(ranked[static_cast<std::size_t>(c)].second) : -1.0f;
    sims[c] = kept ? ranked[static_cast<std::size_t>(c)].first : 0.0f;
  }
}

}  // namespace

ItemKnn::ItemKnn(std::int64_t neighbours, Id num_users, Id num_items)
    : num_users_(num_users),
      neighbour_items_(num_items, kept_columns(neighbours, num_items)),
      neighbour_sims_(num_items, kept_columns(neighbours, num_items)),
      offsets_(static_cast<std::size_t>(std::max<Id>(num_users, 0)) + 1, 0) {
  if (num_users < 0) throw std::invalid_argument("itemknn: negative user count");
  std::fill(neighbour_items_.begin(), neighbour_items_.end(), -1.0f);
  std::fill(neighbour_sims_.begin(), neighbour_sims_.end(), 0.0f);
}

void ItemKnn::begin_sweeps(const data::UserItems& user_items, const data::UserItems& item_users,
                           const SweepSettings&) {
  if (user_items.num_users() != num_users_ || item_users.num_users() != num_items())
    throw std::invalid_argument("itemknn: training lists for " + std::to_string(user_items.num_users()) + " users and " +
                                std::to_string(item_users.num_users()) + " items, the model has " +
                                std::to_string(num_users_) + " and " + std::to_string(num_items()));
  offsets_ = user_items.offsets;
  user_items_.assign(user_items.items.begin(), user_items.items.end());
  item_users_ = &item_users;
}

void ItemKnn::sweep() {
  if (item_users_ == nullptr) throw std::logic_error("itemknn: sweep() before begin_sweeps()");
  const std::int64_t k = neighbours_kept();
  // Rows are independent and each is computed the same way on any thread: the result
  // does not depend on the thread count.
#pragma omp parallel
  {
    std::vector<std::int32_t> co(static_cast<std::size_t>(num_items()), 0);
    std::vector<Id> touched;
    std::vector<std::pair<float, Id>> ranked;
#pragma omp for schedule(dynamic, 16)
    for (Id i = 0; i < num_items(); ++i)
      nearest_items(i, *item_users_, offsets_, user_items_, co, touched, ranked, neighbour_items_.row(i),
                    neighbour_sims_.row(i), k);
  }
}

void ItemKnn::score_users(Id first, Id count, std::span<float> out) const {
  const std::int64_t k = neighbours_kept();
  const auto n = static_cast<std::size_t>(num_items());
  for (Id u = first; u < first + count; ++u) {
    float* row = out.data() + static_cast<std::size_t>(u - first) * n;
    std::fill(row, row + n, 0.0f);
    for (const Id j : items_of(u)) {
      const float* ids = neighbour_items_.row(j);
      const float* sims = neighbour_sims_.row(j);
      for (std::int64_t c = 0; c < k && ids[c] >= 0; ++c) row[static_cast<std::size_t>(ids[c])] += sims[c];
    }
  }
}

void ItemKnn::predict(std::span<const Id> users, std::span<const Id> items, std::span<float> out) const {
  const std::int64_t k = neighbours_kept();
  // The same additions in the same order as score_users, so the two agree to the bit.
  for (std::size_t r = 0; r < users.size(); ++r) {
    const auto target = static_cast<float>(items[r]);
    float sum = 0.0f;
    for (const Id j : items_of(users[r])) {
      const float* ids = neighbour_items_.row(j);
      for (std::int64_t c = 0; c < k && ids[c] >= 0; ++c)
        if (ids[c] == target) sum += neighbour_sims_.row(j)[c];
    }
    out[r] = sum;
  }
}

Tensor<float> ItemKnn::item_vectors() const {
  Tensor<float> v(num_items(), num_users_);
  std::fill(v.begin(), v.end(), 0.0f);
  for (Id u = 0; u < num_users_; ++u)
    for (const Id j : items_of(u)) v.row(j)[u] = 1.0f;
  return v;
}

std::vector<StateTensor> ItemKnn::extra_state() const {
  Tensor<float> counts(num_users_, 1), items(static_cast<std::int64_t>(user_items_.size()), 1);
  for (Id u = 0; u < num_users_; ++u) counts.data()[u] = static_cast<float>(offsets_[u + 1] - offsets_[u]);
  std::transform(user_items_.begin(), user_items_.end(), items.begin(), [](Id j) { return static_cast<float>(j); });
  return {{"user_item_counts", std::move(counts)}, {"user_items", std::move(items)}};
}

void ItemKnn::restore_extra_state(const std::vector<StateTensor>& state) {
  const Tensor<float>* counts = nullptr;
  const Tensor<float>* items = nullptr;
  for (const StateTensor& s : state) {
    if (s.name == "user_item_counts") counts = &s.value;
    if (s.name == "user_items") items = &s.value;
  }
  if (counts == nullptr || items == nullptr || state.size() != 2)
    throw std::invalid_argument("itemknn: the state must be user_item_counts and user_items");
  if (counts->shape() != Shape{num_users_, 1} || items->cols() != 1)
    throw std::invalid_argument("itemknn: user_item_counts must be [" + std::to_string(num_users_) +
                                " x 1] and user_items one column, got " + to_string(counts->shape()) + " and " +
                                to_string(items->shape()));
  std::vector<std::int64_t> offsets(static_cast<std::size_t>(num_users_) + 1, 0);
  for (Id u = 0; u < num_users_; ++u) {
    const float c = counts->data()[u];
    if (!whole_in(c, 0, static_cast<double>(num_items()) + 1))
      throw std::invalid_argument("itemknn: user " + std::to_string(u) + " has " + std::to_string(c) + " items");
    offsets[u + 1] = offsets[u] + static_cast<std::int64_t>(c);
  }
  if (offsets.back() != items->rows())
    throw std::invalid_argument("itemknn: the counts add up to " + std::to_string(offsets.back()) + " items, not " +
                                std::to_string(items->rows()));
  std::vector<Id> list(static_cast<std::size_t>(items->rows()));
  for (Id u = 0; u < num_users_; ++u)
    for (std::int64_t p = offsets[u]; p < offsets[u + 1]; ++p) {
      const float j = items->data()[p];
      if (!whole_in(j, 0, num_items()) || (p > offsets[u] && j <= items->data()[p - 1]))
        throw std::invalid_argument("itemknn: user " + std::to_string(u) + "'s items are not ascending item indices");
      list[static_cast<std::size_t>(p)] = static_cast<Id>(j);
    }
  check_neighbours();
  offsets_ = std::move(offsets);
  user_items_ = std::move(list);
}

void ItemKnn::check_neighbours() const {
  for (Id i = 0; i < num_items(); ++i) {
    const float* ids = neighbour_items_.row(i);
    const float* sims = neighbour_sims_.row(i);
    for (std::int64_t c = 0; c < neighbours_kept(); ++c) {
      const bool padding = ids[c] == -1.0f;
      const bool after_padding = c > 0 && ids[c - 1] == -1.0f;
      if (!(padding || whole_in(ids[c], 0, num_items())) || ids[c] == static_cast<float>(i) ||
          (after_padding && !padding) || !(sims[c] >= 0.0f && sims[c] <= 1.0f + 1e-6f) || (padding && sims[c] != 0.0f))
        throw std::invalid_argument("itemknn: item " + std::to_string(i) + "'s neighbour " + std::to_string(c) +
                                    " is not an item index with a cosine, or padding after the last");
    }
  }
}

}  // namespace recgrad
