// Small text helpers shared by the loaders: splitting a line into fields, strict
// number parsing with std::from_chars, MovieLens' Latin-1 titles, and years in titles.
#pragma once

#include <charconv>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace recgrad::data {

// `text` in double quotes for an error message, at most 80 characters of it: a field of
// 200 MB gives a line of stderr, not 200 MB ("\"abc...\" (200000000 bytes)").
inline std::string quoted(std::string_view text) {
  constexpr std::size_t kShown = 80;
  if (text.size() <= kShown) return "\"" + std::string(text) + "\"";
  return "\"" + std::string(text.substr(0, kShown)) + "...\" (" + std::to_string(text.size()) + " bytes)";
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits `line` at every `delim` (one or more characters) into `out`, trimming blanks
// around each field. Returns the number of fields in the line, which may exceed
// out.size(): only the first out.size() are stored, so callers can report "too many".
std::size_t split_fields(std::string_view line, std::string_view delim,
                         std::span<std::string_view> out);

// Splits one CSV line with RFC 4180 quoting ("a, b" and "" inside quotes), as in
// MovieLens 20M's movies.csv where titles contain commas. Returns false on an
// unterminated quote.
bool split_csv_quoted(std::string_view line, std::vector<std::string>& out);

// The whole of `s` must be a number: no blanks, no trailing junk. Accepts a leading '+'.
template <class T>
bool parse_number(std::string_view s, T& out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size();
}

// MovieLens 100K and 1M are Latin-1; everything we hold is UTF-8.
std::string latin1_to_utf8(std::string_view s);

// "Toy Story (1995)" -> 1995; titles without a trailing "(YYYY)" give nothing.
std::optional<int> year_from_title(std::string_view title);

// "1990s" for 1995: the name of an item's release-decade feature.
std::string decade_name(int year);

}  // namespace recgrad::data
