#include "data/text.hpp"

namespace recgrad::data {

std::size_t split_fields(std::string_view line, std::string_view delim,
                         std::span<std::string_view> out) {
  std::size_t count = 0;
  for (;;) {
    const std::size_t pos = delim.size() == 1 ? line.find(delim.front()) : line.find(delim);
    const std::string_view field = line.substr(0, pos);
    if (count < out.size()) out[count] = trim(field);
    ++count;
    if (pos == std::string_view::npos) return count;
    line.remove_prefix(pos + delim.size());
  }
}

bool split_csv_quoted(std::string_view line, std::vector<std::string>& out) {
  out.clear();
  std::size_t i = 0;
  for (;;) {
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      for (;;) {
        if (i >= line.size()) return false;
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      // Anything between the closing quote and the next comma is kept as written.
      while (i < line.size() && line[i] != ',') field += line[i++];
    } else {
      while (i < line.size() && line[i] != ',') field += line[i++];
    }
    out.emplace_back(trim(field));
    if (i >= line.size()) return true;
    ++i;  // the comma
  }
}

std::string latin1_to_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::optional<int> year_from_title(std::string_view title) {
  title = trim(title);
  if (title.size() < 6 || title.back() != ')') return std::nullopt;
  const std::string_view digits = title.substr(title.size() - 5, 4);
  if (title[title.size() - 6] != '(') return std::nullopt;
  int year = 0;
  if (!parse_number(digits, year) || digits.front() == '+') return std::nullopt;
  return year;
}

std::string decade_name(int year) {
  return std::to_string(year - year % 10) + "s";
}

}  // namespace recgrad::data
