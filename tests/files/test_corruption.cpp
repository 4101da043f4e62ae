// Damaged, foreign and mismatched model files each get an error that says what is
// wrong, and a failed save never replaces a good file.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "files_test_util.hpp"
#include "models/lmf_full.hpp"
#include "models/model_file_format.hpp"

using namespace files_test;

namespace {

// The error message load_model gives for `bytes` written to `path`; "" if it loads.
std::string load_error(const std::filesystem::path& path, const std::vector<char>& bytes,
                       std::string_view expected_type = {}) {
  write_bytes(path, bytes);
  try {
    load_model(path, expected_type);
  } catch (const ModelFileError& e) {
    return e.what();
  }
  return "";
}

// Offset of the first byte of `name`'s float data: the parameter section writes the
// name, then two u64 dimensions.
std::size_t data_offset(const std::vector<char>& bytes, const std::string& name) {
  const auto it = std::search(bytes.begin(), bytes.end(), name.begin(), name.end());
  REQUIRE(it != bytes.end());
  return static_cast<std::size_t>(it - bytes.begin()) + name.size() + 16;
}

// Recomputes the checksum after a deliberate edit: the loader's later checks are reached.
void reseal(std::vector<char>& bytes) {
  const std::uint64_t sum = model_file::checksum(bytes.data(), bytes.size() - 8);
  for (int i = 0; i < 8; ++i) bytes[bytes.size() - 8 + i] = static_cast<char>((sum >> (8 * i)) & 0xff);
}

}  // namespace

TEST_CASE("a truncated model file is reported as truncated, wherever it is cut") {
  ScratchDir dir;
  const std::vector<char> good = read_bytes(saved_file(dir, "bpr"));
  REQUIRE(good.size() > 100000);
  const auto cut = dir / "cut.rgm";
  for (const std::size_t n : {std::size_t{3}, std::size_t{8}, std::size_t{15}, std::size_t{25}, good.size() / 3,
                              good.size() / 2, good.size() - 9, good.size() - 1}) {
    CAPTURE(n);
    const std::string error = load_error(cut, {good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n)});
    CHECK(error.find("truncated") != std::string::npos);
    CHECK(error.find(cut.string()) != std::string::npos);  // names the file
  }
  CHECK(load_error(cut, {}).find("the file is empty") != std::string::npos);
}

TEST_CASE("one flipped byte anywhere is caught") {
  ScratchDir dir;
  const std::vector<char> good = read_bytes(saved_file(dir, "bpr"));
  const auto bad = dir / "bad.rgm";
  const std::size_t item_data = data_offset(good, "item_factors");
  const std::size_t state_data = data_offset(good, "item_factors.sum_sq");
  REQUIRE(state_data > item_data);
  // Metadata, ids, titles, inside the factors, a bias, the optimiser state, the checksum.
  for (const std::size_t at : {std::size_t{30}, std::size_t{600}, item_data - 40, item_data, item_data + 12345,
                               data_offset(good, "item_bias") + 2, state_data + 777, good.size() - 3}) {
    CAPTURE(at);
    std::vector<char> bytes = good;
    bytes[at] = static_cast<char>(bytes[at] ^ 0x10);
    const std::string error = load_error(bad, bytes);
    CHECK(error.find("checksum mismatch") != std::string::npos);
    CHECK(error.find(bad.string()) != std::string::npos);
  }
  // In the header the field itself says what broke.
  std::vector<char> bytes = good;
  bytes[0] ^= 1;
  CHECK(load_error(bad, bytes).find("not a recgrad model file") != std::string::npos);
  bytes = good;
  bytes[13] ^= 1;  // the stated file size
  const std::string size_error = load_error(bad, bytes);
  CHECK((size_error.find("truncated") != std::string::npos || size_error.find("more than") != std::string::npos));
}

