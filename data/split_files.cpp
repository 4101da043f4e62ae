#include "data/split_files.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <utility>

#include "data/line_reader.hpp"
#include "data/text.hpp"
#include "io/atomic_file.hpp"

namespace recgrad::data {

namespace {

void refuse_unwritable_id(const std::string& id, const char* kind) {
  if (id.find_first_of(",\"\r\n") != std::string::npos)
    throw std::invalid_argument(std::string("split files are plain CSV, and ") + kind + " id " + data::quoted(id) +
                                " holds a comma, quote or line break");
}

void write_part(const Dataset& ds, const std::vector<std::int32_t>& rows, const std::filesystem::path& path) {
  AtomicFile out(path);
  out.write("user,item");
  if (ds.has_ratings) out.write(",rating");
  if (ds.has_timestamps) out.write(",timestamp");
  out.write("\n");
  const Interactions& in = ds.interactions;
  for (const std::int32_t r : rows) {
    const std::string& user = ds.users.raw(in.users[r]);
    const std::string& item = ds.items.raw(in.items[r]);
    refuse_unwritable_id(user, "user");
    refuse_unwritable_id(item, "item");
    out.write(user);
    out.write(",");
    out.write(item);
    if (ds.has_ratings) {
      out.write(",");
      out.write_number(in.ratings[r]);
    }
    if (ds.has_timestamps) {
      out.write(",");
      out.write_number(in.timestamps[r]);
    }
    out.write("\n");
  }
  out.commit();
}

// A part's rows; a file with its header alone is an empty part.
std::vector<std::int32_t> read_part(const Dataset& ds, const std::filesystem::path& path,
                                    const std::vector<std::int32_t>& by_pair) {
  if (!std::filesystem::exists(path))
    throw DataError(path.string() + ": no such file (a split folder holds train.csv, validation.csv and test.csv, "
                    "as `recgrad split --out` writes them)");
  LineReader reader(path);
  std::string_view line;
  int lines = 0;
  while (lines < 2 && reader.next(line)) lines += !trim(line).empty();
  if (lines < 2) return {};
  return rows_of_file(ds, path, by_pair, detect_interaction_format(path));
}

std::vector<std::int32_t> read_cold_items(const Dataset& ds, const std::filesystem::path& path) {
  std::vector<std::int32_t> items;
  if (!std::filesystem::exists(path)) return items;
  LineReader reader(path);
  std::string_view line;
  bool header = true;
  while (reader.next(line)) {
    const std::string_view id = trim(line);
    if (id.empty()) continue;
    if (std::exchange(header, false)) {
      if (id != "item") throw_data_error(path, reader.line_number(), id, "the header \"item\"");
      continue;
    }
    const std::optional<std::int32_t> found = ds.items.find(std::string(id));
    if (!found) throw_data_error(path, reader.line_number(), id, "an item id of the data");
    items.push_back(*found);
  }
  std::sort(items.begin(), items.end());
  return items;
}

// No record in two parts; no cold item trained on.
void check_parts(const Dataset& ds, const Split& s, const SplitFiles& files) {
  const std::pair<const std::vector<std::int32_t>*, const std::filesystem::path*> parts[] = {
      {&s.train, &files.train}, {&s.validation, &files.validation}, {&s.test, &files.test}};
  for (std::size_t a = 0; a < 3; ++a)
    for (std::size_t b = a + 1; b < 3; ++b)
      refuse_shared_records(ds, *parts[a].first, *parts[a].second, *parts[b].first, *parts[b].second);
  for (const std::int32_t r : s.train)
    if (std::binary_search(s.cold_items.begin(), s.cold_items.end(), ds.interactions.items[r]))
      throw DataError(files.train.string() + ": item " + ds.items.raw(ds.interactions.items[r]) + " is listed in " +
                      files.cold_items.string() + " as held out of training, yet has a training record");
}

}  // namespace

void refuse_shared_records(const Dataset& ds, const std::vector<std::int32_t>& first,
                           const std::filesystem::path& first_file, const std::vector<std::int32_t>& second,
                           const std::filesystem::path& second_file) {
  std::vector<std::int32_t> both;
  std::set_intersection(first.begin(), first.end(), second.begin(), second.end(), std::back_inserter(both));
  if (both.empty()) return;
  throw DataError(second_file.string() + ": user " + ds.users.raw(ds.interactions.users[both[0]]) + ", item " +
                  ds.items.raw(ds.interactions.items[both[0]]) + " is also in " + first_file.string() + " (and " +
                  std::to_string(both.size() - 1) + " more records)");
}

SplitFiles split_file_paths(const std::filesystem::path& dir) {
  return {dir / "train.csv", dir / "validation.csv", dir / "test.csv", dir / "cold_items.csv"};
}

SplitFiles write_split_files(const Dataset& ds, const Split& split, const std::filesystem::path& dir) {
  SplitFiles files = split_file_paths(dir);
  for (const auto* path : {&files.train, &files.validation, &files.test, &files.cold_items})
    if (std::filesystem::exists(*path))
      throw std::invalid_argument(path->string() + " already exists: a split is never written over another "
                                  "(choose another --out folder)");
  std::filesystem::create_directories(dir);
  write_part(ds, split.train, files.train);
  write_part(ds, split.validation, files.validation);
  write_part(ds, split.test, files.test);
  if (split.cold_items.empty()) {
    files.cold_items.clear();
    return files;
  }
  AtomicFile cold(files.cold_items);
  cold.write("item\n");
  for (const std::int32_t i : split.cold_items) {
    refuse_unwritable_id(ds.items.raw(i), "item");
    cold.write(ds.items.raw(i));
    cold.write("\n");
  }
  cold.commit();
  return files;
}

Split read_split_files(const Dataset& ds, const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir))
    throw DataError(dir.string() + ": not a folder (--split-from takes the folder `recgrad split --out` wrote)");
  const SplitFiles files = split_file_paths(dir);
  const std::vector<std::int32_t> by_pair = rows_by_pair(ds);
  Split s;
  s.train = read_part(ds, files.train, by_pair);
  s.validation = read_part(ds, files.validation, by_pair);
  s.test = read_part(ds, files.test, by_pair);
  s.cold_items = read_cold_items(ds, files.cold_items);
  check_parts(ds, s, files);
  if (s.train.empty()) throw DataError(files.train.string() + ": no training records");
  s.unassigned = ds.num_interactions() - static_cast<std::int64_t>(s.train.size() + s.validation.size() + s.test.size());
  return s;
}

