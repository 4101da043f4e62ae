#include "export/chart_axes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace recgrad {

double LinearScale::operator()(double value) const {
  const double span = data_hi - data_lo;
  return span == 0 ? (pixel_lo + pixel_hi) / 2 : pixel_lo + (value - data_lo) / span * (pixel_hi - pixel_lo);
}

Ticks nice_ticks(double lo, double hi, int target, bool whole_numbers) {
  if (lo > hi) std::swap(lo, hi);
  if (hi - lo <= 1e-12 * std::max(1.0, std::abs(lo))) {
    const double pad = whole_numbers ? 1.0 : std::max(std::abs(lo) * 0.1, 1e-3);
    lo -= pad;
    hi += pad;
  }
  // The raw step rounded to 1, 2 or 5 times a power of ten.
  const double raw = (hi - lo) / std::max(1, target);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double fraction = raw / magnitude;
  double step = (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * magnitude;
  if (whole_numbers) step = std::max(1.0, std::round(step));
  Ticks t;
  t.step = step;
  // Whole multiples of the step, so that 0.1 + 0.2 style rounding never shows in a label.
  const auto first = static_cast<long long>(std::floor(lo / step + 1e-9));
  const auto last = static_cast<long long>(std::ceil(hi / step - 1e-9));
  for (long long i = first; i <= last; ++i) t.values.push_back(static_cast<double>(i) * step);
  return t;
}

std::string tick_label(double value, double step) {
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  const std::string out = text;
  return out.find_first_not_of("-0.") == std::string::npos ? std::string("0") : out;  // no "-0.00"
}

LinearScale x_scale(const PlotArea& area, const Ticks& ticks) {
  return {ticks.values.front(), ticks.values.back(), area.left, area.right()};
}

LinearScale y_scale(const PlotArea& area, const Ticks& ticks) {
  return {ticks.values.front(), ticks.values.back(), area.bottom(), area.top};
}

void draw_axes(SvgWriter& svg, const PlotArea& area, const Axis& x, const Axis& y) {
  const LinearScale sx = x_scale(area, x.ticks), sy = y_scale(area, y.ticks);
  const LineStyle grid{.colour = "#ddd", .width = 1};
  const TextStyle label{.size = 11, .anchor = Anchor::Middle, .colour = "#444"};
  for (const double v : x.ticks.values) {
    const double px = sx(v);
    svg.line({px, area.top}, {px, area.bottom()}, grid);
    svg.line({px, area.bottom()}, {px, area.bottom() + 5});
    svg.text({px, area.bottom() + 18}, tick_label(v, x.ticks.step), label);
  }
  TextStyle y_label = label;
  y_label.anchor = Anchor::End;
  for (const double v : y.ticks.values) {
    const double py = sy(v);
    svg.line({area.left, py}, {area.right(), py}, grid);
    svg.line({area.left - 5, py}, {area.left, py});
    svg.text({area.left - 8, py + 4}, tick_label(v, y.ticks.step), y_label);
  }
  svg.rect(area.left, area.top, area.width, area.height, "none", "#222");
  const TextStyle title{.size = 13, .anchor = Anchor::Middle};
  svg.text({area.left + area.width / 2, area.bottom() + 38}, x.title, title);
  TextStyle y_title = title;
  y_title.rotate = -90;
  svg.text({area.left - 52, area.top + area.height / 2}, y.title, y_title);
}

}  // namespace recgrad
