// recgrad data-info [--data PATH] [--format F] [--split S] [--seed N] [--json]
//   Describes a data set (the built-in synthetic one without --data): sizes, ratings,
//   density, what the load dropped, features per field, and the sizes of a split.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <numeric>

#include "cli/commands.hpp"
#include "cli/data_options.hpp"
#include "data/load.hpp"

namespace recgrad::cli {

namespace {

struct RatingStats {
  double min = 0, max = 0, mean = 0;
};

RatingStats rating_stats(const data::Dataset& ds) {
  const auto& r = ds.interactions.ratings;
  if (r.empty()) return {};
  const auto [lo, hi] = std::minmax_element(r.begin(), r.end());
  return {*lo, *hi, std::accumulate(r.begin(), r.end(), 0.0) / static_cast<double>(r.size())};
}

// Field name -> number of features, user fields then item fields; an item field whose
// name a user field already took (possible in generic files) is keyed "item.NAME".
nlohmann::ordered_json feature_counts(const data::Dataset& ds) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& f : ds.user_features.fields) out[f.name] = f.count;
  for (const auto& f : ds.item_features.fields) out[out.contains(f.name) ? "item." + f.name : f.name] = f.count;
  return out;
}

std::string field_list(const data::FeatureMatrix& m) {
  std::string out;
  for (const auto& f : m.fields) out += (out.empty() ? "" : ", ") + f.name + " " + std::to_string(f.count);
  return out;
}

void print_text(const data::Dataset& ds, const data::Split& split) {
  const RatingStats r = rating_stats(ds);
  const data::LoadReport& rep = ds.report;
  std::printf("data %s (format %s)\n", ds.name.c_str(), ds.format.c_str());
  std::printf("users %d, items %d, interactions %lld, density %.4f%%\n", ds.num_users(), ds.num_items(),
              static_cast<long long>(ds.num_interactions()), 100.0 * ds.density());
  if (ds.has_ratings) std::printf("ratings %g..%g, mean %.4f\n", r.min, r.max, r.mean);
  else std::printf("no rating column: implicit feedback, every rating 1\n");
  if (!ds.has_timestamps) std::printf("no timestamp column\n");
  std::printf("lines read %lld: duplicates dropped %lld (%s), header lines %lld, blank lines %lld\n",
              static_cast<long long>(rep.lines), static_cast<long long>(rep.duplicates),
              data::LoadReport::kDuplicateRule, static_cast<long long>(rep.header_lines),
              static_cast<long long>(rep.blank_lines));
  if (!rep.columns.empty()) std::printf("columns: %s\n", rep.columns.c_str());
  if (!rep.unused_columns.empty()) {
    std::string unused;
    for (const std::string& c : rep.unused_columns) unused += (unused.empty() ? "" : ", ") + c;
    std::printf("columns not read: %s\n", unused.c_str());
  }
  std::printf("user features: %s\n", field_list(ds.user_features).c_str());
  std::printf("item features: %s\n", field_list(ds.item_features).c_str());
  if (rep.items_without_year > 0 || rep.items_without_genres > 0)
    std::printf("items without a year: %lld, without a genre: %lld\n",
                static_cast<long long>(rep.items_without_year), static_cast<long long>(rep.items_without_genres));
  if (rep.items_described >= 0)
    std::printf("item file: rows for %lld of the %d items (the others have no features), %lld rows for ids the "
                "interactions lack (left out)\n",
                static_cast<long long>(rep.items_described), ds.num_items(),
                static_cast<long long>(rep.unknown_item_rows));
  if (!ds.item_titles.empty()) std::printf("item titles: yes\n");
  std::printf("%s\n", split.summary().c_str());
}

void print_json(const data::Dataset& ds, const data::Split& split) {
  const RatingStats r = rating_stats(ds);
  nlohmann::ordered_json j;
  j["name"] = ds.name;
  j["format"] = ds.format;
  j["users"] = ds.num_users();
  j["items"] = ds.num_items();
  j["interactions"] = ds.num_interactions();
  j["density"] = ds.density();
  j["has_ratings"] = ds.has_ratings;
  j["has_timestamps"] = ds.has_timestamps;
  j["rating_min"] = r.min;
  j["rating_max"] = r.max;
  j["rating_mean"] = r.mean;
  j["lines"] = ds.report.lines;
  j["duplicates"] = ds.report.duplicates;
  j["duplicate_rule"] = data::LoadReport::kDuplicateRule;
  j["header_lines"] = ds.report.header_lines;
  j["blank_lines"] = ds.report.blank_lines;
  if (!ds.report.columns.empty()) j["columns"] = ds.report.columns;
  j["unused_columns"] = ds.report.unused_columns;
  j["features"] = feature_counts(ds);
  j["files"] = ds.report.files;
  if (ds.report.items_described >= 0)
    j["item_file"] = nlohmann::ordered_json{{"items_described", ds.report.items_described},
                                            {"unknown_item_rows", ds.report.unknown_item_rows}};
  j["item_titles"] = !ds.item_titles.empty();
  j["split"] = {{"name", split.name},
                {"train", split.train.size()},
                {"validation", split.validation.size()},
                {"test", split.test.size()},
                {"cold_items", split.cold_items.size()},
                {"unassigned", split.unassigned},
                {"short_users", split.short_users},
                {"tied", split.tied}};
  std::cout << j.dump(2) << "\n";
}

}  // namespace

void add_data_info_command(CLI::App& app) {
  struct Args {
    DataArgs data;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("data-info", "Describe a data set and the sizes of a split");
  add_data_options(cmd, args->data);
  cmd->add_flag("--json", args->json, "Print one JSON object");
  cmd->callback([args] {
    const data::Dataset ds = load_data(args->data);
    const data::Split split = load_split(ds, args->data);
    if (args->json) print_json(ds, split);
    else print_text(ds, split);
  });
}

}  // namespace recgrad::cli
