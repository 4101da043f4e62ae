#include "training/search_space.hpp"

#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "autodiff/random.hpp"

namespace recgrad {

namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t begin = 0;
  while (true) {
    const std::size_t comma = text.find(',', begin);
    out.push_back(text.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin));
    if (comma == std::string::npos) return out;
    begin = comma + 1;
  }
}

// "name=low..high": the numbers, each checked as a value of the option.
SearchDimension parse_range(const std::string& text, const OptionSpec& option, Options& check, std::size_t dots,
                            const std::string& body) {
  const std::string low = body.substr(0, dots), high = body.substr(dots + 2);
  if (option.kind != OptionKind::Integer && option.kind != OptionKind::Real)
    throw std::invalid_argument("--search " + text + ": --" + option.name + " takes " + option.expected() +
                                ", so it can be searched over a list (a,b,c), not a range");
  check.set_text(option.name, low);
  check.set_text(option.name, high);
  SearchDimension d{.option = option.name, .values = {}, .low = std::stod(low), .high = std::stod(high)};
  d.integer = option.kind == OptionKind::Integer;
  if (!(d.low < d.high))
    throw std::invalid_argument("--search " + text + ": a range goes from a lower to a higher number");
  return d;
}

SearchDimension parse_dimension(const ModelSpec& spec, const std::string& text, Options& check) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw std::invalid_argument("--search " + text + ": expected name=v1,v2,... or name=low..high");
  const std::string name = text.substr(0, eq), body = text.substr(eq + 1);
  if (!check.has(name))
    throw std::invalid_argument("--search " + text + ": " + spec.name + " has no option --" + name);
  const OptionSpec& option = check.spec(name);
  // Each value poses another question (other labels, or other interactions left out):
  // trials scored on different validation data cannot be compared.
  if (name == "positive-rating")
    throw std::invalid_argument("--search " + text + ": --positive-rating decides what validation holds, so "
                                "trials would not be scored on the same data; give one value");
  if (const std::size_t dots = body.find(".."); dots != std::string::npos)
    return parse_range(text, option, check, dots, body);
  SearchDimension d{.option = name, .values = split_list(body)};
  d.integer = option.kind == OptionKind::Integer;
  for (const std::string& v : d.values) check.set_text(name, v);  // names the option and its range
  if (std::set<std::string>(d.values.begin(), d.values.end()).size() != d.values.size())
    throw std::invalid_argument("--search " + text + ": a value is listed twice");
  return d;
}

std::string number_text(double value, bool integer) {
  if (integer) return std::to_string(std::llround(value));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

std::string draw(const SearchDimension& d, Rng& rng) {
  if (!d.values.empty()) return d.values[rng.below(d.values.size())];
  if (d.log_scale()) return number_text(std::exp(rng.uniform(std::log(d.low), std::log(d.high))), d.integer);
  // Whole numbers: each of low..high equally likely, high included.
  if (d.integer) return number_text(d.low + static_cast<double>(rng.below(static_cast<std::uint64_t>(d.high - d.low) + 1)), true);
  return number_text(rng.uniform(d.low, d.high), false);
}

}  // namespace

std::vector<SearchDimension> parse_search_space(const ModelSpec& spec, std::span<const std::string> texts) {
  Options check = spec.default_options();
  std::vector<SearchDimension> space;
  std::set<std::string> seen;
  for (const std::string& text : texts) {
    space.push_back(parse_dimension(spec, text, check));
    if (!seen.insert(space.back().option).second)
      throw std::invalid_argument("--search " + text + ": --" + space.back().option + " is searched twice");
  }
  return space;
}

std::vector<SearchPoint> grid_points(std::span<const SearchDimension> space) {
  std::vector<SearchPoint> points(1);
  for (const SearchDimension& d : space) {
    if (d.values.empty())
      throw std::invalid_argument("--search " + d.option + "=" + number_text(d.low, d.integer) + ".." +
                                  number_text(d.high, d.integer) + ": a grid tries listed values; draw from a "
                                  "range with --random N");
    std::vector<SearchPoint> next;
    for (const SearchPoint& p : points)
      for (const std::string& v : d.values) {
        next.push_back(p);
        next.back()[d.option] = v;
      }
    points = std::move(next);
  }
  return points;
}

std::vector<SearchPoint> random_points(std::span<const SearchDimension> space, std::int64_t count,
                                       std::uint64_t seed) {
  Rng rng(seed);
  std::vector<SearchPoint> points(static_cast<std::size_t>(count));
  for (SearchPoint& p : points)
    for (const SearchDimension& d : space) p[d.option] = draw(d, rng);
  return points;
}

}  // namespace recgrad