std::vector<std::int32_t> rows_by_pair(const Dataset& ds) {
  std::vector<std::int32_t> rows = all_rows(ds);
  const Interactions& in = ds.interactions;
  std::sort(rows.begin(), rows.end(), [&](std::int32_t a, std::int32_t b) {
    return std::pair(in.users[a], in.items[a]) < std::pair(in.users[b], in.items[b]);
  });
  return rows;
}

std::vector<std::int32_t> rows_of_file(const Dataset& ds, const std::filesystem::path& path,
                                       const std::vector<std::int32_t>& by_pair, InteractionFormat format) {
  IdMap users = ds.users, items = ds.items;  // read-only use: unknown ids are errors
  format.add_users = false;
  format.add_items = false;
  Interactions part;
  LoadReport report;
  read_interactions(path, format, users, items, part, report);
  const Interactions& in = ds.interactions;
  auto less = [&](std::int32_t row, std::pair<std::int32_t, std::int32_t> key) {
    return std::pair(in.users[row], in.items[row]) < key;
  };
  std::vector<std::int32_t> rows(static_cast<std::size_t>(part.size()));
  for (std::int64_t k = 0; k < part.size(); ++k) {
    const std::pair key(part.users[k], part.items[k]);
    const auto it = std::lower_bound(by_pair.begin(), by_pair.end(), key, less);
    if (it == by_pair.end() || std::pair(in.users[*it], in.items[*it]) != key)
      throw DataError(path.string() + ": record " + std::to_string(k + 1) + " (user " + users.raw(key.first) +
                      ", item " + items.raw(key.second) + ") is not among the data set's interactions");
    rows[k] = *it;
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace recgrad::data
