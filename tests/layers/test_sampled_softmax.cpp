// The sampled-softmax output layer: gradients of the input and of the output
// embeddings and biases against finite differences (with a fixed sample, accidental
// hits and repeated draws included), the full softmax as the limit of the sampled one,
// and the evaluation-time scores against the tape's logits.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "autodiff/gradcheck.hpp"
#include "layers/sampled_softmax.hpp"

using namespace recgrad;

namespace {

struct Setup {
  static constexpr Id kClasses = 12;
  static constexpr std::int64_t kDim = 5;
  Rng rng{17};
  SampledSoftmax<double> layer{"out", kClasses, kDim, 0.5, rng};
  Param<double> u{"u", 6, kDim};  // six input vectors, a dense parameter so their gradient is checked too
  std::vector<Id> targets = {3, 0, 7, 3, 11, 5};
  Setup() {
    for (double& x : u.value) x = rng.normal(0.0, 1.0);
    for (double& b : layer.bias().value) b = rng.normal(0.0, 0.3);
  }
  std::vector<Param<double>*> params() {
    std::vector<Param<double>*> out{&u};
    layer.collect_params(out);
    return out;
  }
};

}  // namespace

TEST_CASE("sampled softmax: gradients match finite differences for a fixed sample") {
  Setup s;
  // 3 appears twice (a repeated draw) and is also the target of rows 0 and 3 (an accidental hit).
  const std::vector<Id> negatives = {3, 9, 1, 3, 10};
  const std::vector<double> negative_log_q = {-1.2, -2.5, -3.0, -1.2, -0.7};
  const std::vector<double> target_log_q = {-1.2, -2.0, -2.2, -1.2, -3.1, -1.9};
  const auto params = s.params();
  const GradCheckReport report = check_gradients(params, [&](Tape<double>& t) {
    return s.layer.sampled_loss(t.param(s.u), s.targets, negatives, target_log_q, negative_log_q);
  });
  for (const ParamCheck& p : report.params) CHECK_MESSAGE(p.ok, p.name << ": relative error " << p.max_rel_err);
  CHECK(report.ok);
}

TEST_CASE("full softmax: gradients match finite differences") {
  Setup s;
  const auto params = s.params();
  const GradCheckReport report =
      check_gradients(params, [&](Tape<double>& t) { return s.layer.full_loss(t.param(s.u), s.targets); });
  for (const ParamCheck& p : report.params) CHECK_MESSAGE(p.ok, p.name << ": relative error " << p.max_rel_err);
  CHECK(report.ok);
}

TEST_CASE("sampled softmax over every class with uniform Q is the full softmax") {
  // Each class drawn once with the same Q: the log-Q terms shift every logit alike and
  // cancel, and the target's own draw is an accidental hit that must be removed.
  Setup s;
  std::vector<Id> all(Setup::kClasses);
  for (Id c = 0; c < Setup::kClasses; ++c) all[static_cast<std::size_t>(c)] = c;
  const std::vector<double> log_q_all(all.size(), std::log(1.0 / Setup::kClasses));
  const std::vector<double> log_q_targets(s.targets.size(), std::log(1.0 / Setup::kClasses));
  Tape<double> tape;
  const double sampled =
      s.layer.sampled_loss(tape.param(s.u), s.targets, all, log_q_targets, log_q_all).item();
  const double full = s.layer.full_loss(tape.param(s.u), s.targets).item();
  CHECK(sampled == doctest::Approx(full).epsilon(1e-12));
}

TEST_CASE("log-Q correction: each draw of a class counts e^z / Q(class)") {
  // The sampled normaliser is an importance-weighted sum: one draw of class 9 at Q = 1
  // adds e^{z9}; two draws at Q = 1/2 add 2 e^{z9} each.
  Setup s;
  Tape<double> tape;
  const std::vector<Id> one_target = {3};
  const std::vector<double> target_q = {0.0};
  Param<double> u1("u1", 1, Setup::kDim);
  for (std::int64_t d = 0; d < Setup::kDim; ++d) u1.value(0, d) = s.u.value(0, d);
  const Var<double> x = tape.param(u1);
  const double once = s.layer.sampled_loss(x, one_target, std::vector<Id>{9}, target_q, std::vector<double>{0.0}).item();
  const double twice_half =
      s.layer
          .sampled_loss(x, one_target, std::vector<Id>{9, 9}, target_q, std::vector<double>{std::log(0.5), std::log(0.5)})
          .item();
  // once:       log(e^{z3} + e^{z9}) - z3;   twice at Q 1/2: log(e^{z3} + 4 e^{z9}) - z3.
  const Var<double> z = s.layer.logits(x);
  const double z3 = z.value()(0, 3), z9 = z.value()(0, 9);
  CHECK(once == doctest::Approx(std::log(std::exp(z3) + std::exp(z9)) - z3));
  CHECK(twice_half == doctest::Approx(std::log(std::exp(z3) + 4 * std::exp(z9)) - z3));
}

TEST_CASE("evaluation scores equal the tape's logits") {
  Setup s;
  Tape<double> tape;
  const Var<double> z = s.layer.logits(tape.param(s.u));
  std::vector<double> scores(static_cast<std::size_t>(6 * Setup::kClasses));
  s.layer.score(s.u.value.data(), 6, scores.data());
  for (std::int64_t r = 0; r < 6; ++r)
    for (Id c = 0; c < Setup::kClasses; ++c)
      CHECK(scores[static_cast<std::size_t>(r * Setup::kClasses + c)] == doctest::Approx(z.value()(r, c)));
}