TEST_CASE("foreign files, other versions and other model types are refused by name") {
  ScratchDir dir;
  const auto path = saved_file(dir, "bpr");
  const std::vector<char> good = read_bytes(path);
  const auto other = dir / "other.rgm";

  std::vector<char> zip = good;
  std::copy_n("PK\x03\x04", 4, zip.begin());
  CHECK(load_error(other, zip).find("not a recgrad model file") != std::string::npos);
  std::string text = "user,item,rating\n1,2,5\n";
  CHECK(load_error(other, {text.begin(), text.end()}).find("not a recgrad model file") != std::string::npos);

  std::vector<char> v2 = good;
  v2[8] = 2;
  CHECK(load_error(other, v2).find("format version 2 is not supported") != std::string::npos);

  CHECK_THROWS_WITH_AS(load_model(path, "lmf"), doctest::Contains("holds a 'bpr' model, not the 'lmf' model expected"),
                       ModelFileError);
  CHECK(load_model(path, "bpr").type() == "bpr");

  CHECK_THROWS_WITH_AS(load_model(dir / "missing.rgm"), doctest::Contains("cannot open the model file"), ModelFileError);
  CHECK_THROWS_WITH_AS(load_model(dir.path()), doctest::Contains("is a directory"), ModelFileError);
}

TEST_CASE("a file whose parameters do not fit its settings is refused, checksum or not") {
  ScratchDir dir;
  const std::vector<char> good = read_bytes(saved_file(dir, "bpr"));
  const auto bad = dir / "edited.rgm";
  const std::string dim = "\"dim\":32";
  REQUIRE(std::search(good.begin(), good.end(), dim.begin(), dim.end()) != good.end());

  // The metadata says dim 16, the tensors are 32 wide: an edit that kept the checksum right.
  std::vector<char> bytes = good;
  std::copy_n("\"dim\":16", dim.size(), std::search(bytes.begin(), bytes.end(), dim.begin(), dim.end()));
  reseal(bytes);
  const std::string error = load_error(bad, bytes);
  CHECK(error.find("is [1000 x 32] but the model's settings and id maps make it [1000 x 16]") != std::string::npos);

  // A parameter renamed: a BPR model has no such thing.
  bytes = good;
  const std::string name = "item_factors";
  std::copy_n("item_factorz", name.size(), std::search(bytes.begin(), bytes.end(), name.begin(), name.end()));
  reseal(bytes);
  CHECK(load_error(bad, bytes).find("a 'bpr' model has no parameter 'item_factorz'") != std::string::npos);

  // A type the loader does not know.
  bytes = good;
  const std::string type = "\"type\":\"bpr\"";
  std::copy_n("\"type\":\"xyz\"", type.size(), std::search(bytes.begin(), bytes.end(), type.begin(), type.end()));
  reseal(bytes);
  CHECK(load_error(bad, bytes).find("unknown model type 'xyz'") != std::string::npos);
}

TEST_CASE("a failed save leaves the earlier file in place and no temporary behind") {
  ScratchDir dir;
  const auto path = dir / "model.rgm";
  const RunOutcome& run = trained("bpr");
  save_model(path, *run.model, model_info(run, builtin(), split()));
  const std::vector<char> good = read_bytes(path);

  // A bigger model whose last optimiser tensor holds a NaN: the save fails after more
  // than a megabyte (the temporary file's first flush) has gone to disk.
  ModelConfig config;
  config.dim = 64;
  const auto big = make_model<float>("lmf", config, model_data(builtin()), 3);
  ModelInfo info;
  info.config = config;
  info.users = builtin().users;
  info.items = builtin().items;
  SavedOptimizer& opt = info.training.optimizer.emplace();
  opt.config.kind = "adagrad";
  for (Param<float>* p : big->params()) opt.state.push_back({p->name() + ".sum_sq", p->value});
  save_model(dir / "big.rgm", *big, info);  // sound: it saves
  CHECK(std::filesystem::file_size(dir / "big.rgm") > (std::size_t{1} << 20) + 100000);
  Tensor<float>& last = opt.state.back().value;
  last.data()[last.size() - 1] = std::numeric_limits<float>::quiet_NaN();

  CHECK_THROWS_WITH_AS(save_model(path, *big, info), doctest::Contains("model not saved"), ModelFileError);
  CHECK(read_bytes(path) == good);
  CHECK(load_model(path).type() == "bpr");
  std::vector<std::string> names = dir.entries();
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"big.rgm", "model.rgm"});

  // A directory that does not exist: an error, and nothing created.
  CHECK_THROWS_WITH_AS(save_model(dir / "no-such-dir" / "m.rgm", *run.model, model_info(run, builtin(), split())),
                       doctest::Contains("cannot save the model"), ModelFileError);
  CHECK(!std::filesystem::exists(dir / "no-such-dir"));
}

