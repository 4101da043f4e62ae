#include "export/item_map.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <numeric>
#include <stdexcept>

#include "export/chart_axes.hpp"
#include "export/svg.hpp"

namespace recgrad {

namespace {

// Tableau 10 (colours picked to stay apart for most readers, its grey kept for
// "other") and three more as distinct: MovieLens has 19 genres, and the more of them
// that get a colour of their own the less of the map is grey.
constexpr const char* kPalette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
                                    "#b07aa1", "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#6a3d9a"};
constexpr const char* kOther = "#bab0ac";
constexpr const char* kNoGenre = "#666666";
constexpr const char* kSingle = "#4e79a7";  // every dot, when there are no genres

constexpr double kWidth = 980, kHeight = 660;
constexpr PlotArea kPlot{.left = 80, .top = 80, .width = 640, .height = 500};
constexpr double kLabelSize = 10;
constexpr std::size_t kLabelChars = 34;

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// At most kLabelChars characters, cut at a character boundary, "…" marking a cut.
std::string shortened(std::string_view s) {
  if (code_points(s) <= kLabelChars) return std::string(s);
  std::size_t end = 0;
  for (std::size_t seen = 0; end < s.size(); ++end)
    if ((s[end] & 0xC0) != 0x80 && seen++ == kLabelChars - 1) break;
  return std::string(s.substr(0, end)) + "\u2026";
}

struct Box {
  double x0, y0, x1, y1;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  bool inside(const PlotArea& a) const { return x0 >= a.left && x1 <= a.right() && y0 >= a.top && y1 <= a.bottom(); }
};

double radius(const ItemCatalogue& items, std::int32_t item, std::int64_t most) {
  if (!items.has_popularity() || most == 0) return 3.0;
  // Area in proportion to interactions, so radius grows with the square root.
  return 1.5 + 6.0 * std::sqrt(static_cast<double>(items.interactions[static_cast<std::size_t>(item)]) /
                               static_cast<double>(most));
}

std::string tooltip(const ItemCatalogue& items, std::int32_t item) {
  std::string out = items.labels[static_cast<std::size_t>(item)];
  if (items.has_genres() && !items.genres[static_cast<std::size_t>(item)].empty())
    out += " \u00b7 " + items.genres[static_cast<std::size_t>(item)];
  if (items.has_popularity())
    out += " \u00b7 " + std::to_string(items.interactions[static_cast<std::size_t>(item)]) + " interactions";
  return out;
}

std::string percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", 100 * fraction);
  return text;
}

void draw_legend(SvgWriter& svg, const GenreColours& colours) {
  double y = kPlot.top + 4;
  svg.text({kPlot.right() + 40, y}, "main genre (items)", {.size = 12, .bold = true});
  for (const GenreColours::Entry& e : colours.legend) {
    y += 20;
    // Squares, not circles: the map's circles are its items, one each.
    svg.rect(kPlot.right() + 40, y - 9, 10, 10, e.colour);
    svg.text({kPlot.right() + 56, y}, e.name + " (" + std::to_string(e.items) + ")", {.size = 11});
  }
}

}  // namespace

GenreColours genre_colours(const ItemCatalogue& items) {
  GenreColours out;
  if (!items.has_genres()) {
    out.colour.assign(static_cast<std::size_t>(items.size()), kSingle);
    return out;
  }
  std::vector<std::int64_t> count(items.genre_names.size(), 0);
  std::int64_t without = 0;
  for (const std::int32_t g : items.main_genre) {
    if (g < 0)
      ++without;
    else
      ++count[static_cast<std::size_t>(g)];
  }
  std::vector<std::int32_t> order(count.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) { return count[a] > count[b]; });
  while (!order.empty() && count[static_cast<std::size_t>(order.back())] == 0) order.pop_back();
  // One colour more for the last genre when it alone would be "other".
  const std::size_t coloured = order.size() <= std::size(kPalette) + 1 ? order.size() : std::size(kPalette);
  std::vector<std::string> colour_of(count.size(), kOther);
  std::int64_t others = 0;
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    const auto g = static_cast<std::size_t>(order[rank]);
    if (rank < coloured) {
      colour_of[g] = rank < std::size(kPalette) ? kPalette[rank] : kOther;
      out.legend.push_back({items.genre_names[g], colour_of[g], count[g]});
    } else {
      others += count[g];
    }
  }
  if (others > 0) out.legend.push_back({"other genres", kOther, others});
  if (without > 0) out.legend.push_back({"no genre", kNoGenre, without});
  for (const std::int32_t g : items.main_genre)
    out.colour.push_back(g < 0 ? kNoGenre : colour_of[static_cast<std::size_t>(g)]);
  return out;
}

