#include "export/training_curves.hpp"

#include <algorithm>

#include "export/chart_axes.hpp"
#include "export/svg.hpp"

namespace recgrad {

namespace {

constexpr double kWidth = 900, kHeight = 660;
constexpr PlotArea kLossPanel{.left = 90, .top = 70, .width = 580, .height = 210};
constexpr PlotArea kMetricPanel{.left = 90, .top = 370, .width = 580, .height = 210};
constexpr const char* kLossColour = "#4e79a7";
constexpr const char* kMetricColour = "#e15759";
constexpr const char* kBestColour = "#59a14f";
constexpr std::size_t kMostMarkers = 60;  // beyond this many epochs, dots would only blur the line

struct Series {
  std::string name;
  std::vector<double> values;
  const char* colour;
};

// One panel: axes, the series as a line with a dot per epoch, the best epoch as a
// dashed vertical line, and a legend right of the panel.
void draw_panel(SvgWriter& svg, const PlotArea& area, const Ticks& epochs, const std::vector<double>& x,
                const Series& series, double best_x) {
  const auto [lo, hi] = std::minmax_element(series.values.begin(), series.values.end());
  const Axis x_axis{epochs, "epoch"};
  const Axis y_axis{nice_ticks(*lo, *hi, 5), series.name};
  draw_axes(svg, area, x_axis, y_axis);
  const LinearScale sx = x_scale(area, x_axis.ticks), sy = y_scale(area, y_axis.ticks);
  std::vector<Point> points;
  for (std::size_t i = 0; i < x.size(); ++i) points.push_back({sx(x[i]), sy(series.values[i])});
  svg.line({sx(best_x), area.top}, {sx(best_x), area.bottom()}, {.colour = kBestColour, .width = 1.5, .dashed = true});
  svg.polyline(points, {.colour = series.colour, .width = 2});
  if (points.size() <= kMostMarkers)
    for (const Point& p : points) svg.circle(p, 3, series.colour);

  const double lx = area.right() + 20, ly = area.top + 14;
  svg.line({lx, ly - 4}, {lx + 24, ly - 4}, {.colour = series.colour, .width = 2});
  svg.text({lx + 30, ly}, series.name, {.size = 11});
  svg.line({lx, ly + 16}, {lx + 24, ly + 16}, {.colour = kBestColour, .width = 1.5, .dashed = true});
  svg.text({lx + 30, ly + 20}, "selected epoch", {.size = 11});
}

}  // namespace

std::size_t best_epoch_index(const std::vector<double>& values, bool lower_is_better) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < values.size(); ++i)
    if (lower_is_better ? values[i] < values[best] : values[i] > values[best]) best = i;
  return best;
}

std::string training_curves_svg(const TrainingLog& log, const CurvesOptions& options) {
  const std::vector<double> metric = log.metric(options.metric);
  std::vector<double> epochs, loss;
  for (const LoggedEpoch& e : log.epochs) {
    epochs.push_back(static_cast<double>(e.epoch));
    loss.push_back(e.train_loss);
  }
  const std::size_t best = best_epoch_index(metric, options.lower_is_better);

  SvgWriter svg(kWidth, kHeight, options.title);
  svg.text({40, 32}, options.title, {.size = 18, .bold = true});
  const std::string selected = "validation " + options.metric + (options.lower_is_better ? " (lower is better)" : "") +
                               ": best " + tick_label(metric[best], 1e-4) + " at epoch " +
                               std::to_string(log.epochs[best].epoch) + " of " + std::to_string(log.epochs.size()) +
                               " logged";
  svg.text({40, 54}, selected, {.size = 12, .colour = "#555"});
  const Ticks epoch_ticks = nice_ticks(epochs.front(), epochs.back(), 8, /*whole_numbers=*/true);
  // ALS solves instead of descending a loss and logs 0 for it: an empty panel says so,
  // where a flat line at zero would claim a perfect fit.
  if (std::any_of(loss.begin(), loss.end(), [](double v) { return v != 0; })) {
    draw_panel(svg, kLossPanel, epoch_ticks, epochs, {"training loss", loss, kLossColour}, epochs[best]);
  } else {
    svg.rect(kLossPanel.left, kLossPanel.top, kLossPanel.width, kLossPanel.height, "none", "#222");
    svg.text({kLossPanel.left + kLossPanel.width / 2, kLossPanel.top + kLossPanel.height / 2},
             "no training loss in the log (train_loss is 0 in every epoch, as ALS writes it)",
             {.size = 13, .anchor = Anchor::Middle, .colour = "#555"});
  }
  draw_panel(svg, kMetricPanel, epoch_ticks, epochs, {"validation " + options.metric, metric, kMetricColour},
             epochs[best]);
  return svg.str();
}

}  // namespace recgrad
