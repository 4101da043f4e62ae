// recgrad export --model-file FILE --out DIR [--log TRAINLOG] [--metric M] [--data PATH] [--format F]
// A saved model's embeddings as files to look at, in DIR:
//   item_vectors.tsv, item_metadata.tsv  the TensorBoard Embedding Projector's input
//                                        (metadata: title and genres, or the title alone)
//   user_vectors.tsv, user_metadata.tsv  the same for users (metadata: the user id)
//   training_curves.svg                  loss and validation metric per epoch, from --log
//   item_map.svg                         2-D PCA of the item vectors by main genre
// The item vectors are those `recgrad similar` compares (retrieval/similar_items.hpp).
// Genres and popularity come from the data: --data, or the built-in set when the model
// was trained on it; without data the metadata and the map have titles only.
// Every input is read and checked before the first file is written, so bad input
// leaves DIR as it was; each file is written atomically.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/data_options.hpp"
#include "export/item_catalogue.hpp"
#include "export/item_map.hpp"
#include "export/pca.hpp"
#include "export/projector_tsv.hpp"
#include "export/svg.hpp"
#include "export/training_curves.hpp"
#include "io/model_file.hpp"
#include "io/output_path.hpp"
#include "retrieval/similar_items.hpp"
#include "training/trainer.hpp"