TEST_CASE("save refuses a description that does not fit the model") {
  ScratchDir dir;
  const RunOutcome& run = trained("bpr");
  ModelInfo info = model_info(run, builtin(), split());
  info.titles.assign(static_cast<std::size_t>(builtin().num_items()) - 1, "a title");
  CHECK_THROWS_WITH_AS(save_model(dir / "m.rgm", *run.model, info), doctest::Contains("titles for"), ModelFileError);
  info = model_info(run, builtin(), split());
  info.config.dim = 8;
  CHECK_THROWS_WITH_AS(save_model(dir / "m.rgm", *run.model, info), doctest::Contains("settings say dim 8"),
                       ModelFileError);
  // A model the format does not cover (yet): refused by name rather than written half-understood.
  const LogisticMfFull<float> full(ModelConfig{}, builtin().user_items(), 1);
  CHECK_THROWS_WITH_AS(save_model(dir / "full.rgm", full, model_info(run, builtin(), split())),
                       doctest::Contains("model files do not hold 'lmf-full' models"), ModelFileError);
  CHECK(dir.entries().empty());
}

TEST_CASE("any one byte changed under a valid checksum loads or is refused, never worse") {
  // A tiny model, so that every position of its file can be tried: what a damaged
  // file that slipped past the checksum (or a hand-made one) can do to the loader.
  ScratchDir dir;
  ModelConfig config;
  config.dim = 2;
  const auto model = make_model<float>("lmf", config, ModelData{3, 4}, 5);
  ModelInfo info;
  info.config = config;
  for (const char* u : {"u1", "u2", "u3"}) info.users.insert(u);
  for (const char* i : {"i1", "i2", "i3", "i4"}) info.items.insert(i);
  info.titles = {"A", "B", "C", "D"};
  SavedOptimizer& opt = info.training.optimizer.emplace();
  opt.config.kind = "adagrad";
  for (Param<float>* p : model->params()) opt.state.push_back({p->name() + ".sum_sq", p->value});
  const auto path = dir / "tiny.rgm";
  save_model(path, *model, info);
  const std::vector<char> good = read_bytes(path);
  REQUIRE(good.size() < 4096);

  int loaded = 0, refused = 0;
  for (std::size_t at = model_file::kHeaderBytes; at + model_file::kChecksumBytes < good.size(); ++at) {
    for (const unsigned char value : {0x00, 0x7f, 0xff}) {
      std::vector<char> bytes = good;
      if (bytes[at] == static_cast<char>(value)) continue;
      bytes[at] = static_cast<char>(value);
      reseal(bytes);
      // A new name each time: rewriting one file in place makes ext4 flush it to disk.
      const auto variant = dir / ("v" + std::to_string(at) + "-" + std::to_string(value) + ".rgm");
      write_bytes(variant, bytes);
      try {
        load_model(variant);
        ++loaded;  // e.g. a changed parameter value or title: still a well-formed file
      } catch (const ModelFileError&) {
        ++refused;
      }
      std::filesystem::remove(variant);
    }
  }
  CHECK(loaded > 0);
  CHECK(refused > 0);
}
