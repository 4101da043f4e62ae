// Model files of versions 1 and 2, which kept fixed keys where version 3 keeps a model's
// declared options, still load.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "files_test_util.hpp"
#include "models/registry.hpp"

using namespace files_test;

TEST_CASE("a version 1 file still loads, version 1 cannot claim a feature model") {
  ScratchDir dir;
  // A version 1 file is a version 2 file without the feature rows, model state and the
  // keys added to the metadata; rebuild one from a tiny lmf.
  const TinyLmf tiny;
  const auto& model = tiny.model;
  const ModelInfo& info = tiny.info;
  const auto path = dir / "v3.rgm";
  save_model(path, *model, info);
  const std::vector<char> v2 = read_bytes(path);

  const auto v1_file = [&](const std::string& type) {
    const std::size_t at = model_file::kHeaderBytes;
    std::uint64_t meta_bytes = 0;
    for (int b = 0; b < 8; ++b) meta_bytes |= std::uint64_t{static_cast<unsigned char>(v2[at + b])} << (8 * b);
    nlohmann::json meta = nlohmann::json::parse(std::string(v2.data() + at + 8, meta_bytes));
    // Version 1's keys: the settings under "model" and "training", no options.
    const nlohmann::json o = meta["options"], stats = meta["statistics"];
    meta["model"] = {{"dim", o["dim"]}, {"init_std", o["init-std"]}, {"l2", o["l2"]}, {"alpha", o["alpha"]},
                     {"global_mean", stats["global_mean"]}, {"rating_min", stats["rating_min"]},
                     {"rating_max", stats["rating_max"]}};
    nlohmann::json& t = meta["training"];
    t.update({{"refit", o["refit"]}, {"metric", o["metric"]}, {"patience", o["patience"]},
              {"lr_decay", o["lr-decay"]}, {"batch_size", o["batch"]}, {"negatives", o["negatives"]},
              {"sampling_alpha", 0.0}, {"confidence_alpha", o["alpha"]}});
    meta["counts"]["parameters"] = meta["counts"]["tensors"];
    for (const char* key : {"model_state", "tensors", "history", "cold_items"}) meta["counts"].erase(key);
    for (const char* key : {"options", "statistics", "test"}) meta.erase(key);
    meta["type"] = type;
    const std::string text = meta.dump();
    std::vector<char> out(v2.begin(), v2.begin() + static_cast<std::ptrdiff_t>(at));
    for (int b = 0; b < 8; ++b) out.push_back(static_cast<char>((text.size() >> (8 * b)) & 0xff));
    out.insert(out.end(), text.begin(), text.end());
    // Ids, then the empty feature rows (two of: u64 0 rows, u64 offset 0, u64 0 entries,
    // u32 0 fields, u32 0 names) to drop, then parameters and optimiser state, then the
    // model state count (u32 0), the history (u64 0: none), the held-out items (u32 0)
    // and the checksum.
    const std::size_t ids = at + 8 + meta_bytes;
    const std::size_t empty_features = 2 * (8 + 8 + 8 + 4 + 4);
    const std::vector<char> empty = {0, 0, 0, 0, 0, 0, 0, 0};
    // users (u32 count, 3 x (u32 length, 2 bytes)), items (4 of them), titles (u32 0).
    const std::size_t features = ids + (4 + 3 * 6) + (4 + 4 * 6) + 4;
    const auto byte = [&](std::size_t n) { return v2.begin() + static_cast<std::ptrdiff_t>(n); };
    REQUIRE(std::all_of(byte(features), byte(features + empty_features), [](char c) { return c == 0; }));
    out.insert(out.end(), byte(ids), byte(features));
    out.insert(out.end(), byte(features + empty_features), v2.end() - 24);
    out.insert(out.end(), empty.begin(), empty.end());  // room for the checksum
    out[8] = 1;
    for (int b = 0; b < 8; ++b) out[12 + b] = static_cast<char>((out.size() >> (8 * b)) & 0xff);
    reseal(out);
    return out;
  };
  const auto old = dir / "v1.rgm";
  write_bytes(old, v1_file("lmf"));
  const SavedModel loaded = load_model(old, "lmf");
  CHECK(same_bits(all_scores(*loaded.model), all_scores(*model)));
  CHECK(loaded.options.integer("dim") == 2);
  CHECK(loaded.options.real("lr") == model_spec("lmf").default_options().real("lr"));  // not in version 1: the default
  CHECK_FALSE(loaded.has_history);
  CHECK(load_error(old, v1_file("fm")).find("a version 1 file cannot hold a 'fm' model") != std::string::npos);
}
