#include "data/synthetic.hpp"

#include <stdexcept>
#include <string>

#include "io/atomic_file.hpp"
#include "data/movielens.hpp"
#include "data/synthetic_world.hpp"

namespace recgrad::data {

namespace {

using synthetic::Event;
using synthetic::Feature;

void add_features(FeatureBuilder& builder, std::int32_t row, const std::vector<Feature>& features) {
  for (const Feature& f : features) builder.add(row, builder.field_index(f.field), f.value, f.weight);
}

// "17,genre=Drama:0.5;genre=Comedy:0.5;decade=1990s" (a weight of 1 is left out).
void write_feature_line(AtomicFile& out, std::int64_t id, const std::vector<Feature>& features) {
  out.write_number(id);
  char sep = ',';
  for (const Feature& f : features) {
    out.write({&sep, 1});
    out.write(f.field);
    out.write("=");
    out.write(f.value);
    if (f.weight != 1.0f) {
      out.write(":");
      out.write_number(f.weight);
    }
    sep = ';';
  }
  out.write("\n");
}

// Calls on_user(user, events) for every user with interactions, in user order, and
// returns which items were picked: the one loop behind the in-memory and file outputs.
template <class OnUser>
std::vector<char> for_each_user(const synthetic::World& world, OnUser on_user) {
  const SyntheticSpec& spec = world.spec();
  std::vector<Event> events;
  synthetic::World::Scratch scratch;
  std::vector<char> item_used(static_cast<std::size_t>(spec.items), 0);
  for (std::int32_t u = 0; u < spec.users; ++u) {
    world.user_events(u, events, scratch);
    if (events.empty()) continue;
    on_user(u, events);
    for (const Event& e : events) item_used[e.item] = 1;
  }
  return item_used;
}

}  // namespace

void SyntheticSpec::validate() const {
  auto bad = [](const std::string& what) { throw std::invalid_argument("synthetic data: " + what); };
  if (users < 1) bad("need at least 1 user, got " + std::to_string(users));
  if (items < 2) bad("need at least 2 items, got " + std::to_string(items));
  if (interactions < 1) bad("need at least 1 interaction, got " + std::to_string(interactions));
  if (factors < 1 || factors > 256) bad("factors must be in 1..256, got " + std::to_string(factors));
  if (interactions > static_cast<std::int64_t>(users) * (items / 2))
    bad(std::to_string(interactions) + " interactions do not fit " + std::to_string(users) +
        " users x " + std::to_string(items) + " items at a density of at most 50%");
  if (interactions >= INT32_MAX) bad("at most 2^31 - 2 interactions");
  // Written so that NaN fails too.
  if (!(popularity_exponent >= 0.1 && popularity_exponent <= 4))
    bad("popularity exponent must be in 0.1..4, got " + std::to_string(popularity_exponent));
  if (!(popularity_offset >= 0 && popularity_offset <= 1))
    bad("popularity offset must be in 0..1, got " + std::to_string(popularity_offset));
  if (!(activity_sigma >= 0 && activity_sigma <= 3))
    bad("activity sigma must be in 0..3, got " + std::to_string(activity_sigma));
}

const std::vector<std::string>& synthetic_profile_names() {
  static const std::vector<std::string> names = {"ml-latest"};
  return names;
}

SyntheticSpec synthetic_profile(const std::string& name, std::uint64_t seed) {
  if (name != "ml-latest") throw std::invalid_argument("synthetic profile \"" + name + "\": expected ml-latest");
  // 13 000 items of which about 9.7 k get picked; the small offset and a wider activity
  // spread give latest-small's quarter of items rated once and its users with thousands.
  return {.users = 610,
          .items = 13000,
          .interactions = 100836,
          .seed = seed,
          .ratings = RatingScale::HalfStars,
          .popularity_exponent = 1.8,
          .popularity_offset = 0.012,
          .activity_sigma = 1.2};
}

RatingScale rating_scale(const std::string& name) {
  if (name == "stars") return RatingScale::Stars;
  if (name == "half-stars") return RatingScale::HalfStars;
  if (name == "clicks") return RatingScale::Clicks;
  throw std::invalid_argument("rating scale \"" + name + "\": expected stars, half-stars or clicks");
}

std::string to_string(RatingScale scale) {
  switch (scale) {
    case RatingScale::HalfStars: return "half-stars";
    case RatingScale::Clicks: return "clicks";
    case RatingScale::Stars: break;
  }
  return "stars";
}

Dataset generate_dataset(const SyntheticSpec& spec) {
  const synthetic::World world(spec);
  Dataset ds;
  ds.name = "synthetic(seed=" + std::to_string(spec.seed) + ")";
  ds.format = "synthetic";
  ds.interactions.reserve(static_cast<std::size_t>(spec.interactions));
  std::vector<std::int32_t> user_rows;  // the generator's user of each dataset user
  const std::vector<char> item_used = for_each_user(world, [&](std::int32_t u, const std::vector<Event>& events) {
    const std::int32_t row = ds.users.insert(std::to_string(u + 1));
    user_rows.push_back(u);
    for (const Event& e : events) ds.interactions.push_back(row, e.item, e.rating, e.timestamp);
  });
  // Items nobody picked are left out; the others keep their id order.
  std::vector<std::int32_t> item_rows, item_index(item_used.size(), -1);
  for (std::int32_t i = 0; i < spec.items; ++i)
    if (item_used[i]) {
      item_index[i] = ds.items.insert(std::to_string(i + 1));
      item_rows.push_back(i);
    }
  for (auto& item : ds.interactions.items) item = item_index[item];
  ds.report.lines = ds.num_interactions();
  finish_interactions(ds, true, true);

  FeatureBuilder users("user_id", ds.users);
  users.add_field("age", age_bucket_names());
  users.add_field("gender", {"M", "F"});
  users.add_field("occupation", synthetic::occupation_names());
  FeatureBuilder items("item_id", ds.items);
  items.add_field("genre", synthetic::genre_names());
  items.add_field("decade", synthetic::decade_names());
  std::vector<Feature> features;
  for (std::size_t row = 0; row < user_rows.size(); ++row) {
    world.user_features(user_rows[row], features);
    add_features(users, static_cast<std::int32_t>(row), features);
  }
  for (std::size_t row = 0; row < item_rows.size(); ++row) {
    world.item_features(item_rows[row], features);
    add_features(items, static_cast<std::int32_t>(row), features);
  }
  ds.user_features = users.build();
  ds.item_features = items.build();
  return ds;
}

Dataset builtin_dataset(std::uint64_t seed) {
  SyntheticSpec spec;
  spec.seed = seed;
  Dataset ds = generate_dataset(spec);
  ds.name = "builtin";
  ds.format = "builtin";
  return ds;
}

SyntheticFiles write_synthetic(const SyntheticSpec& spec, const std::filesystem::path& dir) {
  const synthetic::World world(spec);
  std::filesystem::create_directories(dir);
  SyntheticFiles files{dir / "interactions.csv", dir / "user_features.csv", dir / "item_features.csv"};
  AtomicFile interactions(files.interactions);
  AtomicFile user_features(files.user_features);
  AtomicFile item_features(files.item_features);
  interactions.write("user,item,rating,timestamp\n");
  user_features.write("id,features\n");
  item_features.write("id,features\n");

  std::vector<Feature> features;
  const std::vector<char> item_used = for_each_user(world, [&](std::int32_t u, const std::vector<Event>& events) {
    world.user_features(u, features);
    write_feature_line(user_features, u + 1, features);
    for (const Event& e : events) {
      interactions.write_number(std::int64_t{u} + 1);
      interactions.write(",");
      interactions.write_number(std::int64_t{e.item} + 1);
      interactions.write(",");
      interactions.write_number(e.rating);
      interactions.write(",");
      interactions.write_number(e.timestamp);
      interactions.write("\n");
    }
    files.rows += static_cast<std::int64_t>(events.size());
  });
  for (std::int32_t i = 0; i < spec.items; ++i)
    if (item_used[i]) {
      world.item_features(i, features);
      write_feature_line(item_features, i + 1, features);
    }
  files.bytes = interactions.bytes() + user_features.bytes() + item_features.bytes();
  interactions.commit();
  user_features.commit();
  item_features.commit();
  return files;
}

}  // namespace recgrad::data
