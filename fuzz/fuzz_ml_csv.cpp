// A MovieLens 20M / latest folder: ratings.csv and movies.csv with headers, titles in
// RFC 4180 quotes (the input's two parts, fuzz_util.hpp).
#include <cstdint>

#include "data/load.hpp"
#include "fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& dir = recgrad::fuzz::fresh_scratch();
  recgrad::fuzz::write_parts(dir, recgrad::fuzz::split_parts(data, size, 2), {"ratings.csv", "movies.csv"});
  recgrad::fuzz::expect_clean_errors([&] { recgrad::data::load_dataset({.path = dir, .format = "ml20m"}); });
  return 0;
}
