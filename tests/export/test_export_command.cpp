// recgrad export end to end, on a model trained briefly on the built-in data: the files
// it writes and their shapes, and bad input (a missing model file, a malformed log,
// data with other ids) refused with a non-zero exit before anything is written.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "use/use_test_util.hpp"
#include "xml_check.hpp"

using namespace use_test;

namespace {

std::vector<std::string> lines_of(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string log_line(int epoch) {
  return R"({"epoch":)" + std::to_string(epoch) + R"(,"train_loss":0.)" + std::to_string(9 - epoch) +
         R"(,"validation":{"ndcg@10":0.0)" + std::to_string(epoch) + "}}\n";
}

}  // namespace

TEST_CASE("recgrad export writes the projector files and both pictures") {
  const SavedLmf& saved = saved_lmf();
  const ScratchDir dir;
  const auto log = dir.write("train.log", log_line(1) + log_line(2) + log_line(3));
  const Result r = run_recgrad("export --model-file " + saved.path.string() + " --out " + (dir / "out").string() +
                               " --log " + log.string());
  INFO(r.err);
  REQUIRE(r.status == 0);
  const std::int32_t items = saved.run.model->num_items(), users = saved.run.model->num_users();

  const auto vectors = lines_of(dir / "out/item_vectors.tsv");
  REQUIRE(vectors.size() == static_cast<std::size_t>(items));
  CHECK(std::count(vectors[0].begin(), vectors[0].end(), '\t') == 8 - 1);  // dim 8
  const auto metadata = lines_of(dir / "out/item_metadata.tsv");
  REQUIRE(metadata.size() == static_cast<std::size_t>(items) + 1);
  // The id first, to join back; the built-in data, which the model was trained on, has genres.
  CHECK(metadata[0] == "item\ttitle\tgenres");
  CHECK(metadata[1].starts_with(builtin().items.raw(0) + "\t"));
  CHECK(lines_of(dir / "out/user_vectors.tsv").size() == static_cast<std::size_t>(users));
  CHECK(lines_of(dir / "out/user_metadata.tsv").size() == static_cast<std::size_t>(users));

  const auto map = export_test::check_xml(read_text(dir / "out/item_map.svg"));
  INFO(map.error);
  CHECK(map.ok());
  CHECK(map.elements.at("circle") == items);
  const auto curves = export_test::check_xml(read_text(dir / "out/training_curves.svg"));
  CHECK(curves.ok());
  CHECK(curves.elements.at("polyline") == 2);
}

TEST_CASE("recgrad export without a log skips the curves and says so") {
  const ScratchDir dir;
  const Result r = run_recgrad("export --model-file " + saved_lmf().path.string() + " --out " + dir.path().string());
  REQUIRE(r.status == 0);
  CHECK(r.err.find("no --log given") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "training_curves.svg"));
  CHECK(std::filesystem::exists(dir / "item_map.svg"));
}

TEST_CASE("recgrad export refuses bad input with a clear error and writes nothing") {
  const ScratchDir dir;
  const std::string out = " --out " + (dir / "out").string();
  const std::string model = " --model-file " + saved_lmf().path.string();

  const Result missing = run_recgrad("export --model-file " + (dir / "none.rgm").string() + out);
  CHECK(missing.status != 0);
  CHECK(missing.err.find("none.rgm") != std::string::npos);

  const auto bad = dir.write("bad.log", log_line(1) + "{\"epoch\": 2, \"train_loss\": \n");
  const Result malformed = run_recgrad("export" + model + out + " --log " + bad.string());
  CHECK(malformed.status != 0);
  CHECK(malformed.err.find(bad.string() + ":2: ") != std::string::npos);

  const Result metric =
      run_recgrad("export" + model + out + " --log " + dir.write("ok.log", log_line(1)).string() + " --metric auc");
  CHECK(metric.status != 0);
  CHECK(metric.err.find("ok.log:1: ") != std::string::npos);

  // Other data: the generator's smaller set has other items than the built-in one.
  data::SyntheticSpec spec;
  spec.users = 50;
  spec.items = 80;
  spec.interactions = 1000;
  data::write_synthetic(spec, dir / "other");
  const Result other = run_recgrad("export" + model + out + " --data " + (dir / "other").string());
  CHECK(other.status != 0);
  CHECK(other.err.find("does not match the data") != std::string::npos);

  CHECK_FALSE(std::filesystem::exists(dir / "out"));
}
