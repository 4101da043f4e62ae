// What the exported files say about each item besides its vector: a label (the title,
// else the raw id), its genres, its main genre and how popular it is. Genres and
// popularity come from the data set; without one an item has its label only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.hpp"

namespace recgrad {

struct ItemCatalogue {
  std::vector<std::string> labels;         // per item
  std::vector<std::string> genre_names;    // by genre index; empty without genre data
  std::vector<std::string> genres;         // per item "Action|Sci-Fi" ("" without genres); empty without data
  std::vector<std::int32_t> main_genre;    // per item a genre index, -1 for none; empty without data
  std::vector<std::int64_t> interactions;  // per item, over the whole data set; empty without data

  bool has_genres() const { return !genre_names.empty(); }
  bool has_popularity() const { return !interactions.empty(); }
  std::int32_t size() const { return static_cast<std::int32_t>(labels.size()); }
};

// `labels` alone: what a model file knows.
ItemCatalogue item_catalogue(std::vector<std::string> labels);

// `labels` with the genres (item feature field "genre", names in feature-id order, the
// order the data lists them) and interaction counts of `ds`, whose items must be the
// labels' items in the same order (std::invalid_argument otherwise).
//
// An item's main genre is the genre of largest weight. MovieLens spreads an item's
// weight evenly over its genres, so ties are the rule, not the exception: among tied
// genres the one with the fewest items in the catalogue wins, because it says more
// about the item ("Sci-Fi" tells more of Star Wars than "Action" does).
ItemCatalogue item_catalogue(std::vector<std::string> labels, const data::Dataset& ds);

}  // namespace recgrad
