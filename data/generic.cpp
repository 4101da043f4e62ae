#include "data/generic.hpp"

#include "data/feature_table.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "data/line_reader.hpp"
#include "data/text.hpp"

namespace recgrad::data {

namespace {

std::string delimiter_name(std::string_view d) { return d == "\t" ? "<TAB>" : std::string(d); }

// "4 fields "user,item,rating,timestamp" separated by ","": what every line must hold.
std::string describe(const InteractionFormat& f) {
  std::string cols;
  for (int c = 0; c < f.roles.fields; ++c) {
    const auto role = std::find(f.roles.field.begin(), f.roles.field.end(), c);
    cols += (c > 0 ? "," : "") + (role != f.roles.field.end() ? std::string(role_name(kRoles[role - f.roles.field.begin()]))
                                 : static_cast<std::size_t>(c) < f.names.size() ? f.names[c] : "(unused)");
  }
  return std::to_string(f.roles.fields) + " fields \"" + cols + "\" separated by \"" + delimiter_name(f.delimiter) +
         "\"";
}

bool equals_any(std::string_view s, std::initializer_list<std::string_view> names) {
  return std::any_of(names.begin(), names.end(), [&](std::string_view n) {
    return s.size() == n.size() && std::equal(s.begin(), s.end(), n.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           });
  });
}

std::int32_t lookup(IdMap& ids, bool add, std::string_view raw, const LineReader& reader,
                    const char* kind, int column) {
  if (!raw.empty()) {
    if (add) return ids.insert(raw);
    if (const auto index = ids.find(raw)) return *index;
  }
  // Only error paths build strings: this runs for every line.
  const std::string a_kind = (kind[0] == 'i' ? "an " : "a ") + std::string(kind);
  if (raw.empty()) reader.fail(a_kind + " id in field " + std::to_string(column));
  reader.fail(a_kind + " id listed in the " + kind + "s file, not the unknown \"" +
              std::string(raw) + "\" in field " + std::to_string(column));
}

}  // namespace

void read_interactions(const std::filesystem::path& path, const InteractionFormat& format,
                       IdMap& users, IdMap& items, Interactions& out, LoadReport& report) {
  LineReader reader(path);
  report.files.push_back(path.string());
  bool header_pending = format.header;
  bool any = false;
  const ColumnRoles& roles = format.roles;
  std::vector<std::string_view> f(static_cast<std::size_t>(roles.fields));
  std::string_view line;
  while (reader.next(line)) {
    if (trim(line).empty()) {
      ++report.blank_lines;
      continue;
    }
    if (header_pending) {
      header_pending = false;
      ++report.header_lines;
      continue;
    }
    const std::size_t n = split_fields(line, format.delimiter, f);
    if (n != f.size()) reader.fail(describe(format) + ", not " + std::to_string(n) + " field" + (n == 1 ? "" : "s"));
    const int u = roles.of(Role::User), i = roles.of(Role::Item), r = roles.of(Role::Rating),
              t = roles.of(Role::Timestamp);
    const std::int32_t user = lookup(users, format.add_users, f[u], reader, "user", u + 1);
    const std::int32_t item = lookup(items, format.add_items, f[i], reader, "item", i + 1);
    float rating = 1.0f;
    std::int64_t timestamp = 0;
    if (r >= 0 && (!parse_number(f[r], rating) || !std::isfinite(rating)))
      reader.fail("a numeric rating in field " + std::to_string(r + 1) + ", not " + quoted(f[r]));
    if (t >= 0 && !parse_number(f[t], timestamp))
      reader.fail("an integer timestamp in field " + std::to_string(t + 1) + ", not " + quoted(f[t]));
    out.push_back(user, item, rating, timestamp);
    ++report.lines;
    any = true;
  }
  if (!any) reader.fail_empty(describe(format));
}

InteractionFormat detect_interaction_format(const std::filesystem::path& path, const ColumnChoice& choice) {
  constexpr const char* kExpected =
      "2 to 4 fields \"user,item[,rating[,timestamp]]\" separated by a comma, a tab or \"::\", or a header "
      "naming the columns";
  LineReader reader(path);
  std::string_view line;
  bool found = false;
  while (!found && reader.next(line)) found = !trim(line).empty();
  if (!found) reader.fail_empty(kExpected);

  InteractionFormat format;
  format.delimiter = line.find("::") != std::string_view::npos ? "::"
                     : line.find('\t') != std::string_view::npos ? "\t"
                                                                  : ",";
  std::vector<std::string_view> f(1024);
  const std::size_t n = split_fields(line, format.delimiter, f);
  if (n > f.size()) reader.fail("at most " + std::to_string(f.size()) + " fields on a line, not " + std::to_string(n));
  f.resize(n);
  const bool all_words = std::all_of(f.begin(), f.end(), [](std::string_view s) {
    return !s.empty() && std::isalpha(static_cast<unsigned char>(s.front()));
  });
  // A rating column that starts with a letter is a name, not a number; two id columns
  // need a recognisable name, since "bob,x" may well be data.
  const bool names_a_role = std::any_of(f.begin(), f.end(), [](std::string_view s) {
    return std::any_of(kRoles.begin(), kRoles.end(), [&](Role r) { return names_role(s, r); });
  });
  format.header = all_words && (f.size() >= 3 || names_a_role);
  std::string problem;
  if (format.header) {
    format.roles = roles_from_header(f, choice, problem);
    format.names.assign(f.begin(), f.end());
  } else {
    format.roles = roles_by_position(static_cast<int>(f.size()), choice, problem);
  }
  if (!problem.empty()) reader.fail(problem);
  return format;
}

