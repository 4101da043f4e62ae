#include "data/synthetic_world.hpp"

#include <algorithm>
#include <cmath>

#include "data/movielens.hpp"

namespace recgrad::data::synthetic {

namespace {

// Shape of the data; tuned so the built-in set looks like MovieLens 100K
// (rating mean ~3.5, users with 20 to several hundred ratings) and so that a factor
// model clearly beats popularity on it. The tails' shapes are in SyntheticSpec.
constexpr std::int64_t kMinPerUser = 20;
constexpr int kItemsPerTopic = 40;
constexpr int kMinTopics = 8, kMaxTopics = 256;
constexpr double kTopicSharpness = 6.0;         // exp(k <p_u, t_c>) in topic choice
constexpr double kRatingMean = 3.1;
constexpr double kRatingSlope = 1.8;            // rating gain per unit of <p_u, q_i>
constexpr double kRatingNoise = 1.0;
constexpr double kBiasSigma = 0.35;
constexpr std::int64_t kStartTime = 874724710;   // 1997-09-20, ML-100K's first day
constexpr std::int64_t kTimeSpan = 215 * 86400;  // ML-100K covers about seven months

// Rng streams (forks of the seed): one per phase, and one per user from kUserStream on.
enum Stream : std::uint64_t { kFieldStream, kTopicStream, kItemStream, kUserAttrStream, kActivityStream };
constexpr std::uint64_t kUserStream = std::uint64_t{1} << 32;

// Relative frequencies in ML-100K, so the synthetic genres are as skewed.
constexpr double kGenreWeights[] = {251, 135, 42, 122, 505, 109, 50, 725, 22,
                                    24,  92,  56, 61, 247, 101, 251, 71, 27};
constexpr double kDecadeWeights[] = {2, 3, 4, 5, 6, 10, 70};
constexpr double kAgeWeights[] = {5, 20, 33, 20, 8, 8, 6};
constexpr double kMaleShare = 0.71;

// The latent rating y written on the data's scale.
double on_scale(double y, RatingScale scale) {
  switch (scale) {
    case RatingScale::HalfStars: return std::clamp(std::round(2 * y) / 2, 0.5, 5.0);
    case RatingScale::Clicks: return std::clamp(std::round(y), 1.0, 5.0) >= 4 ? 1.0 : 0.0;
    case RatingScale::Stars: break;
  }
  return std::clamp(std::round(y), 1.0, 5.0);
}

std::vector<float> gaussian_rows(Rng& rng, std::size_t rows, int k, double scale) {
  std::vector<float> v(rows * static_cast<std::size_t>(k));
  for (auto& x : v) x = static_cast<float>(scale * rng.normal());
  return v;
}

void normalise(float* v, int k) {
  double norm = 0;
  for (int d = 0; d < k; ++d) norm += double(v[d]) * v[d];
  norm = std::sqrt(norm);
  if (norm > 0)
    for (int d = 0; d < k; ++d) v[d] = static_cast<float>(v[d] / norm);
}

// Adds `value` to the first free slot of `slots` unless present or full.
template <class T>
void add_unique(T* slots, int size, T value) {
  for (int s = 0; s < size; ++s) {
    if (slots[s] == value) return;
    if (slots[s] < 0) {
      slots[s] = value;
      return;
    }
  }
}

}  // namespace

const std::vector<std::string>& genre_names() {
  static const std::vector<std::string> names = {
      "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
      "Drama",  "Fantasy",   "Film-Noir", "Horror",     "Musical", "Mystery", "Romance",
      "Sci-Fi", "Thriller",  "War",       "Western"};
  return names;
}

const std::vector<std::string>& decade_names() {
  static const std::vector<std::string> names = {"1930s", "1940s", "1950s", "1960s",
                                                 "1970s", "1980s", "1990s"};
  return names;
}

const std::vector<std::string>& occupation_names() {
  static const std::vector<std::string> names = {
      "administrator", "artist",    "doctor",     "educator", "engineer",   "entertainment",
      "executive",     "healthcare", "homemaker", "lawyer",   "librarian",  "marketing",
      "none",          "other",     "programmer", "retired",  "salesman",   "scientist",
      "student",       "technician", "writer"};
  return names;
}

World::World(const SyntheticSpec& spec) : spec_(spec), k_(spec.factors) {
  spec_.validate();
  Rng topics = Rng(spec_.seed).fork(kTopicStream);
  make_topics(topics);
  Rng items = Rng(spec_.seed).fork(kItemStream);
  make_items(items);
  // One vector per user attribute value: what makes user features predict taste.
  Rng fields = Rng(spec_.seed).fork(kFieldStream);
  FieldVectors v;
  v.age = gaussian_rows(fields, age_bucket_names().size(), k_, 1.0);
  v.gender = gaussian_rows(fields, 2, k_, 0.6);
  v.occupation = gaussian_rows(fields, occupation_names().size(), k_, 0.8);
  Rng users = Rng(spec_.seed).fork(kUserAttrStream);
  make_users(users, v);
  Rng activity = Rng(spec_.seed).fork(kActivityStream);
  make_activity(activity);
}

double World::dot(const float* a, const float* b) const {
  double s = 0;
  for (int d = 0; d < k_; ++d) s += double(a[d]) * b[d];
  return s;
}

void World::make_topics(Rng& rng) {
  topics_ = std::clamp(spec_.items / kItemsPerTopic, kMinTopics, kMaxTopics);
  const AliasTable genre_table(kGenreWeights);
  const AliasTable decade_table(kDecadeWeights);
  topic_factor_ = gaussian_rows(rng, static_cast<std::size_t>(topics_), k_, 1.0);
  topic_genre_.assign(static_cast<std::size_t>(topics_) * 2, -1);
  topic_decade_.resize(static_cast<std::size_t>(topics_));
  for (int c = 0; c < topics_; ++c) {
    normalise(&topic_factor_[static_cast<std::size_t>(c) * k_], k_);
    std::int8_t* g = &topic_genre_[static_cast<std::size_t>(c) * 2];
    g[0] = static_cast<std::int8_t>(genre_table.sample(rng));
    if (rng.uniform() < 0.5) add_unique(g, 2, static_cast<std::int8_t>(genre_table.sample(rng)));
    topic_decade_[c] = static_cast<std::int8_t>(decade_table.sample(rng));
  }
}

void World::make_items(Rng& rng) {
  const auto n = static_cast<std::size_t>(spec_.items);
  const AliasTable genre_table(kGenreWeights);
  const AliasTable decade_table(kDecadeWeights);
  // Popularity follows a random ranking; popular items are also rated a little higher.
  std::vector<std::int32_t> rank(n);
  for (std::size_t i = 0; i < n; ++i) rank[i] = static_cast<std::int32_t>(i);
  shuffle(rank.data(), n, rng);
  const double offset = std::max(1.0, spec_.popularity_offset * static_cast<double>(n));
  item_popularity_.resize(n);
  item_topic_.assign(n * 2, -1);
  item_genres_.assign(n * 3, -1);
  item_decade_.resize(n);
  item_factor_.assign(n * k_, 0.0f);
  item_bias_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    item_popularity_[i] = std::pow(rank[i] + offset, -spec_.popularity_exponent);
    std::int32_t* t = &item_topic_[i * 2];
    t[0] = static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(topics_)));
    if (rng.uniform() < 0.3) add_unique(t, 2, static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(topics_))));
    const int count = t[1] < 0 ? 1 : 2;
    // Genres and decade mostly follow the topics, with some noise.
    std::int8_t* g = &item_genres_[i * 3];
    for (int c = 0; c < count; ++c) add_unique(g, 3, topic_genre_[static_cast<std::size_t>(t[c]) * 2]);
    const std::int8_t second = topic_genre_[static_cast<std::size_t>(t[0]) * 2 + 1];
    if (second >= 0 && rng.uniform() < 0.5) add_unique(g, 3, second);
    if (rng.uniform() < 0.15) add_unique(g, 3, static_cast<std::int8_t>(genre_table.sample(rng)));
    item_decade_[i] = rng.uniform() < 0.6 ? topic_decade_[t[0]]
                                          : static_cast<std::int8_t>(decade_table.sample(rng));
    float* q = &item_factor_[i * k_];
    for (int d = 0; d < k_; ++d) {
      double x = 0.35 * rng.normal();
      for (int c = 0; c < count; ++c) x += topic_factor_[static_cast<std::size_t>(t[c]) * k_ + d] / count;
      q[d] = static_cast<float>(x);
    }
    normalise(q, k_);
    item_bias_[i] = static_cast<float>(kBiasSigma * rng.normal() + 0.3 * (0.5 - static_cast<double>(rank[i]) / n));
  }
  // Per topic: its items and a popularity table over them.
  topic_items_.assign(static_cast<std::size_t>(topics_), {});
  std::vector<std::vector<double>> weights(static_cast<std::size_t>(topics_));
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t* t = &item_topic_[i * 2];
    const int count = t[1] < 0 ? 1 : 2;
    for (int c = 0; c < count; ++c) {
      topic_items_[t[c]].push_back(static_cast<std::int32_t>(i));
      weights[t[c]].push_back(item_popularity_[i] / count);
    }
  }
  topic_mass_.assign(static_cast<std::size_t>(topics_), 0.0);
  topic_table_.resize(static_cast<std::size_t>(topics_));
  for (int c = 0; c < topics_; ++c) {
    if (weights[c].empty()) continue;  // mass 0: never drawn
    for (const double w : weights[c]) topic_mass_[c] += w;
    topic_table_[c] = AliasTable(weights[c]);
  }
}

