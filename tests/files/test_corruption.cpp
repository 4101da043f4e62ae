// Damaged, foreign and mismatched model files each get an error that says what is
// wrong, and a failed save never replaces a good file.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "models/registry.hpp"
#include "files_test_util.hpp"
#include "io/model_file_format.hpp"

using namespace files_test;

namespace {

// Offset of the first byte of `name`'s float data: the parameter section writes the
// name, then two u64 dimensions.
std::size_t data_offset(const std::vector<char>& bytes, const std::string& name) {
  const auto it = std::search(bytes.begin(), bytes.end(), name.begin(), name.end());
  REQUIRE(it != bytes.end());
  return static_cast<std::size_t>(it - bytes.begin()) + name.size() + 16;
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

  std::vector<char> v4 = good;
  v4[8] = 4;
  CHECK(load_error(other, v4).find("format version 4 is not supported (this build reads versions 1 to 3)") !=
        std::string::npos);

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
  CHECK(load_error(bad, bytes).find("a 'bpr' model has no tensor 'item_factorz'") != std::string::npos);

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
  info.options = options_for("lmf", config);
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
  info.options.set("dim", std::int64_t{8});
  CHECK_THROWS_WITH_AS(save_model(dir / "m.rgm", *run.model, info), doctest::Contains("but the settings make"),
                       ModelFileError);
  CHECK(dir.entries().empty());
}

namespace {

struct FlipOutcome {
  int loaded = 0, refused = 0;
};

// Sets each byte after the header of a good file to 0x00, 0x7f and 0xff in turn (checksum
// resealed, so the parser itself is tested), and loads each variant: it must either load,
// and then pass `use`, or be refused with a ModelFileError. Anything else fails the test.
template <class Use>
FlipOutcome change_every_byte(const std::filesystem::path& dir, const std::vector<char>& good, Use use) {
  FlipOutcome outcome;
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
        use(load_model(variant));
        ++outcome.loaded;
      } catch (const ModelFileError&) {
        ++outcome.refused;
      }
      std::filesystem::remove(variant);
    }
  }
  return outcome;
}

}  // namespace

TEST_CASE("any one byte changed under a valid checksum loads or is refused, never worse") {
  // A tiny model, so that every position of its file can be tried: what a damaged
  // file that slipped past the checksum (or a hand-made one) can do to the loader.
  ScratchDir dir;
  TinyLmf tiny;
  const auto& model = tiny.model;
  ModelInfo& info = tiny.info;
  info.titles = {"A", "B", "C", "D"};
  SavedOptimizer& opt = info.training.optimizer.emplace();
  opt.config.kind = "adagrad";
  for (Param<float>* p : model->params()) opt.state.push_back({p->name() + ".sum_sq", p->value});
  const auto path = dir / "tiny.rgm";
  save_model(path, *model, info);
  const std::vector<char> good = read_bytes(path);
  REQUIRE(good.size() < 4096);

  // e.g. a changed parameter value or title still makes a well-formed file
  const FlipOutcome outcome = change_every_byte(dir.path(), good, [](const SavedModel&) {});
  CHECK(outcome.loaded > 0);
  CHECK(outcome.refused > 0);
}

namespace {

// A tiny feature model (3 users with only their ids, 4 items with ids and genres) and
// what its file needs: small enough to damage at every byte.
struct TinyFeatureModel {
  data::IdMap users, items;
  data::FeatureMatrix user_features, item_features;
  ModelInfo info;
  std::unique_ptr<Model<float>> model;

  explicit TinyFeatureModel(const std::string& type) {
    for (const char* u : {"u1", "u2", "u3"}) users.insert(u);
    for (const char* i : {"i1", "i2", "i3", "i4"}) items.insert(i);
    user_features = data::FeatureBuilder("user_id", users).build();
    data::FeatureBuilder genres("item_id", items);
    const std::int32_t genre = genres.add_field("genre");
    genres.add(0, genre, "drama");
    genres.add(1, genre, "comedy", 0.5f);
    genres.add(1, genre, "drama", 0.5f);
    genres.add(3, genre, "comedy");
    item_features = genres.build();
    info.config.dim = 2;
    info.options = options_for(type, info.config);
    model = make_model<float>(type, info.config, ModelData{3, 4, &user_features, &item_features}, 5);
    info.users = users;
    info.items = items;
    info.user_features = user_features;
    info.item_features = item_features;
  }
};

// Where `values`, as consecutive little-endian integers of type U, first occur in `bytes`.
template <class U>
std::size_t find_integers(const std::vector<char>& bytes, std::initializer_list<U> values) {
  std::vector<char> pattern;
  for (const U v : values)
    for (std::size_t b = 0; b < sizeof(U); ++b) pattern.push_back(static_cast<char>((v >> (8 * b)) & 0xff));
  const auto it = std::search(bytes.begin(), bytes.end(), pattern.begin(), pattern.end());
  REQUIRE(it != bytes.end());
  return static_cast<std::size_t>(it - bytes.begin());
}

}  // namespace

