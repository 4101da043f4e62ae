#include "cli/data_options.hpp"
#include "cli/run_options.hpp"

#include <filesystem>

#include "data/load.hpp"
#include "data/split_files.hpp"

namespace recgrad::cli {

void add_data_options(CLI::App* cmd, DataArgs& args) {
  cmd->add_option("--data", args.path, "Data set: a MovieLens directory, an interactions file or a generated directory "
                                       "(default: the built-in synthetic set)");
  cmd->add_option("--format", args.format, "auto, builtin, ml100k, ml1m, ml20m or generic")->capture_default_str();
  cmd->add_option("--columns", args.columns,
                  "Which column of an interactions file holds what: user=NAME,item=NAME[,rating=NAME][,timestamp=NAME], "
                  "by header name or field number from 1 (default: the header's names, else user,item,rating,timestamp)");
  cmd->add_option("--split", args.split,
                  "u1..u5, ua, ub (ML-100K files), random, last, temporal or coldstart (default: u1 where shipped, "
                  "else random)");
  cmd->add_option("--item-features", args.item_features,
                  "Your own item file (a header, an id column, columns like genres a|b|c or numbers) whose columns "
                  "become item features for fm, fm-bpr, hybrid, widedeep and pop's popular-feature scores");
  cmd->add_option("--user-features", args.user_features,
                  "Your own user file, read as --item-features is (an id column, then columns of features), for "
                  "the models that read user metadata");
  cmd->add_option("--user-id-column", args.user_id_column,
                  "The user file's id column (default: userId, user_id, user, id, ... by name)");
  cmd->add_option("--item-titles", args.item_titles,
                  "FILE[:COLUMN]: item titles from a file's column (default column: title), for lists");
  cmd->add_option("--item-id-column", args.item_id_column,
                  "The item files' id column (default: movieId, item_id, item, id, ... by name)");
  // Read back as the split "files:DIR", so a model file records where its split came from
  // and eval finds the same parts again.
  cmd->add_option_function<std::string>(
         "--split-from",
         [&args](const std::string& dir) {
           args.split = std::string(data::kSplitFilesPrefix) + std::filesystem::absolute(dir).lexically_normal().string();
         },
         "A folder written by `recgrad split --out`: train, validation and test exactly as its files list them")
      ->excludes("--split");
  add_seed_option(cmd, args.seed, "Seed for splits, initialisation and sampling");
}

data::Dataset load_data(const DataArgs& args) {
  data::DataSource source;
  source.path = args.path;
  source.format = args.path.empty() && args.format == "auto" ? "builtin" : args.format;
  if (!args.columns.empty()) source.columns = data::parse_column_choice(args.columns);
  source.item_features = args.item_features;
  source.item_id_column = args.item_id_column;
  source.user_features = args.user_features;
  source.user_id_column = args.user_id_column;
  // FILE:COLUMN, unless the whole text names a file (a path may hold ':').
  const std::size_t colon = args.item_titles.rfind(':');
  const bool has_column = colon != std::string::npos && !std::filesystem::exists(args.item_titles);
  source.item_titles = has_column ? args.item_titles.substr(0, colon) : args.item_titles;
  if (has_column) source.item_titles_column = args.item_titles.substr(colon + 1);
  return data::load_dataset(source);
}

data::SplitOptions split_options(const data::Dataset& ds, const DataArgs& args) {
  data::SplitOptions options;
  options.name = !args.split.empty() ? args.split : (ds.shipped_splits.empty() ? "random" : "u1");
  options.seed = args.seed;
  return options;
}

data::Split load_split(const data::Dataset& ds, const DataArgs& args) {
  return data::make_split(ds, split_options(ds, args));
}

}  // namespace recgrad::cli
