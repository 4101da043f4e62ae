// Arbitrary bytes as a model file (`--model-file`, `--resume`). The file size in the
// header and the checksum at the end are recomputed for every input that has room for
// them: otherwise nearly every input would stop at the checksum, and the parsing behind
// it (metadata JSON, id maps, feature rows, tensors, optimiser and model state, history)
// would never be reached. The checksum check itself is tested in tests/files.
#include <cstdint>
#include <cstring>
#include <vector>

#include "fuzz/fuzz_util.hpp"
#include "io/model_file.hpp"
#include "io/model_file_format.hpp"

namespace {

void put_u64(char* at, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) at[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace recgrad::model_file;
  std::vector<char> bytes(reinterpret_cast<const char*>(data), reinterpret_cast<const char*>(data) + size);
  if (bytes.size() >= kHeaderBytes + kChecksumBytes) {
    put_u64(bytes.data() + sizeof kMagic + 4, bytes.size());
    put_u64(bytes.data() + bytes.size() - kChecksumBytes, checksum(bytes.data(), bytes.size() - kChecksumBytes));
  }
  recgrad::fuzz::expect_clean_errors([&] {
    recgrad::SavedModel saved = recgrad::load_model_from_bytes(bytes, "fuzz.rgm");
    // What eval and recommend do first with a loaded model: its served items, one user's scores.
    if (saved.has_history) saved.seen_items();
    std::vector<float> scores(static_cast<std::size_t>(saved.model->num_items()));
    saved.model->score_users(0, 1, scores);
  });
  return 0;
}
