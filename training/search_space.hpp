// What `recgrad tune` searches: some of a model's declared options, each over a list of
// values ("lr=0.05,0.1,0.2") or, for random search, a numeric range ("lr=0.01..1").
// Every value is checked against the option's declaration when the space is read, so a
// typo fails before the first trial rather than after an hour of them.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "models/registry.hpp"

namespace recgrad {

struct SearchDimension {
  std::string option;
  std::vector<std::string> values;  // the values to try, as typed; empty for a range
  double low = 0, high = 0;         // a range, drawn from by random search
  bool integer = false;             // the option takes whole numbers: draws are rounded
  // A range from a positive low to at least ten times it is drawn on a log scale:
  // learning rates and penalties matter by their order of magnitude.
  bool log_scale() const { return values.empty() && low > 0 && high >= 10 * low; }
};

// One setting to try: option name -> value text, ready for Options::set_text.
using SearchPoint = std::map<std::string, std::string>;

// Reads "name=v1,v2,..." and "name=low..high" for `spec`'s model; std::invalid_argument
// names the text and what is wrong (an undeclared option, a value out of its range, a
// range for a word or flag option, one option twice).
std::vector<SearchDimension> parse_search_space(const ModelSpec& spec, std::span<const std::string> texts);

// Every combination of the listed values, the first dimension varying slowest;
// std::invalid_argument when a dimension is a range (a grid needs lists).
std::vector<SearchPoint> grid_points(std::span<const SearchDimension> space);

// `count` points drawn with `seed`: a listed dimension takes one of its values, a range a
// number within it (log-uniform where SearchDimension::log_scale says so).
std::vector<SearchPoint> random_points(std::span<const SearchDimension> space, std::int64_t count,
                                       std::uint64_t seed);

}  // namespace recgrad
