// Synthetic MovieLens-shaped data with a planted, learnable structure.
//
// The generative story (data/synthetic_world.* has the details and constants):
//   * items belong to one or two latent topics (about 40 items per topic); each topic
//     has a factor vector, a main genre and a favourite decade, so an item's genres and
//     decade follow its topics: metadata predicts the item's factor, but only partly.
//   * a user's factor is the normalised sum of vectors of their age bucket, gender and
//     occupation plus noise: demographics predict taste, ids carry the rest.
//   * items have a power-law popularity ((rank + c)^-1.8 over a random ranking); users a
//     log-normal activity, at least 20 interactions when the totals allow.
//   * a user picks distinct items with probability proportional to
//     sum over the item's topics of exp(6 <user factor, topic factor>) x popularity, so a
//     factor model clearly beats popularity (as on MovieLens), which beats random.
//   * rating = round(mean + user bias + item bias + 1.8 <p, q> + noise), clamped to 1..5
//     (mean about 3.5 as in MovieLens); timestamps increase within a user's active period.
// Everything is a function of the seed; each user draws from a stream of their own, so
// the in-memory and the streamed-to-disk versions hold the same data. Users and items
// that end up with no interaction are left out (as MovieLens does); ids are 1-based.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "data/dataset.hpp"

namespace recgrad::data {

// How a rating is written: whole stars 1..5 (as ML-100K), half stars 0.5..5 (as MovieLens
// latest), or a 0/1 click (1 where the stars would be 4 or more).
enum class RatingScale { Stars, HalfStars, Clicks };
RatingScale rating_scale(const std::string& name);  // "stars", "half-stars", "clicks"
std::string to_string(RatingScale scale);

struct SyntheticSpec {
  std::int32_t users = 1000;
  std::int32_t items = 1700;
  std::int64_t interactions = 100000;
  std::uint64_t seed = 0;
  int factors = 8;  // dimension of the planted factors
  RatingScale ratings = RatingScale::Stars;
  // The shape of the long tails, tuned for the built-in set (MovieLens 100K's look): item
  // popularity (rank + offset x items)^-exponent, and the log-normal spread of user activity.
  double popularity_exponent = 1.8;
  double popularity_offset = 1.0 / 17;
  double activity_sigma = 1.0;

  // Throws std::invalid_argument unless users, items, interactions >= 1,
  // interactions <= users * items / 2 (density at most 50%) and the tail shapes are in
  // range (exponent 0.1..4, offset 0..1, sigma 0..3).
  void validate() const;
};

// Named shapes of real data sets, for data that looks like them without their licence:
// "ml-latest" is MovieLens latest-small's shape (610 users, 9.7 k items rated of 13 k,
// 100 836 half-star ratings, a quarter of the items rated once, a few users with
// thousands of ratings). Throws std::invalid_argument for an unknown name.
SyntheticSpec synthetic_profile(const std::string& name, std::uint64_t seed = 0);
const std::vector<std::string>& synthetic_profile_names();

// The whole data set in memory: interactions in user order, features on both sides.
Dataset generate_dataset(const SyntheticSpec& spec);

// The data set every command uses without --data: 1000 users x 1700 items x 100 000
// ratings with features, generated for `seed` (named "builtin").
Dataset builtin_dataset(std::uint64_t seed = 0);

struct SyntheticFiles {
  std::filesystem::path interactions;   // "user,item,rating,timestamp" with a header
  std::filesystem::path user_features;  // "id,features": age=..;gender=..;occupation=..
  std::filesystem::path item_features;  // "id,features": genre=..:w;...;decade=..
  std::int64_t rows = 0;                // interactions written
  std::int64_t bytes = 0;               // over the three files
};

// Streams the same data as generate_dataset to DIR/interactions.csv, user_features.csv
// and item_features.csv (the generic formats; `--data DIR` loads them back), one user
// at a time, so memory is O(users + items), not O(interactions). Each file is written
// to a temporary name and renamed into place when complete.
SyntheticFiles write_synthetic(const SyntheticSpec& spec, const std::filesystem::path& dir);

}  // namespace recgrad::data
