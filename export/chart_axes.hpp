// What every chart of ours shares: a linear map from data values to pixels, "nice"
// tick values (1, 2 or 5 times a power of ten, as a person would pick them), and a
// pair of axes drawn with ticks, tick labels, grid lines and axis titles.
#pragma once

#include <string>
#include <vector>

#include "export/svg.hpp"

namespace recgrad {

// data_lo maps to pixel_lo and data_hi to pixel_hi (pixel_hi < pixel_lo for a y axis,
// whose pixels grow downwards).
struct LinearScale {
  double data_lo = 0, data_hi = 1, pixel_lo = 0, pixel_hi = 1;
  double operator()(double value) const;
};

struct Ticks {
  std::vector<double> values;  // ascending, first <= lo and last >= hi
  double step = 1;
};

// About `target` ticks spanning [lo, hi], widened to whole steps; `whole_numbers` keeps
// the step at 1 or more (epochs). An empty range (lo == hi) is widened around its value
// so that a single point still gets an axis.
Ticks nice_ticks(double lo, double hi, int target = 5, bool whole_numbers = false);

// `value` with as many decimals as `step` needs ("0.25" for step 0.05, "40" for step 10).
std::string tick_label(double value, double step);

struct PlotArea {
  double left = 0, top = 0, width = 0, height = 0;
  double right() const { return left + width; }
  double bottom() const { return top + height; }
};

struct Axis {
  Ticks ticks;
  std::string title;
};

// The scales that map the axes' tick ranges onto `area`.
LinearScale x_scale(const PlotArea& area, const Ticks& ticks);
LinearScale y_scale(const PlotArea& area, const Ticks& ticks);

// A frame round `area`, grid lines and labels at every tick, and the axis titles
// (the y title written bottom to top, left of the tick labels).
void draw_axes(SvgWriter& svg, const PlotArea& area, const Axis& x, const Axis& y);

}  // namespace recgrad
