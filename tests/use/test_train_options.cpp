// recgrad train refuses options the chosen model does not read, naming the option and
// the models it applies to, before it loads data or trains (nothing silently dropped).
#include <doctest/doctest.h>

#include "use_test_util.hpp"

using namespace use_test;

TEST_CASE("train refuses a model-specific option given to another model") {
  const std::pair<const char*, const char*> cases[] = {{"mf --fields ids", "--fields applies to fm, fm-bpr"},
                                                       {"lmf --softmax full", "--softmax applies to softmax"},
                                                       {"bpr --max-history 5", "--max-history applies to softmax"},
                                                       {"fm --positive-rating 3", "--positive-rating applies to widedeep"}};
  for (const auto& [args, message] : cases) {
    CAPTURE(args);
    const Result r = run_recgrad(std::string("train --quiet --epochs 1 --model ") + args);
    CHECK(r.status != 0);
    CHECK(r.err.find(message) != std::string::npos);
    CHECK(r.out.empty());
  }
}

TEST_CASE("train names every model it knows when given an unknown one") {
  const Result r = run_recgrad("train --quiet --epochs 1 --model no-such-model");
  CHECK(r.status != 0);
  for (const std::string& name : model_names()) {
    CAPTURE(name);
    CHECK(r.err.find(name) != std::string::npos);
  }
}

TEST_CASE("train saves and resumes the feature models; resuming refuses their saved settings") {
  ScratchDir dir;
  const std::string file = (dir / "fm.rgm").string();
  Result r = run_recgrad("train --quiet --epochs 1 --model fm --fields ids --save " + file);
  REQUIRE(r.status == 0);
  CHECK(load_model(file, "fm").config.fields == "ids");
  r = run_recgrad("train --quiet --epochs 1 --resume " + file + " --save " + file);
  CHECK(r.status == 0);
  CHECK(load_model(file).training.epochs_done >= 1);
  r = run_recgrad("train --quiet --epochs 1 --resume " + file + " --fields all");
  CHECK(r.status != 0);
  CHECK(r.err.find("--fields is part of the saved model") != std::string::npos);
  // softmax is not yet held: its users' latest contexts are not in the file.
  r = run_recgrad("train --quiet --epochs 1 --model softmax --save " + (dir / "softmax.rgm").string());
  CHECK(r.status != 0);
  CHECK(r.err.find("model files do not hold 'softmax' models") != std::string::npos);
}
