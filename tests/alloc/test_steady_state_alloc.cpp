// Recording a batch on a warmed-up tape allocates nothing on the heap: the arena
// and the node list keep their capacity across reset(). Nor does a hand-derived
// training step: its layers keep their buffers. Counted by replacing the global
// allocation functions in this test executable.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>

#include "alloc/alloc_count.hpp"
#include "models/registry.hpp"
#include "autodiff/ops.hpp"
#include "data/synthetic.hpp"
#include "models/model.hpp"

namespace {
std::atomic<long> g_allocations{0};
std::atomic<long> g_bytes{0};
}  // namespace

long allocated_bytes() { return g_bytes.load(); }

// GCC sees the replaced operator delete free() memory that "operator new" returned and
// warns of a mismatch; here both sides are ours and pair malloc with free on purpose.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  g_bytes.fetch_add(static_cast<long>(n), std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, std::align_val_t a) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  g_bytes.fetch_add(static_cast<long>(n), std::memory_order_relaxed);
  const auto align = static_cast<std::size_t>(a);
  if (void* p = std::aligned_alloc(align, (n + align - 1) / align * align)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a) { return operator new(n, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

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

// Two hand-derived steps of the model on `b` to warm it up, then five more that must
// not allocate.
void check_steady_manual_steps(const std::string& name, const ModelConfig& config, const data::Dataset& ds,
                               const Batch<float>& b) {
  auto model = make_model<float>(name, config, model_data(ds), 1);
  const auto params = model->params();
  const auto step = [&] {
    for (Param<float>* p : params) p->zero_grad();
    return model->manual_gradients(b);
  };
  step();
  step();
  for (int s = 0; s < 5; ++s) {
    const long before = g_allocations.load();
    const float loss = step();
    const long allocations = g_allocations.load() - before;
    INFO("step " << s);
    CHECK(std::isfinite(loss));
    CHECK(allocations == 0);
  }
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

  const long before = g_allocations.load();
  for (int step = 0; step < 5; ++step) record_batch(tape, users, items, w, b, u, i, offsets, labels);
  CHECK(g_allocations.load() - before == 0);
  CHECK(tape.size() > 10);
}

TEST_CASE("a warmed-up softmax model takes hand-derived steps without heap allocation") {
  const data::Dataset ds = data::generate_dataset({.users = 50, .items = 80, .interactions = 1000, .seed = 3});
  constexpr std::int64_t batch = 64;
  std::vector<Id> users(batch), items(batch), context, negatives{1, 5, 9, 5, 2};
  std::vector<std::int64_t> offsets{0};
  std::vector<float> item_log_q(batch, -3.0f), negative_log_q(negatives.size(), -4.0f);
  for (std::int64_t r = 0; r < batch; ++r) {
    users[r] = static_cast<Id>(r % ds.num_users());
    items[r] = static_cast<Id>((r * 7) % ds.num_items());
    for (std::int64_t j = 0; j < r % 4; ++j) context.push_back(static_cast<Id>((r + j * 13) % ds.num_items()));
    offsets.push_back(static_cast<std::int64_t>(context.size()));
  }
  const Batch<float> b{users, items, negatives, {}, {}, context, offsets, item_log_q, negative_log_q};
  for (const char* head : {"sampled", "full"}) {
    ModelConfig config;
    config.dim = 8;
    config.own = model_spec("softmax").own_defaults();
    config.own.set("softmax", std::string(head));
    INFO(head);
    check_steady_manual_steps("softmax", config, ds, b);
  }
}

TEST_CASE("every other warmed-up model with hand-derived gradients takes its steps without heap allocation") {
  const data::Dataset ds = data::generate_dataset({.users = 50, .items = 80, .interactions = 1000, .seed = 3});
  constexpr std::int64_t batch = 64;
  // One batch that serves every feedback kind but next-item: ratings and labels alike
  // read targets of 1, pairwise models the negatives.
  std::vector<Id> users(batch), items(batch), negatives(batch);
  std::vector<float> targets(batch, 1.0f), weights(batch, 2.0f);
  for (std::int64_t r = 0; r < batch; ++r) {
    users[r] = static_cast<Id>(r % ds.num_users());
    items[r] = static_cast<Id>((r * 7) % ds.num_items());
    negatives[r] = static_cast<Id>((r * 11 + 3) % ds.num_items());
  }
  const Batch<float> b{users, items, negatives, targets, weights, {}, {}};
  int models = 0;
  for (const ModelSpec& spec : model_registry()) {
    if (!spec.manual_gradients || spec.feedback == Feedback::NextItem || !spec.gradient_trained()) continue;
    ModelConfig config;
    config.dim = 8;
    INFO(spec.name);
    check_steady_manual_steps(spec.name, config, ds, b);
    ++models;
  }
  CHECK(models >= 6);  // the loop above did meet the registry's hand-derived models
}

TEST_CASE("the allocation counter itself counts") {
  const long before = g_allocations.load();
  auto* p = new std::vector<int>(1000);
  delete p;
  CHECK(g_allocations.load() - before >= 2);
}
