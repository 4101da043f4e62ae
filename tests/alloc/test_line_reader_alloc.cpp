// A LineReader sizes its buffer to a small file instead of taking a whole 4 MiB chunk
// (data/line_reader.cpp): a loader opening a few small files (u.user, feature files, a
// fuzz input) no longer zeroes megabytes per file. A file that grows after it was opened
// still reads whole.
#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <vector>

#include "alloc/alloc_count.hpp"
#include "data/line_reader.hpp"
#include "support/temp_dir.hpp"

using namespace recgrad;

TEST_CASE("a line reader over a small file allocates about the file's size, not a whole chunk") {
  const testing::TempDir dir;
  const auto path = dir.write("small.csv", "1,2\n3,4\n");
  const long before = allocated_bytes();
  data::LineReader reader(path);
  CHECK(allocated_bytes() - before < 64 * 1024);
  std::string_view line;
  REQUIRE(reader.next(line));
  CHECK(line == "1,2");
}

TEST_CASE("a file that grows after the reader sized its buffer is still read whole") {
  const testing::TempDir dir;
  const auto path = dir.write("growing.csv", "a\n");
  data::LineReader reader(path);
  const std::string long_line(100000, 'x');
  std::ofstream(path, std::ios::app) << long_line << "\nlast";
  std::vector<std::string> lines;
  for (std::string_view line; reader.next(line);) lines.emplace_back(line);
  CHECK(lines == std::vector<std::string>{"a", long_line, "last"});
}
