#include "models/registry.hpp"
#include "models/gradient_comparison.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>

#include "autodiff/gradcheck.hpp"
#include "autodiff/random.hpp"
#include "data/synthetic.hpp"
#include "models/lmf_full/lmf_full.hpp"

namespace recgrad {

namespace {

// A batch of the kind the model trains on, with values drawn from `rng`. The arrays
// live in `store` so the spans stay valid.
struct BatchStore {
  std::vector<Id> users, items, negatives;
  std::vector<double> targets, weights;
  std::vector<Id> context_items;
  std::vector<std::int64_t> context_offsets{0};
  std::vector<double> item_log_q, negative_log_q;
  std::uint64_t seed = 0;
  Batch<double> view() const {
    Batch<double> b{users, items, negatives, targets, weights, {}, {}};
    if (context_offsets.size() > 1) {  // next-item
      b.context_items = context_items;
      b.context_offsets = context_offsets;
      b.item_log_q = item_log_q;
      b.negative_log_q = negative_log_q;
    }
    b.seed = seed;
    return b;
  }
};

// Next-item batches: a fixed sample of classes shared by the batch, as sampled softmax
// draws it, with a repeated draw and a draw equal to a target (an accidental hit), and
// log Q values for every target and sample.
void add_shared_sample(BatchStore& b, const ComparisonOptions& o, Rng& rng) {
  const auto draw = [&] { return static_cast<Id>(rng.below(static_cast<std::uint64_t>(o.num_items))); };
  for (int s = 0; s < 6; ++s) b.negatives.push_back(draw());
  b.negatives.push_back(b.negatives.front());
  b.negatives.push_back(b.items.front());
  for (std::size_t s = 0; s < b.negatives.size(); ++s) b.negative_log_q.push_back(std::log(0.01 + rng.uniform()));
  for (std::size_t r = 0; r < b.items.size(); ++r) b.item_log_q.push_back(std::log(0.01 + rng.uniform()));
}

BatchStore random_batch(Feedback feedback, const ComparisonOptions& o, Rng& rng) {
  BatchStore b;
  for (std::int64_t r = 0; r < o.batch; ++r) {
    b.users.push_back(static_cast<Id>(rng.below(static_cast<std::uint64_t>(o.num_users))));
    b.items.push_back(static_cast<Id>(rng.below(static_cast<std::uint64_t>(o.num_items))));
    switch (feedback) {
      case Feedback::Explicit:
        b.targets.push_back(1.0 + static_cast<double>(rng.below(5)));
        break;
      case Feedback::Pointwise:
        b.targets.push_back(static_cast<double>(rng.below(2)));
        b.weights.push_back(b.targets.back() > 0 ? 1.0 + 2.0 * rng.uniform() : 1.0);
        break;
      case Feedback::Pairwise:
        b.negatives.push_back(static_cast<Id>(rng.below(static_cast<std::uint64_t>(o.num_items))));
        break;
      case Feedback::Binary:
        b.targets.push_back(static_cast<double>(rng.below(2)));
        break;
      case Feedback::NextItem:  // up to 4 previous items, an empty history included
        for (std::uint64_t n = rng.below(5); n > 0; --n)
          b.context_items.push_back(static_cast<Id>(rng.below(static_cast<std::uint64_t>(o.num_items))));
        b.context_offsets.push_back(static_cast<std::int64_t>(b.context_items.size()));
        break;
    }
  }
  if (feedback == Feedback::NextItem) add_shared_sample(b, o, rng);
  // What widedeep's dropout masks are drawn from, the same on every forward pass. Drawn
  // last, so that the batch's other values stay those checked before it had a seed.
  b.seed = rng.next_u64();
  return b;
}

// The three-way comparison over `params`: the tape's gradient of `tape_loss`, finite
// differences of it, and `manual` (null: the model has no hand-derived path), which adds
// its gradient into the parameters and returns the loss.
GradientComparison compare_gradients(const std::string& name, const std::vector<Param<double>*>& params,
                                     const Graph& tape_loss, const std::function<double()>& manual,
                                     const ComparisonOptions& o) {
  GradientComparison out;
  out.model = name;
  Tape<double> tape;
  for (Param<double>* p : params) p->zero_grad();
  Var<double> loss = tape_loss(tape);
  out.loss_auto = loss.item();
  tape.backward(loss);
  std::vector<Tensor<double>> automatic;
  for (Param<double>* p : params) automatic.push_back(dense_gradient(*p));

  // Finite differences on the same graph (this re-runs backward on the parameters).
  GradCheckOptions numeric_options;
  numeric_options.tolerance = o.tolerance;
  numeric_options.max_shifts = o.max_shifts;
  const GradCheckReport numeric = check_gradients(params, tape_loss, numeric_options);

  out.has_manual = static_cast<bool>(manual);
  for (Param<double>* p : params) p->zero_grad();
  out.loss_manual = out.has_manual ? manual() : out.loss_auto;

  out.ok = std::abs(out.loss_auto - out.loss_manual) <= o.tolerance * std::max(1.0, std::abs(out.loss_auto));
  for (std::size_t k = 0; k < params.size(); ++k) {
    const double manual_rel = out.has_manual ? relative_difference(automatic[k], dense_gradient(*params[k])) : 0.0;
    const ParamCheck& n = numeric.params[k];
    const ParamComparison c{params[k]->name(),   manual_rel,       n.max_rel_err,     n.coords_sampled,
                            n.coords_checked,    n.coords_shifted, n.coords_skipped,  n.coords_required,
                            n.coverage_ok};
    out.ok = out.ok && c.auto_vs_manual_rel <= o.tolerance && c.auto_vs_numeric_rel <= o.tolerance && c.coverage_ok;
    out.params.push_back(c);
  }
  for (Param<double>* p : params) p->zero_grad();
  return out;
}

// Feature rows (age, gender, occupation; genres, decade) for the models that read
// metadata, and positives for lmf-full, from a small synthetic data set of about the
// requested size (users or items left without interactions are dropped, so the counts
// are the data's).
data::Dataset comparison_data(const ComparisonOptions& o) {
  return data::generate_dataset({.users = o.num_users, .items = o.num_items,
                                 .interactions = std::int64_t{o.num_users} * (o.num_items / 4), .seed = o.seed});
}

// Biases start at zero; give them values so their gradient terms are exercised.
void randomise_biases(const std::vector<Param<double>*>& biases, Rng& rng) {
  for (Param<double>* p : biases)
    for (double& x : p->value) x = rng.normal(0.0, 0.3);
}

// lmf-full: its loss is over the whole user x item matrix, not a batch.
GradientComparison compare_whole_matrix_gradients(const ModelConfig& config, const ComparisonOptions& o) {
  const data::Dataset ds = comparison_data(o);
  LogisticMfFull<double> model(config, ds.user_items(), o.seed);
  Rng rng(o.seed + 1);
  const std::vector<Param<double>*> params = model.params();
  randomise_biases({params[2], params[3]}, rng);
  return compare_gradients(
      model.name(), params, [&](Tape<double>& t) { return model.loss(t); }, [&] { return model.manual_gradients(); },
      o);
}

}  // namespace

const std::vector<std::string>& gradient_checked_model_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const ModelSpec& spec : model_registry())
      if (spec.manual_gradients) out.push_back(spec.name);
    return out;
  }();
  return names;
}

