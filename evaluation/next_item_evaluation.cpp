#include "evaluation/next_item_evaluation.hpp"

#include <vector>

#include "data/sequences.hpp"
#include "models/next_item.hpp"
#include "evaluation/evaluate.hpp"

namespace recgrad {

EvalResult evaluate_next_items(const Recommender<float>& model, const data::Dataset& ds,
                                     std::span<const std::int32_t> rows, const data::UserItems& exclude,
                                     const EvaluateOptions& options) {
  // A model that is not a next-item model ranks for the user, whatever the context.
  const auto* scorer = dynamic_cast<const NextItemRecommender<float>*>(&model);
  const data::UserSequences contexts = data::last_items(data::user_sequences(ds, exclude), options.max_history);
  const data::Interactions& in = ds.interactions;
  std::vector<Id> users, targets;
  data::UserItems seen;  // per evaluated row: its user's history, masked
  seen.num_items = model.num_items();
  for (const std::int32_t r : rows) {
    users.push_back(in.users[r]);
    targets.push_back(in.items[r]);
    const auto history = exclude.of(in.users[r]);
    seen.items.insert(seen.items.end(), history.begin(), history.end());
    seen.offsets.push_back(static_cast<std::int64_t>(seen.items.size()));
  }
  ScoreSource source;
  source.num_users = static_cast<std::int32_t>(rows.size());
  source.num_items = model.num_items();
  source.score_users = [&](std::int32_t first, std::int32_t count, std::span<float> out) {
    const std::span<const Id> block(users.data() + first, static_cast<std::size_t>(count));
    if (scorer == nullptr) {
      const auto row = static_cast<std::size_t>(model.num_items());
      for (std::size_t r = 0; r < block.size(); ++r) model.score_users(block[r], 1, out.subspan(r * row, row));
      return;
    }
    std::vector<Id> items;
    std::vector<std::int64_t> offsets{0};
    for (const Id u : block) {
      const auto c = contexts.of(u);
      items.insert(items.end(), c.begin(), c.end());
      offsets.push_back(static_cast<std::int64_t>(items.size()));
    }
    scorer->score_with_context(block, items, offsets, out);
  };
  EvalOptions eval;
  eval.k = options.k;
  eval.threads = options.threads;
  return evaluate_next_item(source, seen, targets, eval);
}

}  // namespace recgrad
