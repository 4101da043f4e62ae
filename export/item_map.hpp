// The item map: every item as one dot at its 2-D PCA coordinates (export/pca.hpp),
// coloured by main genre, its area following its popularity when the data says it,
// the titles of a handful of items written beside their dots, and a legend. Items that
// people treat alike have nearby vectors, so genres should show as regions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "export/item_catalogue.hpp"
#include "export/pca.hpp"

namespace recgrad {

struct ItemMapOptions {
  std::string title = "Item embeddings: 2-D PCA";
  std::string model{};              // e.g. "32-d lmf item vectors", for the subtitle
  std::int32_t popular_labels = 8;  // titles drawn for the most popular items (with data) ...
  std::int32_t outer_labels = 6;    // ... and for the items farthest from the centre
};

// The genre colours: the most common main genres (by items) get a colour each, the
// rest share one grey, items without a genre another.
struct GenreColours {
  std::vector<std::string> colour;  // per item
  struct Entry {
    std::string name, colour;
    std::int64_t items = 0;
  };
  std::vector<Entry> legend;  // most items first, "other genres" and "no genre" last
};
GenreColours genre_colours(const ItemCatalogue& items);

// Which items get their title drawn: the most popular, then the farthest out in evenly
// spread directions, without repeats.
std::vector<std::int32_t> items_to_label(const Pca2d& pca, const ItemCatalogue& items, const ItemMapOptions& options);

// The SVG document. `pca` must have one row per item of `items` (std::invalid_argument otherwise).
std::string item_map_svg(const Pca2d& pca, const ItemCatalogue& items, const ItemMapOptions& options = {});

}  // namespace recgrad
