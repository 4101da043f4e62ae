// Johnson's full-matrix logistic MF: the tape and the paper's formulas give the same
// loss and gradients (and finite differences agree), and a sweep lowers the loss.
#include <doctest/doctest.h>

#include "autodiff/gradcheck.hpp"
#include "models/lmf_full/lmf_full.hpp"

using namespace recgrad;

namespace {
data::UserItems tiny_positives() {
  const std::vector<std::int32_t> users = {0, 0, 1, 2, 2, 2, 3, 4};
  const std::vector<std::int32_t> items = {1, 3, 0, 2, 3, 5, 4, 1};
  return data::UserItems::from_pairs(5, 6, users, items);
}

ModelConfig config() {
  ModelConfig c;
  c.dim = 3;
  c.l2 = 0.3;
  c.alpha = 2.0;
  c.init_std = 0.5;
  return c;
}
}  // namespace

TEST_CASE("lmf-full: tape, formulas and finite differences agree in double") {
  LogisticMfFull<double> model(config(), tiny_positives(), 5);
  const auto params = model.params();
  for (Param<double>* p : params)  // biases start at zero; move them so their terms count
    if (p->name().find("bias") != std::string::npos)
      for (std::int64_t k = 0; k < p->value.size(); ++k) p->value.data()[k] = 0.1 * static_cast<double>(k % 5) - 0.2;

  Tape<double> tape;
  for (Param<double>* p : params) p->zero_grad();
  const Var<double> loss = model.loss(tape);
  const double loss_tape = loss.item();
  tape.backward(loss);
  std::vector<Tensor<double>> by_tape;
  for (Param<double>* p : params) by_tape.push_back(dense_gradient(*p));

  for (Param<double>* p : params) p->zero_grad();
  const double loss_hand = model.manual_gradients();
  CHECK(loss_hand == doctest::Approx(loss_tape).epsilon(1e-12));
  for (std::size_t k = 0; k < params.size(); ++k) {
    INFO(params[k]->name());
    CHECK(relative_difference(by_tape[k], dense_gradient(*params[k])) <= 1e-10);
  }

  const GradCheckReport numeric = check_gradients(params, [&](Tape<double>& t) { return model.loss(t); });
  for (const ParamCheck& p : numeric.params) {
    INFO(p.name);
    CHECK(p.max_rel_err <= 1e-6);
  }
}

TEST_CASE("lmf-full: alternating sweeps lower the loss, on either gradient path") {
  for (const bool manual : {false, true}) {
    LogisticMfFull<double> model(config(), tiny_positives(), 5);
    const double first = model.sweep(0.1, manual);
    double last = first;
    for (int s = 0; s < 20; ++s) last = model.sweep(0.1, manual);
    CHECK(last < first);
  }
}