void World::make_users(Rng& rng, const FieldVectors& v) {
  const auto n = static_cast<std::size_t>(spec_.users);
  const AliasTable age_table(kAgeWeights);
  // Students, "other" and educators are the common occupations in ML-100K.
  std::vector<double> occupation_weight;
  for (const auto& name : occupation_names())
    occupation_weight.push_back(name == "student" ? 8 : name == "other" || name == "educator" ? 4 : 1);
  const AliasTable occupation_table(occupation_weight);
  user_factor_.assign(n * k_, 0.0f);
  user_age_.resize(n);
  user_gender_.resize(n);
  user_occupation_.resize(n);
  user_bias_.resize(n);
  for (std::size_t u = 0; u < n; ++u) {
    user_age_[u] = static_cast<std::int8_t>(age_table.sample(rng));
    user_gender_[u] = rng.uniform() < kMaleShare ? 0 : 1;
    user_occupation_[u] = static_cast<std::int8_t>(occupation_table.sample(rng));
    float* p = &user_factor_[u * k_];
    for (int d = 0; d < k_; ++d)
      p[d] = static_cast<float>(v.age[user_age_[u] * k_ + d] + v.gender[user_gender_[u] * k_ + d] +
                                v.occupation[user_occupation_[u] * k_ + d] + rng.normal());
    normalise(p, k_);
    user_bias_[u] = static_cast<float>(kBiasSigma * rng.normal());
  }
}

