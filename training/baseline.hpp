// The baseline beside every trained model: the registry's baseline model for how it is
// judged (user + item biases for the rating models, most popular for the rest) trained with its own defaults on the same split
// with the same seed, and tested on the same test part and candidates, judged as the
// model is (evaluation/evaluate.hpp's protocols). `recgrad train` prints it with the
// lift, so a user sees at once whether a model earns its keep.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "training/run.hpp"

namespace recgrad {

struct BaselineComparison {
  std::string model;               // the baseline's registry name
  std::optional<EvalResult> test;  // empty when the two cannot be compared,
  std::string why_not;             // and then why
  // The model's figure over the baseline's, for each quality figure both have (above 1
  // is better, except for the figures where lower is better).
  std::vector<std::pair<std::string, double>> lift;
};

// std::nullopt when the run's model is the baseline itself.
std::optional<BaselineComparison> compare_with_baseline(const RunOutcome& run, const data::Dataset& ds,
                                                        const data::Split& split, std::uint64_t seed);

// {"model": "pop", "metrics": {...}, "lift": {"ndcg@10": 1.4, ...}}, or {"model", "why_not"}.
nlohmann::json to_json(const BaselineComparison& comparison);

}  // namespace recgrad