TEST_CASE("damaged feature rows are refused with what is wrong with them") {
  ScratchDir dir;
  TinyFeatureModel tiny("hybrid");
  const auto path = dir / "tiny-hybrid.rgm";
  save_model(path, *tiny.model, tiny.info);
  const std::vector<char> good = read_bytes(path);
  REQUIRE(load_model(path).user_features.num_rows() == 3);
  const auto bad = dir / "bad.rgm";

  // The user rows: u64 3 rows, offsets 0 1 2 3, u64 3 entries, u32 ids 0 1 2.
  const std::size_t offsets = find_integers<std::uint64_t>(good, {3, 0, 1, 2, 3, 3}) + 8;
  std::vector<char> bytes = good;
  bytes[offsets + 8] = 3;  // offsets 0 3 2 3
  reseal(bytes);
  std::string error = load_error(bad, bytes);
  CHECK(error.find("user features: the offsets decrease at row 1") != std::string::npos);
  CHECK(error.find(bad.string()) != std::string::npos);

  bytes = good;
  bytes[offsets + 8 * 5 + 4 * 2] = 7;  // the last user's id feature: 7 of 3
  reseal(bytes);
  CHECK(load_error(bad, bytes).find("user features: row 2 has feature id 7, outside [0, 3)") != std::string::npos);

  bytes = good;
  bytes[offsets + 8 * 3] = 9;  // the offsets end at 9, the entries are 3
  reseal(bytes);
  CHECK(load_error(bad, bytes).find("the offsets end at 9") != std::string::npos);

  bytes = good;
  bytes[offsets - 8 + 5] = 1;  // 2^40 rows: refused before any allocation
  reseal(bytes);
  CHECK(load_error(bad, bytes).find("user features: 1099511627779 rows cannot fit") != std::string::npos);

  // Saving checks them too: rows that do not match the model's users are refused.
  ModelInfo info = tiny.info;
  info.user_features = tiny.item_features;
  CHECK_THROWS_WITH_AS(save_model(dir / "mismatch.rgm", *tiny.model, info),
                       doctest::Contains("its user feature rows number 4, the model's users 3"), ModelFileError);
  info = tiny.info;
  info.item_features.ids[1] = 99;  // item 0: its id, then drama
  CHECK_THROWS_WITH_AS(save_model(dir / "mismatch.rgm", *tiny.model, info),
                       doctest::Contains("item feature rows are unsound: row 0 has feature id 99"), ModelFileError);
}

TEST_CASE("fm's trained-feature flags must be 0 or 1, one per feature") {
  ScratchDir dir;
  TinyFeatureModel tiny("fm");
  const auto path = dir / "tiny-fm.rgm";
  save_model(path, *tiny.model, tiny.info);
  const std::vector<char> good = read_bytes(path);
  const std::size_t flags = data_offset(good, "trained_features");
  std::vector<char> bytes = good;
  bytes[flags + 3] = 0x40;  // 0.0f becomes 2.0f
  reseal(bytes);
  CHECK(load_error(dir / "bad.rgm", bytes).find("state 'trained_features' holds 2.0") != std::string::npos);
}

TEST_CASE("any one byte changed in a feature model's file loads or is refused, never worse") {
  ScratchDir dir;
  for (const std::string type : {"hybrid", "fm"}) {
    CAPTURE(type);
    TinyFeatureModel tiny(type);
    const auto path = dir / ("tiny-" + type + ".rgm");
    save_model(path, *tiny.model, tiny.info);
    const std::vector<char> good = read_bytes(path);
    REQUIRE(good.size() < 8192);
    const FlipOutcome outcome = change_every_byte(dir.path(), good, [](const SavedModel& m) {
      std::vector<float> scores(12);
      m.model->score_users(0, 3, scores);  // a file that loads must be usable
    });
    CHECK(outcome.loaded > 0);
    CHECK(outcome.refused > 0);
  }
}
