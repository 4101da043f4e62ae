// A MovieLens 100K folder: u.data, u.item, u.user and the shipped split u1.base/u1.test
// (the input's five parts, fuzz_util.hpp); the split files are read by make_split.
#include <cstdint>

#include "data/load.hpp"
#include "data/split.hpp"
#include "fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& dir = recgrad::fuzz::fresh_scratch();
  recgrad::fuzz::write_parts(dir, recgrad::fuzz::split_parts(data, size, 5),
                             {"u.data", "u.item", "u.user", "u1.base", "u1.test"});
  recgrad::fuzz::expect_clean_errors([&] {
    const recgrad::data::Dataset ds = recgrad::data::load_dataset({.path = dir, .format = "ml100k"});
    recgrad::data::make_split(ds, {.name = "u1"});
  });
  return 0;
}
