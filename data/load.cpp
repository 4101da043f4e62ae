#include "data/load.hpp"

#include <algorithm>
#include <stdexcept>

#include "data/generic.hpp"
#include "data/line_reader.hpp"
#include "data/movielens.hpp"
#include "data/movielens_parts.hpp"
#include "data/synthetic.hpp"

namespace recgrad::data {

namespace fs = std::filesystem;

const std::vector<std::string>& format_names() {
  static const std::vector<std::string> names = {"auto", "builtin", "ml100k", "ml1m", "ml20m", "generic"};
  return names;
}

std::string detect_format(const fs::path& path) {
  if (path.empty()) return "builtin";
  if (fs::is_directory(path)) {
    if (fs::is_regular_file(path / "u.data")) return "ml100k";
    if (fs::is_regular_file(path / "ratings.dat")) return "ml1m";
    if (fs::is_regular_file(path / "ratings.csv")) return "ml20m";
    if (fs::is_regular_file(path / "interactions.csv")) return "generic";
    throw DataError(path.string() +
                    ": expected a directory with u.data (MovieLens 100K), ratings.dat (1M), "
                    "ratings.csv (20M/latest) or interactions.csv (generic); found none of them");
  }
  if (fs::is_regular_file(path)) return "generic";
  if (fs::exists(path))
    throw DataError(path.string() + ": not a regular file or a folder (a FIFO or a device?); give a data file");
  throw DataError(path.string() + ": no such file or directory");
}

namespace {

// The MovieLens formats read a folder. Given its ratings file, read the folder it is in;
// given any other file, say what is expected rather than looking for the folder's other
// files beside a path that is no folder.
fs::path movielens_folder(const fs::path& path, const std::string& format, const char* ratings_file) {
  if (!fs::is_regular_file(path)) return path;
  if (path.filename() == ratings_file) return path.parent_path().empty() ? fs::path(".") : path.parent_path();
  throw DataError("--format " + format + " reads a MovieLens folder (with its " + ratings_file + "); " +
                  path.string() + " is a file: give --data the folder, or --format generic for a plain file");
}

}  // namespace

Dataset load_dataset(const DataSource& source) {
  const auto& names = format_names();
  if (std::find(names.begin(), names.end(), source.format) == names.end()) {
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown data format \"" + source.format + "\"; expected one of " + known);
  }
  const std::string format = source.format == "auto" ? detect_format(source.path) : source.format;
  if ((!source.item_features.empty() || !source.item_titles.empty() || !source.user_features.empty()) &&
      format != "generic")
    throw std::invalid_argument("--item-features, --user-features and --item-titles describe an interactions file's "
                                "items and users; the " + format + " format reads its own files");
  if (!source.columns.empty() && format != "generic")
    throw std::invalid_argument("--columns names the columns of an interactions file; the " + format +
                                " format's columns are fixed");
  if (format == "builtin") {
    if (!source.path.empty())
      throw std::invalid_argument("--format builtin reads no file, but --data " + source.path.string() +
                                  " was given: leave out one of them");
    return builtin_dataset(source.builtin_seed);
  }
  if (source.path.empty()) throw std::invalid_argument("format " + format + " needs a path (--data)");
  if (format == "ml100k") return load_movielens_100k(movielens_folder(source.path, format, "u.data"));
  if (format == "ml1m") return load_movielens_1m(movielens_folder(source.path, format, "ratings.dat"));
  if (format == "ml20m") return load_movielens_csv(movielens_folder(source.path, format, "ratings.csv"));

  GenericPaths paths{source.path,           source.user_features,  source.item_features, source.columns,
                     source.item_id_column, source.user_id_column, source.item_titles,   source.item_titles_column};
  if (fs::is_directory(source.path)) {
    paths.interactions = source.path / "interactions.csv";
    for (auto [given, name] : {std::pair{&paths.user_features, "user_features.csv"},
                               std::pair{&paths.item_features, "item_features.csv"}})
      if (given->empty() && fs::is_regular_file(source.path / name)) *given = source.path / name;
  }
  Dataset ds = load_generic(paths);
  if (fs::is_directory(source.path)) ds.name = movielens::dir_name(source.path);
  return ds;
}

}  // namespace recgrad::data
