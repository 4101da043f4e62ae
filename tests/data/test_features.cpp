// FeatureBuilder / FeatureMatrix: the layout models rely on.
#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "data/features.hpp"

using namespace recgrad::data;

TEST_CASE("Feature ids: the id field first, then each field as one contiguous block") {
  IdMap items;
  for (const char* r : {"10", "20", "30"}) items.insert(r);
  FeatureBuilder b("item_id", items);
  const auto genre = b.add_field("genre", {"Drama", "Comedy"});
  const auto decade = b.add_field("decade", {}, /*sorted=*/true);
  b.add(2, decade, "1990s");
  b.add(0, genre, "Comedy", 0.5f);
  b.add(0, genre, "Drama", 0.5f);
  b.add(0, decade, "1950s");
  b.add(1, genre, "Horror");  // a value not declared up front goes after the declared ones
  const FeatureMatrix m = b.build();

  REQUIRE(m.fields.size() == 3);
  CHECK(m.fields[0].name == "item_id");
  CHECK(m.fields[0].first == 0);
  CHECK(m.fields[0].count == 3);
  CHECK(m.fields[1].name == "genre");
  CHECK(m.fields[1].first == 3);
  CHECK(m.fields[1].count == 3);
  CHECK(m.fields[2].first == 6);
  CHECK(m.fields[2].count == 2);
  CHECK(m.num_features() == 8);
  CHECK(m.num_rows() == 3);
  CHECK(m.names[0] == "item_id=10");
  CHECK(m.names[3] == "genre=Drama");
  CHECK(m.names[4] == "genre=Comedy");
  CHECK(m.names[5] == "genre=Horror");
  CHECK(m.names[6] == "decade=1950s");  // sorted by name, not by first appearance
  CHECK(m.names[7] == "decade=1990s");

  // Rows are sorted by feature id, and every row has its own id feature.
  CHECK(std::vector<std::int32_t>(m.ids_of(0).begin(), m.ids_of(0).end()) == std::vector<std::int32_t>{0, 3, 4, 6});
  CHECK(std::vector<float>(m.weights_of(0).begin(), m.weights_of(0).end()) ==
        std::vector<float>{1.0f, 0.5f, 0.5f, 1.0f});
  CHECK(std::vector<std::int32_t>(m.ids_of(1).begin(), m.ids_of(1).end()) == std::vector<std::int32_t>{1, 5});
  CHECK(std::vector<std::int32_t>(m.ids_of(2).begin(), m.ids_of(2).end()) == std::vector<std::int32_t>{2, 7});

  CHECK(m.field("decade") == &m.fields[2]);
  CHECK(m.field("age") == nullptr);
  CHECK(m.field_of(0) == 0);
  CHECK(m.field_of(5) == 1);
  CHECK(m.field_of(7) == 2);
  CHECK_THROWS_AS(m.field_of(8), std::out_of_range);
  CHECK(m.nonzeros_in(m.fields[1]) == 3);
}

TEST_CASE("Repeated entries of one feature in a row add up, bad rows and fields are refused") {
  IdMap users;
  users.insert("a");
  FeatureBuilder b("user_id", users);
  const auto tag = b.add_field("tag");
  b.add(0, tag, "x", 0.25f);
  b.add(0, tag, "x", 0.5f);
  const FeatureMatrix m = b.build();
  REQUIRE(m.ids_of(0).size() == 2);
  CHECK(m.weights_of(0)[1] == 0.75f);

  CHECK_THROWS_AS(b.add_field("tag"), std::invalid_argument);
  CHECK_THROWS_AS(b.add_field("user_id"), std::invalid_argument);
  b.add(1, tag, "y");  // user 1 does not exist
  CHECK_THROWS_AS(b.build(), std::out_of_range);
}

TEST_CASE("A matrix with the id field only is the identity") {
  IdMap ids;
  for (const char* r : {"1", "2"}) ids.insert(r);
  const FeatureMatrix m = FeatureBuilder("user_id", ids).build();
  CHECK(m.num_features() == 2);
  CHECK(m.ids == std::vector<std::int32_t>{0, 1});
  CHECK(m.offsets == std::vector<std::int64_t>{0, 1, 2});
}
