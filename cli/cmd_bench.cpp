// recgrad bench --model M [--dim K] [--batch B] [--steps N] [--threads T] [--json]
// Times one training step (forward, backward, optimiser update) with gradients from
// the tape and from the hand-derived formulas, in the same run: the two take turns
// in rounds, so a busy machine slows both alike, and the medians are compared.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "models/registry.hpp"
#include "cli/commands.hpp"
#include "cli/data_options.hpp"
#include "cli/run_options.hpp"
#include "training/batch_source.hpp"
#include "training/memory.hpp"
#include "training/setup.hpp"

namespace recgrad::cli {

namespace {

struct BenchArgs {
  std::string model = default_model().name;
  DataArgs data;
  std::int64_t dim = 64, batch = 1024;
  int steps = 400, threads = 1;
  bool json = false;
};

// Copies of the first batches of an epoch, replayed in turn.
struct StoredBatch {
  std::vector<Id> users, items, negatives;
  std::vector<float> targets, weights;
  std::vector<Id> context_items;  // next-item models: contexts and the sample's log Q
  std::vector<std::int64_t> context_offsets;
  std::vector<float> item_log_q, negative_log_q;

  template <class T>
  static std::vector<T> copy(std::span<const T> s) { return {s.begin(), s.end()}; }
  explicit StoredBatch(const Batch<float>& b)
      : users(copy(b.users)), items(copy(b.items)), negatives(copy(b.negatives)), targets(copy(b.targets)),
        weights(copy(b.weights)), context_items(copy(b.context_items)), context_offsets(copy(b.context_offsets)),
        item_log_q(copy(b.item_log_q)), negative_log_q(copy(b.negative_log_q)) {}
  Batch<float> view() const {
    return {users, items, negatives, targets, weights, context_items, context_offsets, item_log_q, negative_log_q};
  }
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

void run_bench(const BenchArgs& a) {
  omp_set_num_threads(a.threads);
  TrainingSetup setup = default_setup(a.model);
  setup.model.dim = a.dim;
  setup.model.global_mean = 3.5;
  setup.train.batches.batch_size = a.batch;
  const data::Dataset ds = load_data(a.data);
  const data::Split split = load_split(ds, a.data);
  const auto rows = static_cast<std::int64_t>(split.train.size());
  MemoryNeed need = model_memory(model_spec(a.model), setup, model_data(ds), rows);
  need.bytes *= 2;
  need.what += ", for each of the two models compared";
  refuse_beyond_memory(need);

  auto automatic = make_model<float>(a.model, setup.model, model_data(ds), a.data.seed);
  auto manual = make_model<float>(a.model, setup.model, model_data(ds), a.data.seed);
  BatchSource source(ds, split.train, automatic->feedback(), setup.train.batches);
  source.start_epoch(0);
  std::vector<StoredBatch> batches;
  for (Batch<float> b; batches.size() < 32 && source.next(b);)
    if (b.size() == a.batch) batches.emplace_back(b);
  if (batches.empty()) throw std::invalid_argument("bench: the data has fewer examples than one batch of " + std::to_string(a.batch));

  auto opt_auto = make_optimizer<float>(automatic->params(), setup.train.optimizer);
  auto opt_manual = make_optimizer<float>(manual->params(), setup.train.optimizer);
  Tape<float> tape;
  auto auto_step = [&](const Batch<float>& b) {
    tape.reset();
    const Var<float> loss = automatic->loss(tape, b);
    tape.backward(loss);
    opt_auto->step();
  };
  auto manual_step = [&](const Batch<float>& b) {
    manual->manual_gradients(b);
    opt_manual->step();
  };
  using Clock = std::chrono::steady_clock;
  auto time_step = [](auto& step, const Batch<float>& b) {
    const auto t0 = Clock::now();
    step(b);
    return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
  };
  // A model with only the tape's gradients (its registry entry says so) times that alone.
  const bool has_manual = model_spec(automatic->name()).manual_gradients;
  std::vector<double> auto_us, manual_us;
  constexpr int kRound = 20;
  for (int i = 0; i < 2 * kRound; ++i) {  // warm-up: arena, sparse-gradient buffers, caches
    auto_step(batches[i % batches.size()].view());
    if (has_manual) manual_step(batches[i % batches.size()].view());
  }
  for (int done = 0; done < a.steps; done += kRound) {
    for (int i = 0; i < kRound; ++i) auto_us.push_back(time_step(auto_step, batches[(done + i) % batches.size()].view()));
    if (has_manual)
      for (int i = 0; i < kRound; ++i) manual_us.push_back(time_step(manual_step, batches[(done + i) % batches.size()].view()));
  }
  const double auto_median = median(auto_us), manual_median = median(manual_us);
  const nlohmann::json no_value;  // null where the model has no hand-derived path
  const nlohmann::json out = {{"model", a.model},         {"dim", a.dim},
                              {"batch", a.batch},         {"threads", a.threads},
                              {"steps", auto_us.size()},  {"optimizer", setup.train.optimizer.kind},
                              {"auto_us", auto_median},   {"manual_us", has_manual ? nlohmann::json(manual_median) : no_value},
                              {"ratio", has_manual ? nlohmann::json(auto_median / manual_median) : no_value}};
  if (a.json) {
    std::cout << out.dump(2) << "\n";
  } else {
    std::printf("%s, dim %lld, batch %lld, %d thread(s): one step (forward, backward, %s update), median of %zu\n",
                a.model.c_str(), static_cast<long long>(a.dim), static_cast<long long>(a.batch), a.threads,
                setup.train.optimizer.kind.c_str(), auto_us.size());
    std::printf("  tape (--grad auto)      %9.1f us\n", auto_median);
    if (has_manual)
      std::printf("  by hand (--grad manual) %9.1f us\n  ratio %.3f\n", manual_median, auto_median / manual_median);
    else
      std::printf("  by hand (--grad manual)  none: %s has only the tape's gradients\n", a.model.c_str());
  }
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto a = std::make_shared<BenchArgs>();
  CLI::App* cmd = app.add_subcommand("bench", "Time a training step with tape and with hand-derived gradients");
  cmd->add_option("--model", a->model, "Model")->check(CLI::IsMember(gradient_model_names()))->capture_default_str();
  add_data_options(cmd, a->data);
  cmd->add_option("--dim", a->dim, "Factor size")->capture_default_str();
  cmd->add_option("--batch", a->batch, "Examples per batch")->capture_default_str();
  cmd->add_option("--steps", a->steps, "Timed steps per gradient mode")->capture_default_str();
  add_threads_option(cmd, a->threads, "OpenMP threads")->capture_default_str();
  cmd->add_flag("--json", a->json, "Print the result as JSON");
  cmd->callback([a] { run_bench(*a); });
}

}  // namespace recgrad::cli