void World::make_activity(Rng& rng) {
  const std::int64_t users = spec_.users, total = spec_.interactions;
  const std::int64_t floor_count = total >= users ? std::min(kMinPerUser, total / users) : 0;
  const std::int64_t cap = std::max<std::int64_t>(floor_count, spec_.items / 2);
  std::vector<double> weight(static_cast<std::size_t>(users));
  double sum = 0;
  for (auto& w : weight) sum += (w = std::exp(spec_.activity_sigma * rng.normal()));
  const auto extra = static_cast<double>(total - floor_count * users);
  activity_.resize(static_cast<std::size_t>(users));
  std::int64_t given = 0;
  for (std::size_t u = 0; u < weight.size(); ++u) {
    const auto share = static_cast<std::int64_t>(extra * weight[u] / sum);
    activity_[u] = std::min(cap, floor_count + share);
    given += activity_[u];
  }
  // Rounding and the cap leave some over: hand it out one by one in a random order.
  std::vector<std::int32_t> order(weight.size());
  for (std::size_t u = 0; u < order.size(); ++u) order[u] = static_cast<std::int32_t>(u);
  shuffle(order.data(), order.size(), rng);
  while (given < total)
    for (std::size_t k = 0; k < order.size() && given < total; ++k)
      if (activity_[order[k]] < cap) ++activity_[order[k]], ++given;
}

void World::user_events(std::int32_t user, std::vector<Event>& out, Scratch& scratch) const {
  out.clear();
  const std::int64_t n = activity(user);
  if (n == 0) return;
  Rng rng = Rng(spec_.seed).fork(kUserStream + static_cast<std::uint64_t>(user));
  pick_items(user, n, rng, out, scratch);
  // An active period inside the data's time span; events spread over it in pick order.
  const double start = static_cast<double>(kStartTime) + rng.uniform() * 0.9 * kTimeSpan;
  const double length = (static_cast<double>(kStartTime + kTimeSpan) - start) * std::pow(rng.uniform(), 2);
  scratch.times.resize(out.size());
  for (auto& t : scratch.times) t = start + rng.uniform() * length;
  std::sort(scratch.times.begin(), scratch.times.end());
  const float* p = &user_factor_[static_cast<std::size_t>(user) * k_];
  for (std::size_t k = 0; k < out.size(); ++k) {
    Event& e = out[k];
    const double y = kRatingMean + user_bias_[user] + item_bias_[e.item] +
                     kRatingSlope * dot(p, &item_factor_[static_cast<std::size_t>(e.item) * k_]) +
                     kRatingNoise * rng.normal();
    e.rating = static_cast<float>(on_scale(y, spec_.ratings));
    e.timestamp = static_cast<std::int64_t>(scratch.times[k]);
  }
}

