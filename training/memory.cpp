#include "training/memory.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace recgrad {

namespace {

// The optimiser's copies of every parameter: Adam's two moments, AdaGrad's sum of squares.
int optimiser_copies(const std::string& kind) {
  if (kind == "adam") return 2;
  if (kind == "adagrad") return 1;
  return 0;
}

std::string copies_text(bool gradient_trained, const std::string& optim) {
  if (!gradient_trained) return "the values";
  const int extra = optimiser_copies(optim);
  return std::to_string(2 + extra) + " copies: the values" + (extra == 0 ? " and" : ",") + " their gradients" +
         (extra == 0 ? std::string() : " and " + optim + "'s " + (extra == 1 ? "accumulator" : "two moments"));
}

// The first number on the line of `path` starting with `key` (all of a one-line file
// when `key` is empty); nothing when the file or line is missing or holds no number ("max").
std::optional<double> number_in(const char* path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, key.size(), key) != 0) continue;
    const std::size_t digit = line.find_first_of("0123456789", key.size());
    if (digit == std::string::npos) return std::nullopt;
    return std::stod(line.substr(digit));
  }
  return std::nullopt;
}

}  // namespace

namespace {

// The model's tables, or itemknn's neighbour lists, or pop's counts.
MemoryNeed table_memory(const ModelSpec& spec, const TrainingSetup& setup, const ModelData& data) {
  const double users = data.num_users, items = data.num_items;
  if (setup.model.own.has("neighbours")) {
    const double kept = std::max(1.0, std::min(static_cast<double>(setup.model.own.integer("neighbours")), items - 1));
    return {"the model", items * kept * 8, "--neighbours " + std::to_string(setup.model.own.integer("neighbours")),
            "items x neighbours, an item id and a similarity each"};
  }
  if (!spec.default_options().has("dim")) return {"the model", items * 8, "", "a count per item"};
  double features = 0;
  if (spec.reads_features) {
    if (data.user_features != nullptr) features += data.user_features->num_features();
    if (data.item_features != nullptr) features += data.item_features->num_features();
  }
  const double dim = static_cast<double>(setup.model.dim);
  const int copies = spec.gradient_trained() ? 2 + optimiser_copies(setup.train.optimizer.kind) : 1;
  const double square = spec.squares_dim ? dim * dim * sizeof(float) : 0;
  return {"the model", (users + items + features) * (dim + 1) * sizeof(float) * copies + square,
          "--dim " + std::to_string(setup.model.dim),
          std::string("(users + items") + (spec.reads_features ? " + feature columns" : "") + ") x (dim + 1) floats, " +
              copies_text(spec.gradient_trained(), setup.train.optimizer.kind) +
              (spec.squares_dim ? ", plus a dim x dim matrix" : "")};
}

// What the batches hold beyond the model (training/batch_source.hpp): a pointwise model's
// epoch of examples with their sampled negatives; a next-item model's per-batch context
// ids (reserved at batch x max-history), sampled classes and their logits.
MemoryNeed batch_memory(const ModelSpec& spec, const TrainingSetup& setup, std::int64_t rows) {
  const BatchSourceConfig& b = setup.train.batches;
  if (!spec.default_options().has("negatives")) return {};
  if (spec.feedback != Feedback::NextItem)
    return {"the training batches", static_cast<double>(rows) * (1.0 + b.negatives) * 16,
            "--negatives " + std::to_string(b.negatives),
            "the epoch's examples: training rows x (1 + negatives), 16 bytes each"};
  const double batch = static_cast<double>(b.batch_size), negatives = b.negatives;
  const double context = batch * b.max_history * 4;
  const double sampled = negatives * (8 + setup.model.dim * 8.0) + batch * negatives * 8;
  return {"the training batches", context + sampled,
          context > sampled ? "--max-history " + std::to_string(b.max_history)
                            : "--negatives " + std::to_string(b.negatives),
          "batch x max-history context ids; negatives x dim sampled embeddings and batch x negatives logits, "
          "with their gradients"};
}

}  // namespace

MemoryNeed model_memory(const ModelSpec& spec, const TrainingSetup& setup, const ModelData& data,
                        std::int64_t training_rows) {
  const MemoryNeed tables = table_memory(spec, setup, data);
  const MemoryNeed batches = batch_memory(spec, setup, training_rows);
  if (batches.bytes <= 0) return tables;
  return {"training", tables.bytes + batches.bytes, batches.bytes > tables.bytes ? batches.flag : tables.flag,
          "the model: " + tables.what + "; the batches: " + batches.what};
}

MemoryNeed synthetic_memory(std::int64_t users, std::int64_t items, int factors) {
  // Fitted to measured peaks (GNU time's maximum resident set, 1,000 interactions): at 8
  // factors 111 MB for a million items and 415 MB for four million, 64 MB for a million
  // users and 237 MB for four million; at 256 factors 1.03 GB for a million users and
  // 1.08 GB for a million items. Each side holds its planted factors in floats.
  const double per_row = 64 + 4.0 * factors;
  const double bytes = static_cast<double>(users + items) * per_row + static_cast<double>(items) * 48;
  return {"the generator", bytes, "--users " + std::to_string(users) + " --items " + std::to_string(items),
          "(users + items) x (64 + 4 x factors) bytes, plus 48 per item"};
}

std::optional<double> available_memory() {
  std::optional<double> out = number_in("/proc/meminfo", "MemAvailable:");
  if (out) *out *= 1024;  // the file counts kB
  const std::optional<double> limit = number_in("/sys/fs/cgroup/memory.max", "");
  const std::optional<double> used = number_in("/sys/fs/cgroup/memory.current", "");
  if (limit && used) out = std::min(out.value_or(*limit - *used), *limit - *used);
  return out;
}

std::string bytes_text(double bytes) {
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB", "ZB"};
  std::size_t u = 0;
  while (bytes >= 1000 && u + 1 < std::size(units)) {
    bytes /= 1000;
    ++u;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.3g %s", bytes, units[u]);
  return text;
}

void refuse_beyond_memory(const MemoryNeed& need, std::optional<double> available) {
  if (!available || need.bytes <= *available) return;
  throw std::invalid_argument((need.flag.empty() ? "" : need.flag + ": ") + need.subject + " needs about " +
                              bytes_text(need.bytes) + " (" + need.what + "); this machine has " +
                              bytes_text(std::max(0.0, *available)) + " available");
}

}  // namespace recgrad