void read_feature_file(const std::filesystem::path& path, const IdMap& ids,
                       std::string_view id_kind, FeatureBuilder& builder) {
  LineReader reader(path);
  const std::string kind(id_kind);
  const std::string id_field = kind + "_id";
  std::vector<std::int64_t> line_of(static_cast<std::size_t>(ids.size()), 0);
  std::vector<std::string_view> names;
  struct Parsed {
    std::string_view field, value;
    float weight;
  };
  std::vector<Parsed> parsed;
  bool first = true;
  std::string_view line;
  while (reader.next(line)) {
    if (trim(line).empty()) continue;
    const std::size_t sep = line.find_first_of(",\t");
    const std::string_view raw = trim(line.substr(0, sep));
    const std::string_view rest = sep == std::string_view::npos ? std::string_view{} : line.substr(sep + 1);
    const auto row = ids.find(raw);
    const bool header = first && !row && equals_any(raw, {"id", "user", "item", "user_id", "item_id"});
    first = false;
    if (header) continue;
    if (!row)
      reader.fail("a " + kind + " id that occurs in the interactions file, not the unknown \"" +
                  std::string(raw) + "\"");
    if (line_of[*row] != 0)
      reader.fail("each " + kind + " id on one line only (\"" + std::string(raw) +
                  "\" is already on line " + std::to_string(line_of[*row]) + ")");
    line_of[*row] = reader.line_number();

    parsed.clear();
    names.clear();
    for (std::string_view list = rest; !list.empty();) {
      const std::size_t semi = list.find(';');
      std::string_view part = trim(list.substr(0, semi));
      list = semi == std::string_view::npos ? std::string_view{} : list.substr(semi + 1);
      if (part.empty()) continue;
      float weight = 1.0f;
      if (const std::size_t colon = part.rfind(':'); colon != std::string_view::npos) {
        const std::string_view w = trim(part.substr(colon + 1));
        if (!parse_number(w, weight) || !std::isfinite(weight))
          reader.fail("a numeric weight after ':' in feature \"" + std::string(part) + "\"");
        part = trim(part.substr(0, colon));
      }
      const std::size_t eq = part.find('=');
      const std::string_view field = eq == std::string_view::npos ? "feature" : trim(part.substr(0, eq));
      const std::string_view value = eq == std::string_view::npos ? part : trim(part.substr(eq + 1));
      if (field.empty() || value.empty())
        reader.fail("features \"field=value[:weight]\" or \"name[:weight]\" separated by ';'");
      if (field == id_field)
        reader.fail("a field other than \"" + id_field + "\", which the loader adds itself");
      parsed.push_back({field, value, weight});
      names.push_back(part);
    }
    std::sort(names.begin(), names.end());
    if (const auto dup = std::adjacent_find(names.begin(), names.end()); dup != names.end())
      reader.fail("each feature once per line (\"" + std::string(*dup) + "\" repeats)");
    for (const Parsed& p : parsed) {
      std::int32_t field = builder.field_index(p.field);
      if (field < 0) field = builder.add_field(std::string(p.field));
      builder.add(*row, field, p.value, p.weight);
    }
  }
}

// `generate`'s "id,features" file (field=value;... per row, with or without that
// header), or a user's own table (data/feature_table.hpp).
static FeatureTableReport read_features(const std::filesystem::path& path, Role side, const IdMap& ids,
                                        const std::string& id_column, FeatureBuilder& builder) {
  if (is_feature_table(path, side, id_column)) return read_feature_table(path, side, ids, id_column, builder);
  read_feature_file(path, ids, role_name(side), builder);
  return {.described = -1, .unknown_ids = 0, .fields = {}};
}

Dataset load_generic(const GenericPaths& paths) {
  Dataset ds;
  ds.name = paths.interactions.filename().string();
  ds.format = "generic";
  const InteractionFormat format = detect_interaction_format(paths.interactions, paths.columns);
  read_interactions(paths.interactions, format, ds.users, ds.items, ds.interactions, ds.report);
  renumber_numerically(ds.users, ds.interactions.users);
  renumber_numerically(ds.items, ds.interactions.items);
  finish_interactions(ds, format.roles.has(Role::Rating), format.roles.has(Role::Timestamp));
  std::vector<std::string_view> names(format.names.begin(), format.names.end());
  ds.report.columns = format.roles.describe(names);
  ds.report.unused_columns = format.roles.unused;

  FeatureBuilder users("user_id", ds.users);
  FeatureBuilder items("item_id", ds.items);
  if (!paths.user_features.empty()) {
    read_features(paths.user_features, Role::User, ds.users, paths.user_id_column, users);
    ds.report.files.push_back(paths.user_features.string());
  }
  if (!paths.item_features.empty()) {
    const FeatureTableReport r = read_features(paths.item_features, Role::Item, ds.items, paths.item_id_column, items);
    ds.report.items_described = r.described;
    ds.report.unknown_item_rows = r.unknown_ids;
    ds.report.files.push_back(paths.item_features.string());
  }
  if (!paths.item_titles.empty()) {
    ds.item_titles = read_item_titles(paths.item_titles, ds.items, paths.item_id_column, paths.item_titles_column);
    ds.report.files.push_back(paths.item_titles.string());
  }
  ds.user_features = users.build();
  ds.item_features = items.build();
  return ds;
}

}  // namespace recgrad::data