void World::pick_items(std::int32_t user, std::int64_t n, Rng& rng, std::vector<Event>& out,
                       Scratch& scratch) const {
  // The user's topic weights exp(k <p_u, t_c>) mass_c, as a cumulative table.
  const float* p = &user_factor_[static_cast<std::size_t>(user) * k_];
  scratch.topic_cdf.resize(static_cast<std::size_t>(topics_));
  double total = 0;
  for (int c = 0; c < topics_; ++c) {
    total += topic_mass_[c] * std::exp(kTopicSharpness * dot(p, &topic_factor_[static_cast<std::size_t>(c) * k_]));
    scratch.topic_cdf[c] = total;
  }
  const std::int32_t items = spec_.items;
  if (scratch.taken_by.size() != static_cast<std::size_t>(items)) scratch.taken_by.assign(items, -1);
  // Draw topic then item, skipping repeats, while that is cheap; a user who wants a large
  // share of the catalogue (or of their favourite topics) finishes with one exact pass.
  std::int64_t budget = n * 4 <= items ? 20 * n + 100 : 0;
  while (static_cast<std::int64_t>(out.size()) < n && budget-- > 0) {
    const auto c = std::upper_bound(scratch.topic_cdf.begin(), scratch.topic_cdf.end(), rng.uniform() * total) -
                   scratch.topic_cdf.begin();
    const std::size_t topic = std::min<std::size_t>(static_cast<std::size_t>(c), topics_ - 1);
    const std::int32_t item = topic_items_[topic][topic_table_[topic].sample(rng)];
    if (scratch.taken_by[item] == user) continue;
    scratch.taken_by[item] = user;
    out.push_back({item, 0, 0});
  }
  if (static_cast<std::int64_t>(out.size()) == n) return;
  // Efraimidis-Spirakis: weighted sampling without replacement in one pass over the
  // catalogue, the same distribution as the loop above.
  scratch.keys.clear();
  for (std::int32_t i = 0; i < items; ++i) {
    if (scratch.taken_by[i] == user) continue;
    const std::int32_t* t = &item_topic_[static_cast<std::size_t>(i) * 2];
    const int count = t[1] < 0 ? 1 : 2;
    double w = 0;
    for (int c = 0; c < count; ++c) {
      const double below = t[c] > 0 ? scratch.topic_cdf[t[c] - 1] : 0.0;
      w += (scratch.topic_cdf[t[c]] - below) / topic_mass_[t[c]] * item_popularity_[i] / count;
    }
    scratch.keys.emplace_back(std::log(1.0 - rng.uniform()) / w, i);
  }
  const auto want = static_cast<std::ptrdiff_t>(n - static_cast<std::int64_t>(out.size()));
  std::partial_sort(scratch.keys.begin(), scratch.keys.begin() + want, scratch.keys.end(), std::greater<>());
  for (auto it = scratch.keys.begin(); it != scratch.keys.begin() + want; ++it) {
    scratch.taken_by[it->second] = user;
    out.push_back({it->second, 0, 0});
  }
}

void World::user_features(std::int32_t user, std::vector<Feature>& out) const {
  const auto u = static_cast<std::size_t>(user);
  out.clear();
  out.push_back({"age", age_bucket_names()[user_age_[u]], 1.0f});
  out.push_back({"gender", user_gender_[u] == 0 ? "M" : "F", 1.0f});
  out.push_back({"occupation", occupation_names()[user_occupation_[u]], 1.0f});
}

void World::item_features(std::int32_t item, std::vector<Feature>& out) const {
  const auto i = static_cast<std::size_t>(item);
  out.clear();
  const std::int8_t* g = &item_genres_[i * 3];
  const int count = static_cast<int>(std::count_if(g, g + 3, [](std::int8_t x) { return x >= 0; }));
  for (int c = 0; c < count; ++c) out.push_back({"genre", genre_names()[g[c]], 1.0f / count});
  out.push_back({"decade", decade_names()[item_decade_[i]], 1.0f});
}

}  // namespace recgrad::data::synthetic
