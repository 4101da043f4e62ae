// recgrad recommend --model-file FILE (--user ID | --all-users --out FILE) [--k 10]
//                   [--data PATH] [--format F] [--split S] [--seed N] [--include-seen]
//                   [--min-support N] [--threads T] [--json]
// Top-k lists from a saved model, in the data's own ids and titles. The model file holds
// the id maps, titles and what each user has seen (every interaction outside the test
// part of the split it was trained on: the same candidates the test used), so it needs
// no data; --data names a log to take what users have seen from instead (its split and
// seed those of training unless given).
// A user with no such history gets the most popular items instead of scores from
// factors that never saw a gradient, and the output says so.
// Scores of the models that predict ratings are shown on the rating scale (clipped to
// the training ratings' range, as predict does) beside the raw score the list is ranked
// by. Each item's support (training interactions) is printed; --min-support leaves out
// the items with less (default 0: the lists rank every item, as eval does, so metrics
// recomputed from them match eval's).
#include <atomic>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "cli/commands.hpp"
#include "cli/data_options.hpp"
#include "cli/run_options.hpp"
#include "io/atomic_file.hpp"
#include "io/output_path.hpp"
#include "retrieval/item_support.hpp"
#include "retrieval/topk.hpp"
#include "evaluation/evaluate.hpp"
#include "training/progress.hpp"
#include "io/saved_run.hpp"

namespace recgrad::cli {

namespace {

struct RecommendArgs {
  std::string model_file;
  DataArgs data;
  std::string user;
  std::int32_t k = 10;
  bool all_users = false;
  std::string out;
  bool include_seen = false;
  std::int64_t min_support = 0;
  int threads = 0;
  bool json = false;
  bool seed_given = false;
};

// What every list needs: the model, the data it was trained on and what users saw.
struct Context {
  SavedModel saved;
  data::UserItems history;  // per user, every interaction outside the test part
  ItemSupport support;      // each item's interactions in that history
  TopK popular;             // the k most interacted-with items in that history
  // A rating model's scale, its scores shown clipped to it; none (min = max) for the others.
  ModelConfig scale{};

