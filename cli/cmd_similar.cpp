// recgrad similar --model-file FILE --item ID [--k 10] [--min-support 5]
//                 [--index exact|hnsw] [--json]
// The items nearest to one item by the cosine of their item vectors (every model with
// item vectors: the factor models, ALS, fm's item-side sums, hybrid's feature-built
// ones, item-kNN's): exact by brute force, or approximate from an HNSW graph with
// --index hnsw (retrieval/similar_items.hpp).
// Items with fewer than --min-support training interactions are neither listed nor
// given neighbours (default 5): a vector learnt from a rating or two is mostly its
// initial noise, yet its cosines look as confident as any. Each listed item's support
// is printed. Needs no data: the model file holds the item ids, titles and history.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "cli/commands.hpp"
#include "cli/run_options.hpp"
#include "io/model_file.hpp"
#include "retrieval/item_support.hpp"
#include "retrieval/similar_items.hpp"

namespace recgrad::cli {

namespace {

struct SimilarArgs {
  std::string model_file;
  std::string item;
  std::int32_t k = 10;
  std::int64_t min_support = 5;
  std::string index = "exact";
  bool json = false;
};

ItemSupport support_of(const SavedModel& saved, const SimilarArgs& a) {
  if (saved.has_history) return item_support(saved.seen_items(), a.min_support);
  if (a.min_support > 0)
    throw std::invalid_argument(a.model_file + " keeps no training history (written before model file version 3), "
                                "so items' support is unknown: give --min-support 0");
  return {std::vector<std::int64_t>(static_cast<std::size_t>(saved.items.size()), 0), 0};
}

// The k nearest items with the support: asks the index for as many more as there are
// items below it, then leaves those out.
std::vector<Neighbour> supported_neighbours(const Tensor<float>& vectors, const SimilarArgs& a,
                                            const ItemSupport& support, std::int32_t item) {
  const ItemSimilarity exact({vectors.data(), static_cast<std::size_t>(vectors.size())}, vectors.rows(),
                             vectors.cols());
  const auto wanted = static_cast<std::int32_t>(
      std::min<std::int64_t>(a.k + support.items_below(), static_cast<std::int64_t>(vectors.rows())));
  std::vector<Neighbour> near = a.index == "hnsw" ? HnswItemIndex(exact).nearest(item, wanted)
                                                  : exact.nearest(item, wanted);
  std::erase_if(near, [&](const Neighbour& n) { return !support.enough(n.item); });
  if (near.size() > static_cast<std::size_t>(a.k)) near.resize(static_cast<std::size_t>(a.k));
  return near;
}

void run_similar(const SimilarArgs& a) {
  const SavedModel saved = load_model(a.model_file);
  const std::optional<std::int32_t> found = saved.items.find(a.item);
  if (!found)
    throw std::invalid_argument("unknown item id '" + a.item + "': the model in " + a.model_file + " knows " +
                                std::to_string(saved.items.size()) + " items and this is not one of them");
  const ItemSupport support = support_of(saved, a);
  if (!support.enough(*found))
    throw std::invalid_argument("item '" + a.item + "' has " + std::to_string(support.counts[*found]) +
                                " training interactions, fewer than --min-support " + std::to_string(a.min_support) +
                                ": too few for its vector to say what it is like (lower --min-support to see it anyway)");
  const Tensor<float> vectors = item_vectors(*saved.model);
  const std::vector<Neighbour> near = supported_neighbours(vectors, a, support, *found);
  if (a.json) {
    nlohmann::json items = nlohmann::json::array();
    for (std::size_t i = 0; i < near.size(); ++i)
      items.push_back({{"rank", i + 1},
                       {"item", saved.items.raw(near[i].item)},
                       {"title", title_json(saved, near[i].item)},
                       {"cosine", near[i].cosine},
                       {"support", support.counts[static_cast<std::size_t>(near[i].item)]}});
    const nlohmann::json out = {{"model", saved.type()},
                                {"model_file", a.model_file},
                                {"item", a.item},
                                {"title", title_json(saved, *found)},
                                {"k", a.k},
                                {"min_support", a.min_support},
                                {"index", a.index},
                                {"items", items}};
    // Titles in the data (MovieLens) are Latin-1, not UTF-8: replace what is invalid.
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  const std::string title = saved.item_title(*found);
  std::printf("items most like %s%s (%s, cosine of %lld-d item vectors, %s search)\n", a.item.c_str(),
              title.empty() ? "" : (" " + title).c_str(), saved.type().c_str(),
              static_cast<long long>(vectors.cols()), a.index.c_str());
  std::printf("     %-8s %-60s %7s %8s\n", "item", "title", "cosine", "support");
  for (std::size_t i = 0; i < near.size(); ++i)
    std::printf("%3zu. %-8s %-60s %7.4f %8lld\n", i + 1, saved.items.raw(near[i].item).c_str(),
                saved.item_title(near[i].item).c_str(), static_cast<double>(near[i].cosine),
                static_cast<long long>(support.counts[static_cast<std::size_t>(near[i].item)]));
  if (const std::string note = support.left_out_note(); !note.empty()) std::printf("%s\n", note.c_str());
}

}  // namespace

void add_similar_command(CLI::App& app) {
  auto a = std::make_shared<SimilarArgs>();
  CLI::App* cmd = app.add_subcommand("similar", "Items nearest to an item by cosine of the item vectors");
  cmd->add_option("--model-file", a->model_file, "A model file written by train --save")->required();
  cmd->add_option("--item", a->item, "The item's id as in the data")->required();
  cmd->add_option("--k", a->k, "Neighbours to list")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--min-support", a->min_support,
                  "Leave out items with fewer training interactions, and refuse to find neighbours for one")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--index", a->index, "exact (brute force) or hnsw (approximate, for large catalogues)")
      ->check(CLI::IsMember({"exact", "hnsw"}))
      ->capture_default_str();
  cmd->add_flag("--json", a->json, "Print the list as one JSON object");
  cmd->callback([a] { run_similar(*a); });
}

}  // namespace recgrad::cli
