// Memory a run will need, estimated from its settings and the data's counts before
// anything large is allocated, and refused with the figure when this machine has less:
// a huge --dim or `generate --items` is then one clear line rather than std::bad_alloc
// (or the kernel killing the process) after minutes of work.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "models/model.hpp"
#include "models/registry.hpp"
#include "training/setup.hpp"

namespace recgrad {

struct MemoryNeed {
  std::string subject;  // "the model", "the generator"
  double bytes = 0;
  std::string flag;  // what the figure grows with, as given: "--dim 100000000"
  std::string what;  // how it is made up: "(users + items + features) x (dim + 1) floats, ..."
};

// A model's parameters with their gradients and optimiser state (or itemknn's neighbour
// lists), for `setup` over `data`'s counts and feature columns, and what its batches hold
// over `training_rows` interactions; `flag` names the larger part's setting.
MemoryNeed model_memory(const ModelSpec& spec, const TrainingSetup& setup, const ModelData& data,
                        std::int64_t training_rows);

// What `recgrad generate` holds while writing: per user and item the planted factors, per
// item its popularity, topics and alias tables (data/synthetic_world.hpp).
MemoryNeed synthetic_memory(std::int64_t users, std::int64_t items, int factors);

// The bytes this process can still take: /proc/meminfo's MemAvailable, lowered to the
// cgroup's memory.max less its memory.current when those are set; nothing if unknown.
std::optional<double> available_memory();

// "1.2 TB", "340 MB": bytes in decimal units, two or three figures.
std::string bytes_text(double bytes);

// std::invalid_argument "--dim 100000000: the model needs about 4.2 TB ((users + ...) ...);
// this machine has 22 GB available" when `need` exceeds `available` (when it is known).
void refuse_beyond_memory(const MemoryNeed& need, std::optional<double> available = available_memory());

}  // namespace recgrad
