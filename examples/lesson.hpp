// The preamble every lesson shares, so that each example file holds only its lesson:
// the command line, the data and its split, aligned tables, the global-mean and
// same-for-everyone baselines, and the three-way gradient table of a model.
//
// Header-only on purpose: examples/CMakeLists.txt builds each example from its one .cpp
// against recgrad_training, and this header adds nothing to link.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "data/load.hpp"
#include "evaluation/metrics.hpp"
#include "data/split.hpp"
#include "models/gradient_comparison.hpp"
#include "training/setup.hpp"

namespace recgrad::lesson {

// ---------------------------------------------------------------- the command line

// Every example takes [ML-100K-DIR] [--epochs N]; a few take more `--name VALUE` options.
struct Args {
  std::string path;         // empty: the built-in synthetic data, which needs no download
  std::int64_t epochs = 0;  // 0: the model's default
  std::map<std::string, std::string> options;  // the further options an example accepts, with their defaults

  const std::string& option(const std::string& name) const { return options.at(name); }
};

// `default_epochs`: an example's own default (0: the model's); `options`: its further
// `--name VALUE` options with their defaults. Anything that is not an option is the data
// directory, as it always was.
inline Args parse_args(int argc, char** argv, std::int64_t default_epochs = 0,
                       std::map<std::string, std::string> options = {}) {
  Args args{.path = "", .epochs = default_epochs, .options = std::move(options)};
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg == "--help" || arg == "-h") {
      std::printf("usage: %s [ML-100K-DIR] [--epochs N]", argv[0]);
      for (const auto& [name, value] : args.options) std::printf(" [%s VALUE (default %s)]", name.c_str(), value.c_str());
      std::printf("\nwithout ML-100K-DIR the built-in synthetic data is used\n");
      std::exit(0);
    }
    if (arg == "--epochs" && a + 1 < argc) args.epochs = std::atoll(argv[++a]);
    else if (args.options.contains(arg) && a + 1 < argc) args.options[arg] = argv[++a];
    else args.path = arg;
  }
  return args;
}

// A model's default setup, with --epochs applied when given.
inline TrainingSetup setup(const std::string& model, const Args& args) {
  TrainingSetup s = default_setup(model);
  if (args.epochs > 0) s.train.epochs = args.epochs;
  return s;
}

// ---------------------------------------------------------------- the data

struct Data {
  data::Dataset ds;
  data::Split split;
};

// The built-in data or the ML-100K directory, split as `split_name` says; empty: the
// split of the published results, u1 for ML-100K and a seeded random one otherwise.
// Prints the one line that says what the lesson runs on, followed by `note`.
inline Data load(const Args& args, const std::string& split_name = "", const std::string& note = "") {
  Data d{data::load_dataset({.path = args.path, .format = args.path.empty() ? "builtin" : "auto"}), {}};
  const std::string name = !split_name.empty() ? split_name : (args.path.empty() ? "random" : "u1");
  d.split = data::make_split(d.ds, {.name = name, .seed = 0});
  std::printf("%s, %s%s\n", d.ds.name.c_str(), d.split.summary().c_str(), note.c_str());
  return d;
}

// ---------------------------------------------------------------- tables

// Cells are strings so one printer serves numbers, names and timings alike.
inline std::string fixed(double v, int digits = 4) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}
inline std::string sci(double v, int digits = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", digits, v);
  return buf;
}
inline std::string count(std::int64_t n) { return std::to_string(n); }

struct Column {
  std::string header;
  int width = 0;      // at least the header's width
  bool left = false;  // labels read better left-aligned, numbers right-aligned
};

// Printed a row at a time, so a long run's rows appear as they are ready.
class Table {
 public:
  explicit Table(std::vector<Column> columns, std::string indent = "") : columns_(std::move(columns)), indent_(std::move(indent)) {
    for (Column& c : columns_) c.width = std::max(c.width, static_cast<int>(c.header.size()));
    std::vector<std::string> headers;
    for (const Column& c : columns_) headers.push_back(c.header);
    row(headers);
  }