GradientComparison compare_model_gradients(const std::string& name, const ModelConfig& config,
                                           const ComparisonOptions& o) {
  // The one model with hand-derived gradients that is not trained by minibatches: its
  // loss is over the whole matrix.
  if (!model_spec(name).gradient_trained()) return compare_whole_matrix_gradients(config, o);
  const data::Dataset features = comparison_data(o);
  ComparisonOptions sized = o;
  sized.num_users = features.num_users();
  sized.num_items = features.num_items();
  auto model = make_model<double>(name, config, model_data(features), o.seed);
  const auto params = model->params();
  std::vector<Param<double>*> biases;
  std::copy_if(params.begin(), params.end(), std::back_inserter(biases),
               [](const Param<double>* p) { return p->value.cols() == 1; });
  Rng rng(o.seed + 1);
  randomise_biases(biases, rng);
  const BatchStore store = random_batch(model->feedback(), sized, rng);
  const Batch<double> batch = store.view();
  std::function<double()> manual;
  if (model_spec(name).manual_gradients) manual = [&] { return model->manual_gradients(batch); };
  return compare_gradients(
      name, params, [&](Tape<double>& t) { return model->loss(t, batch); }, manual, o);
}

ModelConfig gradient_check_config(const std::string& model) {
  ModelConfig config;
  config.dim = 8;
  config.l2 = 0.05;
  config.alpha = 2.0;
  config.global_mean = 3.5;
  config.own = model_spec(model).own_defaults();
  if (config.own.has("id-free-copies")) config.own.set("id-free-copies", 0.3);
  if (config.own.has("dropout")) config.own.set("dropout", 0.3);
  return config;
}

}  // namespace recgrad
