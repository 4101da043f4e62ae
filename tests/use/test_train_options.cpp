// recgrad train refuses options the chosen model does not read, naming the option and
// the models it applies to, before it loads data or trains (nothing silently dropped).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "models/registry.hpp"
#include "use_test_util.hpp"

using namespace use_test;

TEST_CASE("train refuses a model-specific option given to another model") {
  const std::pair<const char*, const char*> cases[] = {{"mf --fields ids", "--fields applies to fm, fm-bpr"},
                                                       {"lmf --softmax full", "--softmax applies to softmax"},
                                                       {"bpr --max-history 5", "--max-history applies to softmax"},
                                                       {"fm --positive-rating 3", "--positive-rating applies to lmf, bpr, als"}};
  for (const auto& [args, message] : cases) {
    const std::string arguments = args;  // CAPTURE's lambda cannot capture a structured binding in clang 14
    CAPTURE(arguments);
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

TEST_CASE("train saves and resumes the feature models, resuming refuses their saved settings") {
  ScratchDir dir;
  const std::string file = (dir / "fm.rgm").string();
  Result r = run_recgrad("train --quiet --epochs 1 --model fm --fields ids --save " + file);
  REQUIRE(r.status == 0);
  CHECK(load_model(file, "fm").config.own.text("fields") == "ids");
  r = run_recgrad("train --quiet --epochs 1 --resume " + file + " --save " + file);
  CHECK(r.status == 0);
  CHECK(load_model(file).training.epochs_done >= 1);
  r = run_recgrad("train --quiet --epochs 1 --resume " + file + " --fields all --save " + file);
  CHECK(r.status != 0);
  CHECK(r.err.find("--fields is part of the saved model") != std::string::npos);
  // softmax too, with its own options (its users' latest contexts are in the file).
  const std::string softmax = (dir / "softmax.rgm").string();
  r = run_recgrad("train --quiet --epochs 1 --model softmax --softmax full --save " + softmax);
  REQUIRE(r.status == 0);
  CHECK(load_model(softmax, "softmax").config.own.text("softmax") == "full");
  r = run_recgrad("train --quiet --epochs 1 --resume " + softmax + " --save " + softmax);
  CHECK(r.status == 0);
  CHECK(load_model(softmax).training.epochs_done == 2);
}

TEST_CASE("train refuses --grad manual for a model without hand-derived gradients, and takes it for the others") {
  for (const ModelSpec& spec : model_registry()) {
    CAPTURE(spec.name);
    if (spec.manual_gradients) continue;
    const Result r = run_recgrad("train --quiet --epochs 1 --grad manual --model " + spec.name);
    CHECK(r.status != 0);
    CHECK(r.err.find("--grad manual: " + spec.name + " has no hand-derived gradients") != std::string::npos);
    CHECK(r.out.empty());
  }
  const Result r = run_recgrad("train --quiet --epochs 1 --dim 4 --grad manual --model lmf --json");
  CHECK(r.status == 0);
  CHECK(nlohmann::json::parse(r.out)["settings"]["grad"] == "manual");
}

TEST_CASE("train refuses option values outside what the option declares, naming the option") {
  const std::pair<const char*, const char*> cases[] = {{"--dim 0", "--dim: got 0, expected a whole number >= 1"},
                                                       {"--dim 2.5", "--dim: got \"2.5\", expected a whole number"},
                                                       {"--lr-decay 1.5", "--lr-decay: got 1.5, expected a number in [0, 1]"},
                                                       {"--refit maybe", "--refit: got \"maybe\", expected yes or no"},
                                                       {"--optim rmsprop", "expected one of sgd, adagrad or adam"},
                                                       {"--l2 nan", "--l2: got nan, expected a number >= 0"}};
  for (const auto& [args, message] : cases) {
    const std::string arguments = args;  // CAPTURE's lambda cannot capture a structured binding in clang 14
    CAPTURE(arguments);
    const Result r = run_recgrad(std::string("train --quiet --epochs 1 --model lmf ") + args);
    CHECK(r.status != 0);
    CHECK(r.err.find(message) != std::string::npos);
  }
}

TEST_CASE("train --help shows every declared option with each model's default") {
  const Result r = run_recgrad("train --help");
  REQUIRE(r.status == 0);
  for (const ModelSpec& spec : model_registry())
    for (const OptionSpec& o : spec.options) {
      CAPTURE(o.name);
      CHECK(r.out.find("--" + o.name) != std::string::npos);
    }
  CHECK(r.out.find("64 for mf, fm; 32 for lmf") != std::string::npos);
}

TEST_CASE("the settings train prints are the model's declared options, defaults and flags laid over them") {
  const Result r = run_recgrad("train --quiet --epochs 1 --model fm --fields ids --json");
  REQUIRE(r.status == 0);
  const nlohmann::json settings = nlohmann::json::parse(r.out)["settings"];
  const Options defaults = model_spec("fm").default_options();
  for (const OptionSpec& o : defaults.specs()) {
    CAPTURE(o.name);
    REQUIRE(settings.contains(o.name));
    if (o.name == "fields") CHECK(settings[o.name] == "ids");
    else if (o.name == "epochs") CHECK(settings[o.name] == 1);
    else CHECK(settings[o.name] == to_json(o.fallback));
  }
}

TEST_CASE("train --json reports the baseline on the same split with the lift, and the text shows it") {
  const std::string baseline = baseline_model(Feedback::Pointwise).name;
  const Result r = run_recgrad("train --quiet --epochs 1 --dim 4 --model lmf --json");
  REQUIRE(r.status == 0);
  const nlohmann::json out = nlohmann::json::parse(r.out);
  REQUIRE(out.contains("baseline"));
  CHECK(out["baseline"]["model"] == baseline);
  CHECK(out["baseline"]["metrics"]["candidates"] == out["metrics"]["candidates"]);
  for (const auto& [name, ratio] : out["baseline"]["lift"].items())
    CHECK(ratio.get<double>() ==
          doctest::Approx(out["metrics"][name].get<double>() / out["baseline"]["metrics"][name].get<double>()));
  CHECK(out["baseline"]["lift"].contains("ndcg@10"));

  const Result text = run_recgrad("train --quiet --epochs 1 --dim 4 --model lmf");
  REQUIRE(text.status == 0);
  CHECK(text.out.find("against the " + baseline + " baseline") != std::string::npos);
  const Result rating = run_recgrad("train --quiet --epochs 1 --dim 4 --model mf --json");
  REQUIRE(rating.status == 0);
  // A rating model stands beside user + item biases, by rmse and mae.
  const nlohmann::json rated = nlohmann::json::parse(rating.out);
  CHECK(rated.at("baseline").at("model") == "biases");
  CHECK(rated.at("baseline").at("lift").contains("rmse"));
  CHECK(rated.at("baseline").at("lift").at("rmse").get<double>() ==
        doctest::Approx(rated.at("metrics").at("rmse").get<double>() /
                        rated.at("baseline").at("metrics").at("rmse").get<double>()));
}

TEST_CASE("itemknn takes its neighbour count as --neighbours, keeps it in its file, and refuses --dim") {
  const ScratchDir dir;
  const std::string file = (dir / "knn.rgm").string();
  const Result r = run_recgrad("train --quiet --model itemknn --neighbours 7 --json --save " + file);
  REQUIRE(r.status == 0);
  CHECK(nlohmann::json::parse(r.out)["settings"]["neighbours"] == 7);
  const SavedModel saved = load_model(file);
  CHECK(saved.options.integer("neighbours") == 7);
  for (const auto& [name, tensor] : saved.model->tensors()) CHECK(tensor->cols() == 7);  // the neighbour lists
  const Result dim = run_recgrad("train --quiet --model itemknn --dim 7");
  CHECK(dim.status != 0);
  CHECK(dim.err.find("--dim applies to") != std::string::npos);
}

TEST_CASE("a seed that is not a whole number in range, and a thread count out of bounds, are refused by name") {
  for (const std::string seed : {"-1", "18446744073709551616", "99999999999999999999999", "12abc", "1e3", ""}) {
    CAPTURE(seed);
    const Result r = run_recgrad("train --quiet --model pop --seed '" + seed + "'");
    CHECK(r.status != 0);
    CHECK(r.err.find("--seed") != std::string::npos);
  }
  const Result largest = run_recgrad("train --quiet --model pop --json --seed 18446744073709551615");
  REQUIRE(largest.status == 0);
  CHECK(nlohmann::json::parse(largest.out)["settings"]["seed"].get<std::uint64_t>() == 18446744073709551615ULL);
  for (const std::string& command : {std::string("train --model pop"), "eval --model-file " + saved_lmf().path.string(),
                                    "recommend --all-users --model-file " + saved_lmf().path.string()})
    for (const std::string threads : {"-1", "2000000000"}) {
      CAPTURE(command);
      CAPTURE(threads);
      const Result r = run_recgrad(command + " --quiet --threads " + threads);
      CHECK(r.status != 0);
      CHECK(r.err.find("--threads") != std::string::npos);
    }
}

TEST_CASE("train's learning rate follows --optim when --lr is not given, and says so in its settings") {
  Result r = run_recgrad("train --quiet --json --epochs 1 --dim 4 --model mf --optim adam");
  REQUIRE(r.status == 0);
  CHECK(nlohmann::json::parse(r.out)["settings"]["lr"] == 0.01);
  r = run_recgrad("train --quiet --json --epochs 1 --dim 4 --model mf --optim adam --lr 0.002");
  REQUIRE(r.status == 0);
  CHECK(nlohmann::json::parse(r.out)["settings"]["lr"] == 0.002);
  r = run_recgrad("train --quiet --epochs 1 --model lmf --optim sgd");
  CHECK(r.status != 0);
  CHECK(r.err.find("--optim sgd") != std::string::npos);
  CHECK(r.err.find("give --lr") != std::string::npos);
}
