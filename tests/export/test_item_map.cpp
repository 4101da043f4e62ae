// The item catalogue (genres, the main genre's tie rule, popularity) on a hand-made
// data set, and the item map: well-formed XML, exactly one circle per item, a legend
// entry per coloured genre, and titles drawn for the most popular items.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "autodiff/random.hpp"
#include "data/synthetic.hpp"
#include "export/item_catalogue.hpp"
#include "export/item_map.hpp"
#include "export/pca.hpp"
#include "xml_check.hpp"

using namespace recgrad;
using export_test::check_xml;

namespace {

// Four items: 0 Drama + Sci-Fi (tied), 1 Drama, 2 Drama + Comedy (tied), 3 Comedy 0.7 +
// Drama 0.3; item 1 seen by three users, item 2 by one, the others by none.
data::Dataset four_items() {
  data::Dataset ds;
  for (const char* id : {"10", "20", "30", "40"}) ds.items.insert(id);
  for (const char* id : {"u1", "u2", "u3"}) ds.users.insert(id);
  for (std::int32_t u = 0; u < 3; ++u) ds.interactions.push_back(u, 1, 1, 0);
  ds.interactions.push_back(0, 2, 1, 0);
  data::FeatureBuilder features("item_id", ds.items);
  const std::int32_t genre = features.add_field("genre");
  features.add(0, genre, "Drama", 0.5f);
  features.add(0, genre, "Sci-Fi", 0.5f);
  features.add(1, genre, "Drama", 1.0f);
  features.add(2, genre, "Drama", 0.5f);
  features.add(2, genre, "Comedy", 0.5f);
  features.add(3, genre, "Comedy", 0.7f);
  features.add(3, genre, "Drama", 0.3f);
  ds.item_features = features.build();
  return ds;
}

}  // namespace

TEST_CASE("item catalogue: genres joined in the data's order, main genre by weight, ties to the rarer") {
  const ItemCatalogue c = item_catalogue({"A", "B", "C", "D"}, four_items());
  REQUIRE(c.has_genres());
  CHECK(c.genre_names == std::vector<std::string>{"Drama", "Sci-Fi", "Comedy"});
  CHECK(c.genres == std::vector<std::string>{"Drama|Sci-Fi", "Drama", "Drama|Comedy", "Drama|Comedy"});
  // Drama is on 4 items, Comedy on 2, Sci-Fi on 1: ties go to the rarer; a larger weight wins outright.
  CHECK(c.main_genre == std::vector<std::int32_t>{1, 0, 2, 2});
  CHECK(c.interactions == std::vector<std::int64_t>{0, 3, 1, 0});

  const ItemCatalogue bare = item_catalogue({"A", "B"});
  CHECK_FALSE(bare.has_genres());
  CHECK_FALSE(bare.has_popularity());
  CHECK_THROWS_AS(item_catalogue({"A"}, four_items()), std::invalid_argument);
}

TEST_CASE("genre colours: a legend entry per coloured genre, the long tail shares one grey") {
  ItemCatalogue c = item_catalogue(std::vector<std::string>(30, "x"));
  for (int g = 0; g < 15; ++g) c.genre_names.push_back("g" + std::to_string(g));
  // Genre g is the main genre of 15 - g items... until the 30 items run out; the last item has none.
  for (int g = 0, item = 0; item < 29; ++g)
    for (int k = 0; k < 15 - g && item < 29; ++k, ++item) c.main_genre.push_back(g);
  c.main_genre.push_back(-1);
  c.genres.assign(30, "");
  const GenreColours colours = genre_colours(c);
  REQUIRE(colours.colour.size() == 30);
  CHECK(colours.legend.front().name == "g0");
  CHECK(colours.legend.front().items == 15);
  CHECK(colours.legend.back().name == "no genre");
  CHECK(colours.colour[0] != colours.colour[20]);  // g0 and g1 told apart
  std::int64_t total = 0;
  for (const auto& e : colours.legend) total += e.items;
  CHECK(total == 30);
}

TEST_CASE("the item map is well-formed XML with one circle per item and the popular titles drawn") {
  const data::Dataset ds = data::builtin_dataset(0);
  const std::int32_t n = ds.num_items(), dim = 8;
  Rng rng(5);
  std::vector<float> vectors;
  for (std::int64_t i = 0; i < std::int64_t{n} * dim; ++i) vectors.push_back(static_cast<float>(rng.normal()));
  std::vector<std::string> labels;
  for (std::int32_t i = 0; i < n; ++i) labels.push_back("item <" + std::to_string(i) + "> & \"co\"\t\xE9");
  const ItemCatalogue items = item_catalogue(labels, ds);
  const Pca2d pca = pca_2d(vectors, n, dim);

  const std::string doc = item_map_svg(pca, items, {.title = "map & more"});
  const auto check = check_xml(doc);
  INFO(check.error);
  REQUIRE(check.ok());
  CHECK(check.elements.at("circle") == n);
  CHECK(check.elements.at("rect") >= static_cast<int>(genre_colours(items).legend.size()));

  const std::vector<std::int32_t> labelled = items_to_label(pca, items, {});
  REQUIRE(labelled.size() == 14);  // 8 popular + 6 outer by default, no repeats
  std::int32_t most_popular = 0;
  for (std::int32_t i = 0; i < n; ++i)
    if (items.interactions[i] > items.interactions[most_popular]) most_popular = i;
  CHECK(labelled.front() == most_popular);
  // The most popular item's label is drawn (escaped) as a text element, not only as its dot's tooltip.
  const std::string label = ">item &lt;" + std::to_string(most_popular) + "&gt; &amp;";
  bool drawn = false;
  for (std::size_t at = doc.find(label); at != std::string::npos; at = doc.find(label, at + 1))
    drawn |= doc.rfind("<text", at) > doc.rfind("<title", at);
  CHECK(drawn);
  CHECK_THROWS_AS(item_map_svg(pca, item_catalogue({"too few"})), std::invalid_argument);
}

TEST_CASE("the item map without data: one colour, no legend, outer items labelled") {
  const std::vector<float> vectors = {0, 0, 1, 0, 0, 1, 5, 5, -4, 1};
  const ItemCatalogue items = item_catalogue({"a", "b", "c", "far out", "e"});
  const Pca2d pca = pca_2d(vectors, 5, 2);
  const std::string doc = item_map_svg(pca, items);
  const auto check = check_xml(doc);
  REQUIRE(check.ok());
  CHECK(check.elements.at("circle") == 5);
  CHECK(doc.find("main genre") == std::string::npos);
  // Six directions for five items: every item is the farthest one in some direction or next in line.
  const std::vector<std::int32_t> labelled = items_to_label(pca, items, {});
  CHECK(labelled.size() == 5);
  CHECK(std::find(labelled.begin(), labelled.end(), 3) != labelled.end());
  CHECK(items_to_label(pca, items, {.outer_labels = 1}).size() == 1);
  CHECK(doc.find(">far out<") != std::string::npos);
}