  bool clips() const { return scale.clips_ratings(); }
  float shown(float raw) const { return scale.clip_rating(raw); }
};

// The model file alone answers: it holds each user's non-test items. With --data, the
// data's split says what users saw instead (a newer log of the same users and items).
Context load_context(RecommendArgs& a) {
  // Checked before any work: --out is never one of the inputs, nor a directory.
  const NamedPath inputs[] = {{"--model-file", a.model_file}, {"--data", a.data.path}}, out[] = {{"--out", a.out}};
  refuse_output_over_input(inputs, out);
  if (!a.out.empty()) resolve_output(a.out);
  Context c{load_model(a.model_file), {}, {}, {}};
  if (a.data.path.empty() && a.data.format == "auto" && c.saved.has_history) {
    c.history = c.saved.seen_items();
  } else {
    if (a.data.split.empty()) a.data.split = c.saved.training.split;
    if (!a.seed_given) a.data.seed = c.saved.training.seed;
    const data::Dataset ds = load_data(a.data);
    require_same_ids(c.saved, ds);
    c.history = non_test_history(ds, positive_part(ds, load_split(ds, a.data), saved_setup(c.saved).model));
  }
  c.support = item_support(c.history, a.min_support);
  std::vector<float> counts(c.support.counts.begin(), c.support.counts.end());
  c.support.mask(counts);
  c.popular = top_k(counts, a.k);
  c.support.drop_masked(c.popular);
  if (c.saved.model->feedback() == Feedback::Explicit) c.scale = saved_setup(c.saved).model;
  return c;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

// One list entry as JSON: the shown score, the raw one where they differ in kind, and
// the item's support.
nlohmann::json entry_json(const Context& c, const TopK& list, std::size_t i) {
  nlohmann::json e = {{"rank", i + 1},
                      {"item", c.saved.items.raw(list.items[i])},
                      {"title", title_json(c.saved, list.items[i])},
                      {"score", c.shown(list.scores[i])}};
  if (c.clips()) e["raw_score"] = list.scores[i];
  e["support"] = c.support.counts[static_cast<std::size_t>(list.items[i])];
  return e;
}

void print_list(const Context& c, const TopK& list) {
  if (c.clips())
    std::printf("     %-8s %-60s %10s %10s %8s\n", "item", "title", "rating", "raw", "support");
  else
    std::printf("     %-8s %-60s %10s %8s\n", "item", "title", "score", "support");
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const std::int32_t item = list.items[i];
    std::printf("%3zu. %-8s %-60s %10.4f", i + 1, c.saved.items.raw(item).c_str(), c.saved.item_title(item).c_str(),
                static_cast<double>(c.shown(list.scores[i])));
    if (c.clips()) std::printf(" %10.4f", static_cast<double>(list.scores[i]));
    std::printf(" %8lld\n", static_cast<long long>(c.support.counts[static_cast<std::size_t>(item)]));
  }
  if (const std::string note = c.support.left_out_note(); !note.empty()) std::printf("%s\n", note.c_str());
}

void recommend_one(const RecommendArgs& a, const Context& c) {
  const std::optional<std::int32_t> found = c.saved.users.find(a.user);
  if (!found)
    throw std::invalid_argument("unknown user id '" + a.user + "': the model in " + a.model_file + " knows " +
                                std::to_string(c.saved.users.size()) + " users and this is not one of them");
  const std::int32_t u = *found;
  const std::span<const std::int32_t> seen = c.history.of(u);
  const bool fallback = seen.empty();
  TopK list = c.popular;
  if (!fallback) {
    std::vector<float> scores(static_cast<std::size_t>(c.saved.model->num_items()));
    c.saved.model->score_users(u, 1, scores);
    c.support.mask(scores);
    list = top_k(scores, a.k, a.include_seen ? std::span<const std::int32_t>{} : seen);
    c.support.drop_masked(list);
  }
  const std::string note = "user " + a.user + " has no training history: these are the most popular items "
                           "(training interaction counts as scores), not the model's scores";
  if (a.json) {
    nlohmann::json items = nlohmann::json::array();
    for (std::size_t i = 0; i < list.items.size(); ++i) items.push_back(entry_json(c, list, i));
    nlohmann::json out = {{"model", c.saved.type()},   {"model_file", a.model_file},
                          {"user", a.user},            {"k", a.k},
                          {"seen_items", seen.size()}, {"include_seen", a.include_seen},
                          {"min_support", a.min_support},
                          {"fallback", fallback ? nlohmann::json("popular") : nlohmann::json(nullptr)},
                          {"items", items}};
    if (fallback) out["note"] = note;
    // Titles in the data (MovieLens) are Latin-1, not UTF-8: replace what is invalid.
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  if (fallback)
    std::printf("note: %s\n", note.c_str());
  else
    std::printf("top %d for user %s (%s, %s %zu items seen in training)\n", a.k, a.user.c_str(),
                c.saved.type().c_str(), a.include_seen ? "including" : "excluding", seen.size());
  print_list(c, list);
}

void recommend_all(const RecommendArgs& a, const Context& c) {
  data::UserItems none;
  none.num_items = c.history.num_items;
  none.offsets.assign(static_cast<std::size_t>(c.history.num_users()) + 1, 0);
  // The bar counts users as their scores come in: recommend_top_k calls the source
  // from several threads, so whichever thread finds the bar free draws it.
  const ScoreSource model = score_source(*c.saved.model);
  ProgressBar progress(ProgressBar::stderr_is_terminal(), 1, model.num_users);
  std::atomic<std::int64_t> scored = 0;
  std::mutex drawing;
  ScoreSource counted = model;
  counted.score_users = [&](std::int32_t first, std::int32_t count, std::span<float> out) {
    model.score_users(first, count, out);
    for (std::int32_t r = 0; r < count; ++r)
      c.support.mask(out.subspan(static_cast<std::size_t>(r) * c.support.counts.size(), c.support.counts.size()));
    const std::int64_t done = scored += count;
    if (const std::unique_lock lock(drawing, std::try_to_lock); lock.owns_lock()) progress.update_count(done, "users");
  };
  progress.start_epoch(0);
  std::vector<TopK> lists = recommend_top_k(
      counted, a.include_seen ? none : c.history, {.k = a.k, .block_users = 64, .threads = a.threads});
  progress.finish_epoch();
  AtomicFile out(a.out);
  out.write(c.clips() ? "user,item,rank,score,raw_score\n" : "user,item,rank,score\n");
  std::int64_t fallbacks = 0;
  for (std::int32_t u = 0; u < static_cast<std::int32_t>(lists.size()); ++u) {
    const bool fallback = c.history.of(u).empty();
    fallbacks += fallback;
    TopK& own = lists[static_cast<std::size_t>(u)];
    c.support.drop_masked(own);  // popular had its masked items dropped when it was made
    const TopK& list = fallback ? c.popular : own;
    const std::string user = csv_field(c.saved.users.raw(u));
    for (std::size_t i = 0; i < list.items.size(); ++i) {
      out.write(user);
      out.write(",");
      out.write(csv_field(c.saved.items.raw(list.items[i])));
      out.write(",");
      out.write_number(static_cast<std::int64_t>(i + 1));
      out.write(",");
      out.write_number(c.shown(list.scores[i]));
      if (c.clips()) {
        out.write(",");
        out.write_number(list.scores[i]);
      }
      out.write("\n");
    }
  }
  out.commit();
  std::fprintf(stderr, "wrote top-%d lists of %zu users to %s\n", a.k, lists.size(), a.out.c_str());
  if (fallbacks > 0)
    std::fprintf(stderr, "note: %lld users have no training history and got the most popular items "
                 "(scored by training counts) instead of model scores\n", static_cast<long long>(fallbacks));
}

}  // namespace

void add_recommend_command(CLI::App& app) {
  auto a = std::make_shared<RecommendArgs>();
  CLI::App* cmd = app.add_subcommand("recommend", "Top-k items for a user (or every user) from a saved model");
  cmd->add_option("--model-file", a->model_file, "A model file written by train --save")->required();
  CLI::Option* user = cmd->add_option("--user", a->user, "The user's id as in the data");
  CLI::Option* all = cmd->add_flag("--all-users", a->all_users, "Every user's list, as CSV to --out");
  CLI::Option* out = cmd->add_option("--out", a->out, "CSV file for --all-users (user,item,rank,score, and raw_score for rating models)");
  all->needs(out)->excludes(user);
  out->needs(all);
  cmd->add_option("--k", a->k, "Items per list")->check(CLI::PositiveNumber)->capture_default_str();
  add_data_options(cmd, a->data);
  cmd->get_option("--split")->description("The split whose non-test part counts as seen (default: the model's)");
  cmd->get_option("--seed")->description("Seed of the split (default: the model's training seed)")->default_str("");
  cmd->add_flag("--include-seen", a->include_seen, "Keep items the user saw in training");
  cmd->add_option("--min-support", a->min_support,
                  "Leave out items with fewer training interactions (0: rank every item, as eval does)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  add_threads_option(cmd, a->threads, "OpenMP threads for --all-users (default: all cores)");
  cmd->add_flag("--json", a->json, "Print the list as one JSON object");
  cmd->callback([a, cmd] {
    RecommendArgs args = *a;
    args.seed_given = cmd->count("--seed") > 0;
    if (!args.all_users && cmd->count("--user") == 0)
      throw std::invalid_argument("recommend: give --user ID or --all-users --out FILE");
    Context c = load_context(args);
    if (args.all_users)
      recommend_all(args, c);
    else
      recommend_one(args, c);
  });
}

}  // namespace recgrad::cli
