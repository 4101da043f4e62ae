// bench_parse: how fast the generic loader reads an interactions file. Writes a
// `user,item,rating,timestamp` CSV of --lines lines (default 10 million; 100 000 users,
// 20 000 items, half-star ratings, 9-digit timestamps, so ~25 bytes a line) to /tmp,
// then times the full load_generic (read, split, from_chars, id maps, duplicate rule,
// features) --repetitions times. Prints one JSON object: lines, bytes, the median and
// fastest load, and MB/s (1e6 bytes per second) at the median. Removes the file after.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "autodiff/random.hpp"
#include "io/atomic_file.hpp"
#include "data/generic.hpp"

namespace {

namespace rd = recgrad::data;
using recgrad::AtomicFile;

void write_file(const std::filesystem::path& path, std::int64_t lines, std::uint64_t seed) {
  recgrad::Rng rng(seed);
  AtomicFile out(path);
  for (std::int64_t k = 0; k < lines; ++k) {
    out.write_number(static_cast<std::int64_t>(1 + rng.below(100000)));
    out.write(",");
    out.write_number(static_cast<std::int64_t>(1 + rng.below(20000)));
    out.write(",");
    out.write_number(0.5f * static_cast<float>(1 + rng.below(10)));
    out.write(",");
    out.write_number(static_cast<std::int64_t>(874724710 + rng.below(200000000)));
    out.write("\n");
  }
  out.commit();
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t lines = 10'000'000;
  int repetitions = 5;
  std::uint64_t seed = 1;
  std::string path = "/tmp/recgrad_bench_parse_" + std::to_string(::getpid()) + ".csv";
  bool keep = false;
  CLI::App app{"Times loading a generated interactions CSV; prints one JSON object."};
  app.add_option("--lines", lines, "lines in the generated file")->check(CLI::PositiveNumber);
  app.add_option("--repetitions", repetitions, "timed loads (median reported)")->check(CLI::Range(1, 1000));
  app.add_option("--seed", seed);
  app.add_option("--path", path, "where to write the file");
  app.add_flag("--keep", keep, "keep the file afterwards");
  CLI11_PARSE(app, argc, argv);

  try {
    write_file(path, lines, seed);
    const auto bytes = static_cast<std::int64_t>(std::filesystem::file_size(path));
    std::vector<double> seconds;
    rd::Dataset ds;
    for (int r = 0; r < repetitions; ++r) {
      ds = rd::Dataset{};  // free the previous copy before timing the next load
      const auto start = std::chrono::steady_clock::now();
      ds = rd::load_generic({path, {}, {}});
      seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    if (!keep) std::filesystem::remove(path);
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];
    const nlohmann::ordered_json result = {
        {"lines", lines},
        {"bytes", bytes},
        {"repetitions", repetitions},
        {"seconds_median", median},
        {"seconds_min", seconds.front()},
        {"mb_per_s", static_cast<double>(bytes) / 1e6 / median},
        {"lines_per_s", static_cast<double>(lines) / median},
        {"interactions", ds.num_interactions()},
        {"duplicates", ds.report.duplicates},
        {"users", ds.num_users()},
        {"items", ds.num_items()}};
    std::cout << result.dump(2) << "\n";
  } catch (const std::exception& e) {
    std::error_code ignored;
    if (!keep) std::filesystem::remove(path, ignored);
    std::cerr << "bench_parse: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
