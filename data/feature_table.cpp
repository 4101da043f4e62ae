#include "data/feature_table.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "data/columns.hpp"
#include "data/line_reader.hpp"
#include "data/text.hpp"

namespace recgrad::data {

namespace {

constexpr std::size_t kMaxDistinctNumbers = 10;  // more: deciles
constexpr int kBins = 10;

// The file whole: header names, then each row's fields and its line number.
struct Table {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::int64_t> lines;
  std::size_t id = 0;  // the id column
};

bool split_row(std::string_view line, char delimiter, std::vector<std::string>& out) {
  if (delimiter == ',') return split_csv_quoted(line, out);
  out.clear();
  for (std::size_t start = 0;;) {
    const std::size_t end = line.find(delimiter, start);
    out.emplace_back(trim(line.substr(start, end - start)));
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

// The column `wanted` names, or without a name one called like an id of `side` or "id".
bool is_id_column(std::string_view name, Role side, const std::string& wanted) {
  return wanted.empty() ? names_role(name, side) || name == "id" : name == wanted;
}

std::size_t id_column_of(const std::filesystem::path& path, Role side, const std::vector<std::string>& names,
                         const std::string& wanted) {
  for (std::size_t c = 0; c < names.size(); ++c)
    if (is_id_column(names[c], side, wanted)) return c;
  std::string found;
  for (const auto& n : names) found += (found.empty() ? "" : ", ") + n;
  const std::string option = std::string("--") + role_name(side) + "-id-column";
  throw_data_error(path, 1, found,
                   wanted.empty() ? std::string("a ") + role_name(side) + " id column (" + role_spellings(side) +
                                        ", id; or " + option + ")"
                                  : "the column \"" + wanted + "\" that " + option + " names");
}

Table read_table(const std::filesystem::path& path, Role side, const std::string& id_column) {
  LineReader reader(path);
  Table t;
  std::string_view line;
  char delimiter = ',';
  std::vector<std::string> fields;
  while (reader.next(line)) {
    if (trim(line).empty()) continue;
    if (t.names.empty()) delimiter = line.find('\t') != std::string_view::npos ? '\t' : ',';
    if (!split_row(line, delimiter, fields)) throw_data_error(path, reader.line_number(), line, "a closing quote");
    if (t.names.empty()) {
      t.names = fields;
      t.id = id_column_of(path, side, t.names, id_column);
      continue;
    }
    if (fields.size() != t.names.size())
      throw_data_error(path, reader.line_number(), line,
                       std::to_string(t.names.size()) + " fields, as the header has");
    if (fields[t.id].empty()) throw_data_error(path, reader.line_number(), line, "an id in " + t.names[t.id]);
    t.rows.push_back(fields);
    t.lines.push_back(reader.line_number());
  }
  if (t.names.empty()) throw DataError(path.string() + ": empty file (expected a header, then a row per id)");
  return t;
}

// The feature values of a numeric column with many distinct values: its decile.
std::vector<std::string> deciles(const std::vector<double>& values) {
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::string> out;
  for (const double v : values) {
    const auto rank = static_cast<double>(std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin());
    const int bin = std::min(kBins - 1, static_cast<int>(rank * kBins / static_cast<double>(sorted.size())));
    out.push_back("decile " + std::to_string(bin + 1));
  }
  return out;
}

// A numeric column's values as features, or nothing when the column is text.
std::optional<std::vector<std::string>> numeric_values(const Table& t, std::size_t c) {
  std::vector<double> values;
  std::set<double> distinct;
  for (const auto& row : t.rows) {
    double v = 0;
    if (row[c].empty()) continue;
    if (!parse_number(std::string_view(row[c]), v) || !std::isfinite(v)) return std::nullopt;
    values.push_back(v);
    distinct.insert(v);
  }
  if (values.empty() || distinct.size() <= kMaxDistinctNumbers) return std::nullopt;  // read as text
  return deciles(values);
}

// Each row's user or item, or nullopt for an id the data lacks; a repeated id is an error.
std::vector<std::optional<std::int32_t>> row_items(const std::filesystem::path& path, const Table& t,
                                                   const IdMap& items) {
  std::vector<std::optional<std::int32_t>> out;
  std::vector<char> seen(static_cast<std::size_t>(items.size()), 0);
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    out.push_back(items.find(t.rows[r][t.id]));
    if (out.back() && std::exchange(seen[static_cast<std::size_t>(*out.back())], 1))
      throw_data_error(path, t.lines[r], t.rows[r][t.id], "each id once (this one has an earlier row)");
  }
  return out;
}

}  // namespace

bool is_feature_table(const std::filesystem::path& path, Role side, const std::string& id_column) {
  LineReader reader(path);
  std::string_view first;
  while (reader.next(first) && trim(first).empty()) {
  }
  if (trim(first) == "id,features") return false;  // what `recgrad generate` writes
  std::vector<std::string> names;
  if (!split_row(first, first.find('\t') != std::string_view::npos ? '\t' : ',', names)) return false;
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return is_id_column(n, side, id_column); });
}

FeatureTableReport read_feature_table(const std::filesystem::path& path, Role side, const IdMap& items,
                                      const std::string& id_column, FeatureBuilder& builder,
                                      const std::vector<std::string>& skip) {
  const Table t = read_table(path, side, id_column);
  const auto row_item = row_items(path, t, items);
  FeatureTableReport report;
  for (const auto& item : row_item) (item ? report.described : report.unknown_ids) += 1;
  for (std::size_t c = 0; c < t.names.size(); ++c) {
    if (c == t.id || std::find(skip.begin(), skip.end(), t.names[c]) != skip.end()) continue;
    const std::int32_t field = builder.add_field(t.names[c]);
    report.fields.push_back(t.names[c]);
    const auto binned = numeric_values(t, c);
    std::size_t numbered = 0;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const std::string& cell = t.rows[r][c];
      if (cell.empty()) continue;
      const std::size_t k = numbered++;
      if (!row_item[r]) continue;
      if (binned) {
        builder.add(*row_item[r], field, (*binned)[k]);
        continue;
      }
      const auto count = static_cast<float>(std::count(cell.begin(), cell.end(), '|') + 1);
      for (std::size_t start = 0;;) {
        const std::size_t bar = cell.find('|', start);
        const std::string_view value = trim(std::string_view(cell).substr(start, bar - start));
        if (!value.empty()) builder.add(*row_item[r], field, value, 1.0f / count);
        if (bar == std::string::npos) break;
        start = bar + 1;
      }
    }
  }
  return report;
}

std::vector<std::string> read_item_titles(const std::filesystem::path& path, const IdMap& items,
                                          const std::string& id_column, const std::string& column) {
  const Table t = read_table(path, Role::Item, id_column);
  const std::string wanted = column.empty() ? "title" : column;
  const auto it = std::find(t.names.begin(), t.names.end(), wanted);
  if (it == t.names.end()) {
    std::string found;
    for (const auto& n : t.names) found += (found.empty() ? "" : ", ") + n;
    throw_data_error(path, 1, found, "a column \"" + wanted + "\" to take titles from (FILE:COLUMN names another)");
  }
  const auto c = static_cast<std::size_t>(it - t.names.begin());
  const auto row_item = row_items(path, t, items);
  std::vector<std::string> titles(static_cast<std::size_t>(items.size()));
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    if (row_item[r]) titles[static_cast<std::size_t>(*row_item[r])] = t.rows[r][c];
  return titles;
}

}  // namespace recgrad::data
