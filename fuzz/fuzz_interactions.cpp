// One interactions file, as `--data FILE` reads it: format detection (delimiter, column
// count, header), the lines, the id numbering, then a random split of what loaded.
#include <cstdint>

#include "data/load.hpp"
#include "data/split.hpp"
#include "fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = recgrad::fuzz::write_file(recgrad::fuzz::fresh_scratch() / "ratings.csv",
                                              {reinterpret_cast<const char*>(data), size});
  recgrad::fuzz::expect_clean_errors([&] {
    const recgrad::data::Dataset ds = recgrad::data::load_dataset({.path = path});
    recgrad::data::make_split(ds, {.name = "random", .seed = 1});
  });
  return 0;
}
