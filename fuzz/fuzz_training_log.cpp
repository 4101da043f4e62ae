// A training log (`train --log`), as `recgrad export` reads it for the curves: runs,
// epochs, and one metric across the last run's epochs.
#include <cstdint>

#include "fuzz/fuzz_util.hpp"
#include "io/training_log.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = recgrad::fuzz::write_file(recgrad::fuzz::fresh_scratch() / "train.log",
                                              {reinterpret_cast<const char*>(data), size});
  recgrad::fuzz::expect_clean_errors([&] {
    const recgrad::TrainingLog log = recgrad::read_training_log(path);
    log.metric("ndcg@10");
  });
  return 0;
}
