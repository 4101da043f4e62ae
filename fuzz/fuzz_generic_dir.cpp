// A folder as `recgrad generate` writes it: interactions.csv, user_features.csv and
// item_features.csv (the input's three parts, fuzz_util.hpp), read by `--data DIR`.
#include <cstdint>

#include "data/load.hpp"
#include "fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& dir = recgrad::fuzz::fresh_scratch();
  recgrad::fuzz::write_parts(dir, recgrad::fuzz::split_parts(data, size, 3),
                             {"interactions.csv", "user_features.csv", "item_features.csv"});
  recgrad::fuzz::expect_clean_errors([&] { recgrad::data::load_dataset({.path = dir}); });
  return 0;
}
