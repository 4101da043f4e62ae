// recgrad similar --model-file FILE --item ID [--k 10] [--index exact|hnsw] [--json]
// The items nearest to one item by the cosine of their item vectors (the factor
// models' and ALS's item_factors): exact by brute force, or approximate from an HNSW
// graph with --index hnsw (retrieval/similar_items.hpp).
// Needs no data: the model file holds the item ids and titles.
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "cli/commands.hpp"
#include "io/model_file.hpp"
#include "retrieval/similar_items.hpp"

namespace recgrad::cli {

namespace {

struct SimilarArgs {
  std::string model_file;
  std::string item;
  std::int32_t k = 10;
  std::string index = "exact";
  bool json = false;
};

void run_similar(const SimilarArgs& a) {
  const SavedModel saved = load_model(a.model_file);
  const std::optional<std::int32_t> found = saved.items.find(a.item);
  if (!found)
    throw std::invalid_argument("unknown item id '" + a.item + "': the model in " + a.model_file + " knows " +
                                std::to_string(saved.items.size()) + " items and this is not one of them");
  const Tensor<float>& vectors = item_vectors(*saved.model);
  const ItemSimilarity exact({vectors.data(), static_cast<std::size_t>(vectors.size())}, vectors.rows(),
                             vectors.cols());
  std::vector<Neighbour> near;
  if (a.index == "hnsw")
    near = HnswItemIndex(exact).nearest(*found, a.k);
  else
    near = exact.nearest(*found, a.k);
  if (a.json) {
    nlohmann::json items = nlohmann::json::array();
    for (std::size_t i = 0; i < near.size(); ++i)
      items.push_back({{"rank", i + 1},
                       {"item", saved.items.raw(near[i].item)},
                       {"title", saved.item_label(near[i].item)},
                       {"cosine", near[i].cosine}});
    const nlohmann::json out = {{"model", saved.type()},
                                {"model_file", a.model_file},
                                {"item", a.item},
                                {"title", saved.item_label(*found)},
                                {"k", a.k},
                                {"index", a.index},
                                {"items", items}};
    // Titles in the data (MovieLens) are Latin-1, not UTF-8: replace what is invalid.
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  std::printf("items most like %s %s (%s, cosine of %lld-d item vectors, %s search)\n", a.item.c_str(),
              saved.item_label(*found).c_str(), saved.type().c_str(), static_cast<long long>(vectors.cols()),
              a.index.c_str());
  for (std::size_t i = 0; i < near.size(); ++i)
    std::printf("%3zu. %-8s %-60s %7.4f\n", i + 1, saved.items.raw(near[i].item).c_str(),
                saved.item_label(near[i].item).c_str(), static_cast<double>(near[i].cosine));
}

}  // namespace

void add_similar_command(CLI::App& app) {
  auto a = std::make_shared<SimilarArgs>();
  CLI::App* cmd = app.add_subcommand("similar", "Items nearest to an item by cosine of the item vectors");
  cmd->add_option("--model-file", a->model_file, "A model file written by train --save")->required();
  cmd->add_option("--item", a->item, "The item's id as in the data")->required();
  cmd->add_option("--k", a->k, "Neighbours to list")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--index", a->index, "exact (brute force) or hnsw (approximate, for large catalogues)")
      ->check(CLI::IsMember({"exact", "hnsw"}))
      ->capture_default_str();
  cmd->add_flag("--json", a->json, "Print the list as one JSON object");
  cmd->callback([a] { run_similar(*a); });
}

}  // namespace recgrad::cli
