// One training step of every model trained by minibatch gradients takes no heap
// allocation once two steps on the same batch have sized its buffers: the loss and its
// gradient by the tape (loss, then backward) and by hand (manual_gradients), each followed
// by the optimiser's update, as training/trainer.cpp runs them. The models, their
// defaults and their batches come from the registry and the trainer's batch source, so a
// model added to the registry is counted here without an edit.
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "alloc/alloc_count.hpp"
#include "data/synthetic.hpp"
#include "models/gradient_comparison.hpp"
#include "models/registry.hpp"
#include "optim/optimizer.hpp"
#include "training/batch_source.hpp"
#include "training/setup.hpp"

using namespace recgrad;

namespace {

// The model's own options to step with: those of its gradient check, where every term of
// the loss is on, and one more set for each other value of a choice among them (softmax's
// full head beside the sampled one).
std::vector<Options> own_variants(const std::string& model) {
  const Options checked = gradient_check_config(model).own;
  std::vector<Options> out{checked};
  for (const OptionSpec& o : checked.specs()) {
    if (o.kind != OptionKind::Choice) continue;
    for (const std::string& choice : o.choices) {
      if (choice == checked.text(o.name)) continue;
      out.push_back(checked);
      out.back().set(o.name, choice);
    }
  }
  return out;
}

// The model's training setup with `own` for its own options, small enough to be quick.
// The options go through the registry's rules (the full softmax draws no negatives).
TrainingSetup small_setup(const ModelSpec& spec, const Options& own) {
  Options options = spec.default_options();
  for (const OptionSpec& o : own.specs()) options.set(o.name, own.value(o.name));
  TrainingSetup setup = setup_from_options(spec, options);
  setup.model.dim = 8;
  setup.train.batches.batch_size = 64;
  // The optimiser stays the model's; a small step keeps seven steps on one batch finite
  // (mf's plain SGD at its default of 40 is sized for whole epochs of different batches).
  setup.train.optimizer.lr = 0.01;
  return setup;
}

std::string describe(const Options& own) {
  std::string out;
  for (const OptionSpec& o : own.specs()) out += " " + o.name + "=" + to_string(own.value(o.name));
  return out;
}

// The steady allocations of the tape's step and of the hand-derived one (-1: the model
// has none) of a model built from `setup`, on the first batch its training would take.
struct PathAllocations {
  long tape = 0, manual = -1;
};

PathAllocations step_allocations(const ModelSpec& spec, const TrainingSetup& setup, const data::Dataset& ds) {
  std::vector<std::int32_t> rows(static_cast<std::size_t>(ds.interactions.size()));
  std::iota(rows.begin(), rows.end(), 0);
  BatchSource source(ds, rows, spec.feedback, setup.train.batches);
  source.start_epoch(0);
  Batch<float> batch;
  REQUIRE(source.next(batch));
  const auto finite = [](float loss) { CHECK(std::isfinite(loss)); };

  PathAllocations out;
  {
    auto model = make_model<float>(spec.name, setup.model, model_data(ds), 1);
    auto optimizer = make_optimizer<float>(model->params(), setup.train.optimizer);
    Tape<float> tape;
    out.tape = steady_state_allocations(
        [&] {
          tape.reset();
          const Var<float> loss = model->loss(tape, batch);
          tape.backward(loss);
          optimizer->step();
          return loss.item();
        },
        finite);
  }
  if (spec.manual_gradients) {
    auto model = make_model<float>(spec.name, setup.model, model_data(ds), 1);
    auto optimizer = make_optimizer<float>(model->params(), setup.train.optimizer);
    out.manual = steady_state_allocations(
        [&] {
          const float loss = model->manual_gradients(batch);
          optimizer->step();
          return loss;
        },
        finite);
  }
  return out;
}

}  // namespace

TEST_CASE("every gradient-trained model takes a training step by either path without heap allocation") {
  const data::Dataset ds = data::generate_dataset({.users = 50, .items = 80, .interactions = 1000, .seed = 3});
  std::size_t models = 0, manual_steps = 0;
  for (const ModelSpec& spec : model_registry()) {
    if (!spec.gradient_trained()) continue;  // trained by sweeps: test_sweep_alloc.cpp
    ++models;
    for (const Options& own : own_variants(spec.name)) {
      INFO(spec.name << describe(own));
      const PathAllocations a = step_allocations(spec, small_setup(spec, own), ds);
      CHECK(a.tape == 0);
      if (spec.manual_gradients) {
        CHECK(a.manual == 0);
        ++manual_steps;
      }
    }
  }
  // The loop met every model the registry trains by gradients (eight when this was
  // written: mf, lmf, bpr, fm, fm-bpr, widedeep, hybrid, softmax), each with its
  // hand-derived path, and softmax's two heads.
  CHECK(models == gradient_model_names().size());
  CHECK(models >= 8);
  CHECK(manual_steps >= models + 1);
}
