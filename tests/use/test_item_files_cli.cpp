// A practitioner's own item file through the CLI: --item-features gives a plain ratings
// file the metadata a cold-start model needs (refused without it), --item-titles puts
// titles in the lists, each id printed once, and data-info says what the file covered;
// --user-features reads a user file the same way.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "use_test_util.hpp"

using namespace use_test;

namespace {

// The built-in data as a plain ratings file and an item table of its genres, as a
// spreadsheet would have them.
struct OwnFiles {
  std::string ratings, movies;
};

OwnFiles own_files(const ScratchDir& dir) {
  const data::Dataset& ds = builtin();
  std::string ratings = "userId,movieId,rating,timestamp\n";
  for (std::int64_t r = 0; r < ds.num_interactions(); ++r)
    ratings += ds.users.raw(ds.interactions.users[r]) + "," + ds.items.raw(ds.interactions.items[r]) + "," +
               std::to_string(static_cast<int>(ds.interactions.ratings[r])) + "," +
               std::to_string(ds.interactions.timestamps[r]) + "\n";
  std::string movies = "movieId,title,genres\n";
  for (std::int32_t i = 0; i < ds.num_items(); ++i) {
    std::string genres;
    for (const std::int32_t f : ds.item_features.ids_of(i)) {
      const std::string& name = ds.item_features.names[f];
      if (name.starts_with("genre=")) genres += (genres.empty() ? "" : "|") + name.substr(6);
    }
    movies += ds.items.raw(i) + ",\"Film " + ds.items.raw(i) + ", the\"," + genres + "\n";
  }
  return {dir.write("ratings.csv", ratings).string(), dir.write("movies.csv", movies).string()};
}

}  // namespace

TEST_CASE("--item-features lets hybrid rank cold items of a plain file, --item-titles names them once") {
  const ScratchDir dir;
  const OwnFiles f = own_files(dir);
  const std::string cold = "train --quiet --model hybrid --epochs 2 --dim 8 --split coldstart --data " + f.ratings;
  const Result without = run_recgrad(cold);
  CHECK(without.status != 0);  // nothing but ids: every cold item would tie
  const std::string model = (dir / "hybrid.rgm").string();
  const Result with = run_recgrad(cold + " --item-features " + f.movies + " --item-titles " + f.movies +
                                  " --json --save " + model);
  REQUIRE_MESSAGE(with.status == 0, with.err);
  const nlohmann::json out = nlohmann::json::parse(with.out);
  // The genres carry the taste: above popular genres on the same cold items.
  CHECK(out.at("metrics").at("auc").get<double>() > out.at("baseline").at("metrics").at("auc").get<double>());

  const Result similar = run_recgrad("similar --model-file " + model + " --item 5 --k 3 --min-support 0");
  REQUIRE(similar.status == 0);
  CHECK(similar.out.starts_with("items most like 5 Film 5, the ("));
  const Result list = run_recgrad("recommend --model-file " + model + " --user 1 --k 3 --json");
  REQUIRE(list.status == 0);
  CHECK(nlohmann::json::parse(list.out).at("items")[0].at("title").get<std::string>().starts_with("Film "));

  const Result info = run_recgrad("data-info --json --data " + f.ratings + " --item-features " + f.movies);
  REQUIRE(info.status == 0);
  const nlohmann::json j = nlohmann::json::parse(info.out);
  CHECK(j.at("item_file").at("items_described") == builtin().num_items());
  CHECK(j.at("features").contains("genres"));

  // A user file the same way: its columns become user features.
  std::string users = "occupation,userId\n";
  for (std::int32_t u = 0; u < builtin().num_users(); ++u) users += (u % 2 ? "writer," : "nurse|cook,") + builtin().users.raw(u) + "\n";
  const std::string user_file = dir.write("users.csv", users).string();
  const Result with_users = run_recgrad("data-info --json --data " + f.ratings + " --user-features " + user_file);
  REQUIRE_MESSAGE(with_users.status == 0, with_users.err);
  CHECK(nlohmann::json::parse(with_users.out).at("features").at("occupation") == 3);
}

TEST_CASE("without titles a list prints each id once, and item files are refused for MovieLens formats") {
  const Result similar = run_recgrad("similar --model-file " + saved_lmf().path.string() + " --item 5 --k 2 --min-support 0");
  REQUIRE(similar.status == 0);
  CHECK(similar.out.starts_with("items most like 5 ("));
  const Result json = run_recgrad("similar --json --model-file " + saved_lmf().path.string() + " --item 5 --k 1 --min-support 0");
  CHECK(nlohmann::json::parse(json.out).at("items")[0].at("title").is_null());
  const Result builtin_with = run_recgrad("data-info --format builtin --item-titles x.csv");
  CHECK(builtin_with.status != 0);
  CHECK(builtin_with.err.find("--item-titles") != std::string::npos);
}
