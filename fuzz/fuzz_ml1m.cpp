// A MovieLens 1M folder: ratings.dat, movies.dat, users.dat ("::"-separated, Latin-1;
// the input's three parts, fuzz_util.hpp).
#include <cstdint>

#include "data/load.hpp"
#include "fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& dir = recgrad::fuzz::fresh_scratch();
  recgrad::fuzz::write_parts(dir, recgrad::fuzz::split_parts(data, size, 3), {"ratings.dat", "movies.dat", "users.dat"});
  recgrad::fuzz::expect_clean_errors([&] { recgrad::data::load_dataset({.path = dir, .format = "ml1m"}); });
  return 0;
}
