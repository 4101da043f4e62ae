// Recording a batch on a warmed-up tape allocates nothing on the heap: the arena
// and the node list keep their capacity across reset(). Every model's training step
// is counted in test_model_step_alloc.cpp, its sweeps in test_sweep_alloc.cpp.
#include <doctest/doctest.h>

#include <vector>

#include "alloc/alloc_count.hpp"
#include "autodiff/ops.hpp"

using namespace recgrad;

namespace {
// One training step's graph of a biased matrix-factorisation-like model with an
// MLP on top: gathers, bags, matmul, elementwise ops and a loss, then backward.
void record_batch(Tape<float>& tape, Param<float>& users, Param<float>& items, Param<float>& w, Param<float>& b,
                  std::span<const Id> u, std::span<const Id> i, std::span<const std::int64_t> offsets,
                  const Tensor<float>& labels) {
  tape.reset();
  users.zero_grad();
  items.zero_grad();
  w.zero_grad();
  b.zero_grad();
  Var<float> eu = embedding<float>(tape, users, u);
  Var<float> ei = embedding_bag<float>(tape, items, i, offsets, {}, BagMode::Mean);
  Var<float> hidden = relu(add_bias(matmul(mul(eu, ei), tape.param(w)), tape.param(b)));
  Var<float> score = add(rowwise_dot(eu, ei), sum_rows(hidden));
  Var<float> loss = add(bce_with_logits_loss(score, tape.constant(labels.view())), mse_loss(score, score));
  tape.backward(loss);
}
}  // namespace

TEST_CASE("a warmed-up tape records and sweeps a batch without heap allocation") {
  constexpr std::int64_t batch = 256, dim = 16;
  auto users = Param<float>::table("users", 1000, dim);
  auto items = Param<float>::table("items", 2000, dim);
  Param<float> w("w", dim, 8), b("b", 1, 8);
  std::vector<Id> u(batch), i(2 * batch);
  std::vector<std::int64_t> offsets(batch + 1);
  for (std::int64_t r = 0; r < batch; ++r) u[r] = static_cast<Id>((r * 37) % 1000);
  for (std::int64_t r = 0; r < 2 * batch; ++r) i[r] = static_cast<Id>((r * 91) % 2000);
  for (std::int64_t r = 0; r <= batch; ++r) offsets[r] = 2 * r;
  Tensor<float> labels(batch, 1);

  Tape<float> tape(4096);  // deliberately small: the first batch must grow it
  record_batch(tape, users, items, w, b, u, i, offsets, labels);
  record_batch(tape, users, items, w, b, u, i, offsets, labels);

  const long before = allocation_count();
  for (int step = 0; step < 5; ++step) record_batch(tape, users, items, w, b, u, i, offsets, labels);
  CHECK(allocation_count() - before == 0);
  CHECK(tape.size() > 10);
}

TEST_CASE("the allocation counter itself counts") {
  // Called by name rather than through a new-expression, which the compiler may elide.
  const long before = allocation_count(), bytes_before = allocated_bytes();
  void* p = ::operator new(1000);
  ::operator delete(p);
  CHECK(allocation_count() - before == 1);
  CHECK(allocated_bytes() - bytes_before == 1000);
}