std::vector<std::int32_t> items_to_label(const Pca2d& pca, const ItemCatalogue& items, const ItemMapOptions& options) {
  std::vector<std::int32_t> all(static_cast<std::size_t>(items.size()));
  std::iota(all.begin(), all.end(), 0);
  std::vector<std::int32_t> out;
  auto take = [&](std::int32_t how_many, auto before) {
    std::vector<std::int32_t> ranked = all;
    std::stable_sort(ranked.begin(), ranked.end(), before);
    for (std::int32_t i = 0, taken = 0; i < items.size() && taken < how_many; ++i)
      if (std::find(out.begin(), out.end(), ranked[static_cast<std::size_t>(i)]) == out.end()) {
        out.push_back(ranked[static_cast<std::size_t>(i)]);
        ++taken;
      }
  };
  if (items.has_popularity())
    take(options.popular_labels, [&](std::int32_t a, std::int32_t b) {
      return items.interactions[static_cast<std::size_t>(a)] > items.interactions[static_cast<std::size_t>(b)];
    });
  // The outer items: the farthest one in each of `outer_labels` evenly spread
  // directions, so the labels go round the cloud rather than crowd one end of it.
  // Distances are in units of each axis's spread, or the long first axis would win.
  const double sx = std::sqrt(std::max(pca.variance[0], 1e-300)), sy = std::sqrt(std::max(pca.variance[1], 1e-300));
  for (std::int32_t k = 0; k < options.outer_labels; ++k) {
    const double angle = 2 * std::numbers::pi * k / options.outer_labels;
    auto along = [&](std::int32_t i) { return pca.x(i) / sx * std::cos(angle) + pca.y(i) / sy * std::sin(angle); };
    take(1, [&](std::int32_t a, std::int32_t b) { return along(a) > along(b); });
  }
  return out;
}

std::string item_map_svg(const Pca2d& pca, const ItemCatalogue& items, const ItemMapOptions& options) {
  if (pca.rows != items.size())
    throw std::invalid_argument("item map: " + std::to_string(pca.rows) + " PCA rows for " +
                                std::to_string(items.size()) + " items");
  SvgWriter svg(kWidth, kHeight, options.title);
  svg.text({40, 32}, options.title, {.size = 18, .bold = true});
  std::string subtitle = std::to_string(items.size()) + " items";
  if (!options.model.empty()) subtitle += " (" + options.model + ")";
  subtitle += "; the two axes hold " + percent(pca.explained(0) + pca.explained(1)) + " of the variance";
  subtitle += items.has_popularity() ? "; dot area follows interactions" : "; no data given: no popularity";
  svg.text({40, 54}, subtitle, {.size = 12, .colour = "#555"});

  double min_x = pca.x(0), max_x = min_x, min_y = pca.y(0), max_y = min_y;
  for (std::int64_t i = 0; i < pca.rows; ++i) {
    min_x = std::min(min_x, pca.x(i));
    max_x = std::max(max_x, pca.x(i));
    min_y = std::min(min_y, pca.y(i));
    max_y = std::max(max_y, pca.y(i));
  }
  const Axis x{nice_ticks(min_x, max_x, 8),
               "first principal component (" + percent(pca.explained(0)) + " of the variance)"};
  const Axis y{nice_ticks(min_y, max_y, 6), "second principal component (" + percent(pca.explained(1)) + ")"};
  draw_axes(svg, kPlot, x, y);
  const LinearScale px = x_scale(kPlot, x.ticks), py = y_scale(kPlot, y.ticks);

  const GenreColours colours = genre_colours(items);
  const std::int64_t most =
      items.has_popularity() ? *std::max_element(items.interactions.begin(), items.interactions.end()) : 0;
  // Big dots first, so the small ones stay visible on top of them.
  std::vector<std::int32_t> order(static_cast<std::size_t>(items.size()));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::int32_t a, std::int32_t b) { return radius(items, a, most) > radius(items, b, most); });
  for (const std::int32_t i : order)
    svg.circle({px(pca.x(i)), py(pca.y(i))}, radius(items, i, most), colours.colour[static_cast<std::size_t>(i)],
               tooltip(items, i), 0.75);

  // Titles beside their dots, right of the dot if there is room, else left, else not at all.
  std::vector<Box> placed;
  for (const std::int32_t i : items_to_label(pca, items, options)) {
    const std::string text = shortened(items.labels[static_cast<std::size_t>(i)]);
    const double width = 0.6 * kLabelSize * static_cast<double>(code_points(text));
    const Point dot{px(pca.x(i)), py(pca.y(i))};
    const double gap = radius(items, i, most) + 3;
    for (const bool right : {true, false}) {
      const double x0 = right ? dot.x + gap : dot.x - gap - width;
      const Box box{x0, dot.y - kLabelSize * 0.8, x0 + width, dot.y + kLabelSize * 0.3};
      const bool free = std::none_of(placed.begin(), placed.end(), [&](const Box& b) { return b.overlaps(box); });
      if (!box.inside(kPlot) || !free) continue;
      placed.push_back(box);
      svg.text({right ? box.x0 : box.x1, dot.y + 3.5}, text,
               {.size = kLabelSize, .anchor = right ? Anchor::Start : Anchor::End, .colour = "#111"});
      break;
    }
  }
  if (!colours.legend.empty()) draw_legend(svg, colours);
  return svg.str();
}

}  // namespace recgrad
