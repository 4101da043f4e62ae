// The planted model behind data/synthetic.hpp: who the users and items are, and how
// one user's interactions are drawn. Internal to data/synthetic*.cpp.
//
// Items belong to one or two of C latent topics (C grows with the catalogue); each
// topic has a factor vector t_c, and a user's factor p_u comes from their age, gender
// and occupation vectors plus noise. A user picks item i with probability
//
//   P(i | u)  proportional to  sum over topics c of i:  exp(k <p_u, t_c>) pop_i m_ic
//
// (pop_i a power law, m_ic = 1 / #topics of i), sampled in O(log C) by first drawing a
// topic, then an item from that topic's popularity table. Genres and decades follow
// the item's topics, so metadata carries part of the signal and ids the rest.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "data/alias_table.hpp"
#include "data/shuffle.hpp"
#include "data/synthetic.hpp"

namespace recgrad::data::synthetic {

// Names of the metadata values, shared by the file writer and the in-memory builder.
const std::vector<std::string>& genre_names();
const std::vector<std::string>& decade_names();
const std::vector<std::string>& occupation_names();

struct Event {
  std::int32_t item;
  float rating;
  std::int64_t timestamp;
};

// One (field, value, weight) feature of a user or an item, in writing order.
struct Feature {
  std::string_view field;
  std::string_view value;
  float weight;
};

class World {
 public:
  explicit World(const SyntheticSpec& spec);

  const SyntheticSpec& spec() const { return spec_; }
  std::int64_t activity(std::int32_t user) const { return activity_[static_cast<std::size_t>(user)]; }

  // Buffers reused across users (one per thread).
  struct Scratch {
    std::vector<std::int32_t> taken_by;  // item -> last user that took it
    std::vector<double> topic_cdf;
    std::vector<std::pair<double, std::int32_t>> keys;
    std::vector<double> times;
  };
  // The user's interactions, in time order; `out` is cleared first.
  void user_events(std::int32_t user, std::vector<Event>& out, Scratch& scratch) const;

  void user_features(std::int32_t user, std::vector<Feature>& out) const;
  void item_features(std::int32_t item, std::vector<Feature>& out) const;

 private:
  struct FieldVectors {
    std::vector<float> age, gender, occupation;  // rows of k_
  };
  double dot(const float* a, const float* b) const;
  void make_topics(Rng& rng);
  void make_items(Rng& rng);
  void make_users(Rng& rng, const FieldVectors& v);
  void make_activity(Rng& rng);
  void pick_items(std::int32_t user, std::int64_t n, Rng& rng, std::vector<Event>& out,
                  Scratch& scratch) const;

  SyntheticSpec spec_;
  int k_;
  int topics_;
  std::vector<float> topic_factor_;            // topics_ x k_
  std::vector<std::int8_t> topic_genre_;       // main genre, second genre (-1: none)
  std::vector<std::int8_t> topic_decade_;
  std::vector<double> topic_mass_;             // sum of pop_i m_ic over the topic's items
  std::vector<std::vector<std::int32_t>> topic_items_;
  std::vector<AliasTable> topic_table_;        // over topic_items_[c], weights pop_i m_ic
  std::vector<std::int32_t> item_topic_;       // 2 slots per item, -1 = none
  std::vector<double> item_popularity_;
  std::vector<float> item_factor_, user_factor_;  // rows of k_
  std::vector<float> item_bias_, user_bias_;
  std::vector<std::int8_t> item_genres_;       // 3 slots per item, -1 = none
  std::vector<std::int8_t> item_decade_;
  std::vector<std::int8_t> user_age_, user_gender_, user_occupation_;
  std::vector<std::int64_t> activity_;
};

}  // namespace recgrad::data::synthetic
