// A user's own item file: the id column found by name, text columns split at '|' with
// weights 1/n, numeric columns with few values as values and with many as deciles, rows
// for unknown ids counted and left out, titles from a named column, bad rows refused
// with the file and line.
#include <doctest/doctest.h>

#include <map>
#include <stdexcept>

#include "data/feature_table.hpp"
#include "data/line_reader.hpp"
#include "data_test_util.hpp"

using namespace recgrad::data;
using recgrad::data::testing::TempDir;

namespace {

IdMap items_1_to(int n) {
  IdMap ids;
  for (int i = 1; i <= n; ++i) ids.insert(std::to_string(i));
  return ids;
}

// Row `row`'s features as "field=value" -> weight.
std::map<std::string, float> features_of(const FeatureMatrix& m, std::int32_t row) {
  std::map<std::string, float> out;
  for (std::size_t k = 0; k < m.ids_of(row).size(); ++k) out[m.names[m.ids_of(row)[k]]] = m.weights_of(row)[k];
  return out;
}

}  // namespace

TEST_CASE("item table: id by name, multi-valued text, few-valued and many-valued numbers, unknown ids counted") {
  const TempDir dir;
  std::string text = "genres,movieId,title,rating_count,year\n";
  for (int i = 1; i <= 20; ++i)
    text += std::string(i == 1 ? "Drama|Comedy" : "Drama") + "," + std::to_string(i) + ",\"Film " +
            std::to_string(i) + ", the\"," + std::to_string(i % 3) + "," + std::to_string(1980 + i) + "\n";
  text += "Horror,77,\"Not in the data\",1,1999\n";
  const auto path = dir.write("movies.csv", text);
  const IdMap ids = items_1_to(25);
  FeatureBuilder builder("item_id", ids);
  const FeatureTableReport report = read_feature_table(path, Role::Item, ids, "", builder);
  CHECK(report.described == 20);
  CHECK(report.unknown_ids == 1);
  CHECK(report.fields == std::vector<std::string>{"genres", "rating_count", "year"});
  const FeatureMatrix m = builder.build();
  const auto first = features_of(m, 0);
  CHECK(first.at("genres=Drama") == doctest::Approx(0.5f));
  CHECK(first.at("genres=Comedy") == doctest::Approx(0.5f));
  CHECK(first.at("rating_count=1") == 1.0f);  // three distinct values: the values themselves
  CHECK(first.count("title=Film 1, the") == 0);  // titles are not features
  // 20 distinct years: deciles, two items each, the earliest first.
  CHECK(first.at("year=decile 1") == 1.0f);
  CHECK(features_of(m, 19).at("year=decile 10") == 1.0f);
  CHECK(features_of(m, 22).size() == 1);  // an item without a row: its id alone

  const std::vector<std::string> titles = read_item_titles(path, ids, "", "");
  CHECK(titles[0] == "Film 1, the");
  CHECK(titles[24].empty());
  CHECK(read_item_titles(path, ids, "movieId", "genres")[1] == "Drama");
}

TEST_CASE("item table: bad files are refused with the file and line") {
  const TempDir dir;
  const IdMap ids = items_1_to(5);
  FeatureBuilder builder("item_id", ids);
  auto refuses = [&](const std::string& name, const std::string& text, const std::string& expected,
                     const std::string& id_column = "") {
    const auto path = dir.write(name, text);
    CHECK_THROWS_WITH_AS(read_feature_table(path, Role::Item, ids, id_column, builder), doctest::Contains(expected.c_str()), DataError);
  };
  refuses("noid.csv", "name,genres\nx,Drama\n", "noid.csv:1");
  refuses("short.csv", "item,genres\n1,Drama\n2\n", "short.csv:3");
  refuses("twice.csv", "item,genres\n1,Drama\n1,Comedy\n", "twice.csv:3");
  refuses("quote.csv", "item,genres\n1,\"Drama\n", "quote.csv:2");
  refuses("named.csv", "item,genres\n1,Drama\n", "sku", "sku");
  // A user file finds its id by the user spellings, and not by an item's.
  const auto users = dir.write("users.csv", "age,userId,occupation\n30,1,writer|editor\n");
  FeatureBuilder user_builder("user_id", ids);
  CHECK(read_feature_table(users, Role::User, ids, "", user_builder).described == 1);
  CHECK(features_of(user_builder.build(), 0).at("occupation=editor") == doctest::Approx(0.5f));
  FeatureBuilder wrong_side("item_id", ids);
  CHECK_THROWS_WITH_AS(read_feature_table(users, Role::Item, ids, "", wrong_side), doctest::Contains("item id column"),
                       DataError);
  const auto ok = dir.write("ok.csv", "item,genres\n1,Drama\n");
  CHECK_THROWS_WITH_AS(read_item_titles(ok, ids, "", ""), doctest::Contains("title"), DataError);
}
