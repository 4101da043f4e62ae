#include "training/run.hpp"

#include <algorithm>

#include "models/als.hpp"
#include "models/lmf_full.hpp"
#include "training/sweep_training.hpp"
#include "training/evaluate.hpp"

namespace recgrad {

std::vector<std::string> trainable_model_names() {
  std::vector<std::string> names = model_names();
  names.push_back("als");
  names.push_back("lmf-full");
  return names;
}

RunOutcome run_training(const std::string& name, const data::Dataset& ds, const data::Split& split,
                        TrainingSetup setup, std::uint64_t seed) {
  if (split.train.empty()) throw std::invalid_argument("train: the split has no training interactions");
  if (name == "mf") {
    const auto& ratings = ds.interactions.ratings;
    double sum = 0, lo = ratings[split.train[0]], hi = lo;
    for (const std::int32_t r : split.train) {
      sum += ratings[r];
      lo = std::min<double>(lo, ratings[r]);
      hi = std::max<double>(hi, ratings[r]);
    }
    setup.model.global_mean = sum / static_cast<double>(split.train.size());
    setup.model.rating_min = lo;
    setup.model.rating_max = hi;
  }
  RunOutcome out;
  if (name == "als") {
    const AlsConfig als{setup.model.dim, setup.model.l2, setup.model.alpha, 3, setup.model.init_std};
    auto m = std::make_unique<ImplicitAls>(als, ds.num_users(), ds.num_items(), seed);
    SweepFit fit = prepare_sweep_fit(ds, split, setup.train);
    const data::UserItems users = fit.user_items, items = fit.item_users;
    out.training = fit_by_sweeps(*m, {&m->user_factors(), &m->item_factors()}, std::move(fit), ds, setup.train,
                                 [&] { m->sweep(users, items); });
    out.model = std::move(m);
  } else if (name == "lmf-full") {
    SweepFit fit = prepare_sweep_fit(ds, split, setup.train);
    auto m = std::make_unique<LogisticMfFull<float>>(setup.model, fit.user_items, seed);
    std::vector<Tensor<float>*> state;
    for (Param<float>* p : m->params()) state.push_back(&p->value);
    const auto lr = static_cast<float>(setup.train.optimizer.lr);
    const bool manual = setup.train.manual_gradients;
    out.training = fit_by_sweeps(*m, state, std::move(fit), ds, setup.train, [&] { m->sweep(lr, manual); });
    out.model = std::move(m);
  } else {
    auto m = make_model<float>(name, setup.model, ds.num_users(), ds.num_items(), seed);
    out.training = train(*m, ds, split, setup.train);
    out.model = std::move(m);
  }
  std::vector<std::int32_t> history = out.training.train_rows;
  history.insert(history.end(), out.training.validation_rows.begin(), out.training.validation_rows.end());
  out.history = ds.user_items(history);
  out.test = evaluate(*out.model, ds, split.test, out.history, {setup.train.k, setup.train.threads});
  return out;
}

}  // namespace recgrad
