#include "export/item_catalogue.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace recgrad {

namespace {

// Fills the genre columns from the item feature field "genre", if the data has one.
void add_genres(ItemCatalogue& c, const data::FeatureMatrix& features) {
  const data::FeatureField* field = features.field("genre");
  if (field == nullptr || field->count == 0 || features.num_rows() != c.size()) return;
  const std::string prefix = field->name + "=";
  for (std::int32_t g = 0; g < field->count; ++g) {
    const std::string& name = features.names[static_cast<std::size_t>(field->first + g)];
    c.genre_names.push_back(name.starts_with(prefix) ? name.substr(prefix.size()) : name);
  }
  auto genre_of = [&](std::int32_t feature) { return feature - field->first; };
  auto in_field = [&](std::int32_t feature) {
    return feature >= field->first && feature < field->first + field->count;
  };

  std::vector<std::int64_t> items_with(c.genre_names.size(), 0);
  for (std::int32_t item = 0; item < c.size(); ++item)
    for (const std::int32_t f : features.ids_of(item))
      if (in_field(f)) ++items_with[static_cast<std::size_t>(genre_of(f))];

  c.genres.assign(static_cast<std::size_t>(c.size()), "");
  c.main_genre.assign(static_cast<std::size_t>(c.size()), -1);
  for (std::int32_t item = 0; item < c.size(); ++item) {
    const auto ids = features.ids_of(item);
    const auto weights = features.weights_of(item);
    std::string& joined = c.genres[static_cast<std::size_t>(item)];
    std::int32_t& main = c.main_genre[static_cast<std::size_t>(item)];
    float best = 0;
    for (std::size_t k = 0; k < ids.size(); ++k) {
      if (!in_field(ids[k])) continue;
      const std::int32_t g = genre_of(ids[k]);
      joined += (joined.empty() ? "" : "|") + c.genre_names[static_cast<std::size_t>(g)];
      // Weights that differ by float rounding only (1/3 written three ways) count as tied.
      const bool tied = main >= 0 && std::abs(weights[k] - best) <= 1e-6f * best;
      const bool rarer = tied && items_with[static_cast<std::size_t>(g)] < items_with[static_cast<std::size_t>(main)];
      if (main < 0 || (!tied && weights[k] > best) || rarer) {
        main = g;
        best = std::max(best, weights[k]);
      }
    }
  }
}

}  // namespace

ItemCatalogue item_catalogue(std::vector<std::string> labels) {
  ItemCatalogue c;
  c.labels = std::move(labels);
  return c;
}

ItemCatalogue item_catalogue(std::vector<std::string> labels, const data::Dataset& ds) {
  ItemCatalogue c = item_catalogue(std::move(labels));
  if (ds.num_items() != c.size())
    throw std::invalid_argument("item catalogue: the data set " + ds.name + " has " + std::to_string(ds.num_items()) +
                                " items, the labels are for " + std::to_string(c.size()));
  add_genres(c, ds.item_features);
  c.interactions = ds.item_counts(data::all_rows(ds));
  return c;
}

}  // namespace recgrad