namespace recgrad::cli {

namespace {

struct ExportArgs {
  std::string model_file;
  std::string out;
  std::string log;
  std::string metric;
  DataArgs data;
  bool data_given = false;
};

// Everything the files are made from, loaded and checked up front.
struct Inputs {
  SavedModel saved;
  Tensor<float> item_vectors;                   // what `similar` compares
  const Tensor<float>* user_vectors = nullptr;  // in saved.model; null for a model without them
  ItemCatalogue items;
  Pca2d pca;  // of the item vectors
  std::optional<TrainingLog> log;
  CurvesOptions curves;
};

// The data for genres and popularity: what --data names, or the built-in set when the
// model was trained on it (it needs no path); none otherwise.
std::optional<data::Dataset> item_data(const ExportArgs& a, const SavedModel& saved) {
  if (!a.data_given && saved.training.data != "builtin") {
    std::fprintf(stderr, "note: no --data given (the model was trained on %s): the metadata holds titles only, "
                 "without genres, and the item map has no genre colours or popularity\n",
                 saved.training.data.c_str());
    return std::nullopt;
  }
  data::Dataset ds = load_data(a.data);
  require_same_ids(saved, ds);
  return ds;
}

// The user vectors, where the model has a table of them (the factor models and ALS
// do); the users' side is a bonus, so a model without one is no error.
const Tensor<float>* user_vectors(Recommender<float>& model) {
  for (const auto& [name, tensor] : model.tensors())
    if (name == "user_factors") return tensor;
  return nullptr;
}

// The validation metric the model was selected on, if its options name one.
std::string saved_metric(const SavedModel& saved) {
  return saved.options.has("metric") ? saved.options.text("metric") : std::string();
}

Inputs load_inputs(const ExportArgs& a) {
  Inputs in{load_model(a.model_file), {}, nullptr, {}, {}, {}, {}};
  in.item_vectors = item_vectors(*in.saved.model);  // throws for a model without
  in.user_vectors = user_vectors(*in.saved.model);
  const Tensor<float>& v = in.item_vectors;
  in.pca = pca_2d({v.data(), static_cast<std::size_t>(v.size())}, v.rows(), v.cols());
  std::vector<std::string> labels;
  for (Id i = 0; i < in.saved.model->num_items(); ++i) labels.push_back(in.saved.item_label(i));
  const std::optional<data::Dataset> ds = item_data(a, in.saved);
  in.items = ds ? item_catalogue(std::move(labels), *ds) : item_catalogue(std::move(labels));
  if (ds && !in.items.has_genres())
    std::fprintf(stderr, "note: %s has no item feature \"genre\": the metadata holds titles only\n", ds->name.c_str());
  in.curves.metric = !a.metric.empty()              ? a.metric
                     : saved_metric(in.saved) != ""   ? saved_metric(in.saved)
                                                       : default_metric(in.saved.model->feedback(), 10);
  in.curves.lower_is_better = lower_is_better(in.curves.metric);
  in.curves.title = "Training curves: " + in.saved.type() + " on " + in.saved.training.data;
  if (!a.log.empty()) {
    in.log = read_training_log(a.log);
    in.log->metric(in.curves.metric);  // throws now, naming the line, rather than after half the files
  }
  return in;
}

void wrote(const std::filesystem::path& path, const std::string& what) {
  std::printf("wrote %-40s %s\n", path.string().c_str(), what.c_str());
}

void write_projector_files(const std::filesystem::path& dir, const Inputs& in) {
  const Tensor<float>& items = in.item_vectors;
  write_vectors_tsv(dir / "item_vectors.tsv", {items.data(), static_cast<std::size_t>(items.size())}, items.rows(),
                    items.cols());
  wrote(dir / "item_vectors.tsv", std::to_string(items.rows()) + " items x " + std::to_string(items.cols()));
  // The id first, so that the rows join back to the data; with two or more columns the
  // projector reads the first row as the header.
  std::vector<std::string> ids;
  for (Id i = 0; i < items.rows(); ++i) ids.push_back(in.saved.items.raw(i));
  std::vector<MetadataColumn> columns{{"item", ids}, {"title", in.items.labels}};
  if (in.items.has_genres()) columns.push_back({"genres", in.items.genres});
  write_metadata_tsv(dir / "item_metadata.tsv", columns);
  wrote(dir / "item_metadata.tsv", in.items.has_genres() ? "item, title, genres" : "item, title");

  const Tensor<float>* users = in.user_vectors;
  if (users == nullptr) {
    std::fprintf(stderr, "note: a '%s' model has no user_factors: user_vectors.tsv not written\n",
                 in.saved.type().c_str());
    return;
  }
  write_vectors_tsv(dir / "user_vectors.tsv", {users->data(), static_cast<std::size_t>(users->size())},
                    users->rows(), users->cols());
  wrote(dir / "user_vectors.tsv", std::to_string(users->rows()) + " users x " + std::to_string(users->cols()));
  std::vector<std::string> user_raw;
  for (Id u = 0; u < in.saved.users.size(); ++u) user_raw.push_back(in.saved.users.raw(u));
  const MetadataColumn user_ids{"user", user_raw};
  write_metadata_tsv(dir / "user_metadata.tsv", {&user_ids, 1});
  wrote(dir / "user_metadata.tsv", "user id (one column, no header)");
}

void write_item_map(const std::filesystem::path& dir, const Inputs& in) {
  ItemMapOptions options;
  options.title = "Item map: " + in.saved.type() + " item vectors, 2-D PCA";
  options.model = std::to_string(in.pca.dim) + "-d " + in.saved.type() + " item vectors";
  save_svg(dir / "item_map.svg", item_map_svg(in.pca, in.items, options));
  char variance[96];
  std::snprintf(variance, sizeof variance, "PCA: %.1f%% + %.1f%% of the variance", 100 * in.pca.explained(0),
                100 * in.pca.explained(1));
  wrote(dir / "item_map.svg", variance);
}

void run_export(const ExportArgs& a) {
  const NamedPath inputs[] = {{"--model-file", a.model_file}, {"--data", a.data.path}, {"--log", a.log}},
                  out[] = {{"--out", a.out}};
  refuse_output_over_input(inputs, out);
  const Inputs in = load_inputs(a);
  const std::filesystem::path dir = a.out;
  std::filesystem::create_directories(dir);
  write_projector_files(dir, in);
  if (in.log) {
    save_svg(dir / "training_curves.svg", training_curves_svg(*in.log, in.curves));
    const std::string of_runs =
        in.log->runs > 1 ? " (the last of the log's " + std::to_string(in.log->runs) + " runs)" : "";
    wrote(dir / "training_curves.svg", std::to_string(in.log->epochs.size()) + " epochs" + of_runs +
                                           ", loss and validation " + in.curves.metric);
  } else {
    std::fprintf(stderr, "note: no --log given: training_curves.svg not written (train with --log FILE to get one)\n");
  }
  write_item_map(dir, in);
  std::printf("to explore the vectors: projector.tensorflow.org, Load, item_vectors.tsv then item_metadata.tsv\n");
}

}  // namespace

void add_export_command(CLI::App& app) {
  auto a = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand("export", "Embedding Projector files and SVG pictures of a saved model");
  cmd->add_option("--model-file", a->model_file, "A model file written by train --save")->required();
  cmd->add_option("--out", a->out, "Directory for the files (created if missing)")->required();
  cmd->add_option("--log", a->log, "The training log (train --log FILE), for training_curves.svg");
  cmd->add_option("--metric", a->metric, "Validation metric to plot (default: the one training selected on)");
  add_data_options(cmd, a->data);
  // Genres and interaction counts are read from the whole data set: no split to choose.
  cmd->remove_option(cmd->get_option("--split"));
  cmd->remove_option(cmd->get_option("--seed"));
  cmd->callback([a, cmd] {
    ExportArgs args = *a;
    args.data_given = cmd->count("--data") > 0 || cmd->count("--format") > 0;
    run_export(args);
  });
}

}  // namespace recgrad::cli