  void row(const std::vector<std::string>& cells) const {
    std::string line = indent_;
    for (std::size_t k = 0; k < cells.size() && k < columns_.size(); ++k) {
      const Column& c = columns_[k];
      const int w = k + 1 == columns_.size() && c.left ? 0 : c.width;  // no trailing blanks after a last text column
      if (k > 0) line += "  ";  // two blanks: adjacent headers stay apart
      char buf[256];
      std::snprintf(buf, sizeof buf, c.left ? "%-*s" : "%*s", w, cells[k].c_str());
      line += buf;
    }
    line.erase(line.find_last_not_of(' ') + 1);
    std::printf("%s\n", line.c_str());
  }

 private:
  std::vector<Column> columns_;
  std::string indent_;
};

// ---------------------------------------------------------------- timing

class Stopwatch {
 public:
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// ---------------------------------------------------------------- baselines

// Every test rating predicted as the mean training rating: what a rating model must beat.
struct MeanBaseline {
  double mean = 0, rmse = 0;
};
inline MeanBaseline global_mean_baseline(const data::Dataset& ds, const data::Split& split) {
  const auto& ratings = ds.interactions.ratings;
  MeanBaseline b;
  for (const std::int32_t r : split.train) b.mean += ratings[r];
  b.mean /= static_cast<double>(split.train.size());
  std::vector<float> truth, constant;
  for (const std::int32_t r : split.test) {
    truth.push_back(ratings[r]);
    constant.push_back(static_cast<float>(b.mean));
  }
  b.rmse = rmse(constant, truth);
  return b;
}

// A scoring source that gives every user the same item scores (popularity baselines),
// so the evaluator judges them exactly as it judges a model. `scores` must outlive it.
inline ScoreSource same_for_every_user(const data::Dataset& ds, const std::vector<float>& scores) {
  ScoreSource source;
  source.num_users = ds.num_users();
  source.num_items = ds.num_items();
  source.score_users = [&scores](std::int32_t /*first_user*/, std::int32_t rows, std::span<float> out) {
    for (std::int32_t r = 0; r < rows; ++r)
      std::copy(scores.begin(), scores.end(), out.begin() + static_cast<std::ptrdiff_t>(r) * scores.size());
  };
  return source;
}

// ---------------------------------------------------------------- gradients

// The model's gradient three ways on one random batch in double (the tape, the
// hand-derived formulas in its .cpp, finite differences), as the worst relative
// difference per parameter. True when all agree within the tolerance.
inline bool print_gradient_table(const std::string& model, const ModelConfig& config) {
  const ComparisonOptions options;
  const GradientComparison c = compare_model_gradients(model, config, options);
  std::printf("%s, one random batch in double, loss %.12f by the tape and %.12f by hand;\n", c.model.c_str(),
              c.loss_auto, c.loss_manual);
  std::printf("worst relative difference of the gradients, per parameter:\n");
  int name_width = 9;  // some names are long (deep.mlp.0.weight): the column fits the longest
  for (const ParamComparison& p : c.params) name_width = std::max(name_width, static_cast<int>(p.name.size()));
  const Table table({{"parameter", name_width, true}, {"tape vs by hand", 15}, {"tape vs finite diff.", 20},
                     {"compared/sampled (shifted)", 26}},
                    "  ");
  for (const ParamComparison& p : c.params)
    table.row({p.name, sci(p.auto_vs_manual_rel), sci(p.auto_vs_numeric_rel),
               count(p.numeric_coords) + "/" + count(p.sampled_coords) + " (" + count(p.shifted_coords) + ")"});
  std::printf("  tolerance %s: %s\n", sci(options.tolerance, 0).c_str(), c.ok ? "all agree" : "FAILED");
  return c.ok && c.has_manual;
}

// The same at the configuration `recgrad gradcheck --model M` checks.
inline bool print_gradient_table(const std::string& model) {
  return print_gradient_table(model, gradient_check_config(model));
}

}  // namespace recgrad::lesson
