// The registry of ops for gradient checking: one case per op, each building the op
// on randomly shaped, randomly filled double parameters. The test suite and
// `recgrad gradcheck --ops` both sweep this list, so a new op is covered by adding
// its case to autodiff/op_checks.cpp.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "autodiff/gradcheck.hpp"
#include "autodiff/random.hpp"

namespace recgrad {

// One ready-to-check instance of an op: the parameters it reads and the graph.
struct OpCheckCase {
  std::vector<std::unique_ptr<Param<double>>> params;
  Graph graph;

  std::vector<Param<double>*> param_pointers() const;
};

struct OpCheck {
  const char* name;
  OpCheckCase (*make)(Rng& rng);  // random shapes and values from rng
};

std::span<const OpCheck> registered_op_checks();

struct OpCheckResult {
  std::string name;
  GradCheckReport report;
};

// Builds and checks every registered op (or those whose name contains `filter`).
std::vector<OpCheckResult> check_all_ops(std::uint64_t seed, const GradCheckOptions& options = {},
                                         const std::string& filter = "");

}  // namespace recgrad
