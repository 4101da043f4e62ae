// Misuse is reported with the op, the shapes or the id and the table size.
#include <doctest/doctest.h>

#include <string>

#include "autodiff/errors.hpp"
#include "autodiff/ops.hpp"

using namespace recgrad;

namespace {
template <class F>
std::string message_of(F f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}
}  // namespace

TEST_CASE("shape mismatches name the op and both shapes") {
  Tape<float> tape;
  Param<float> a("a", 3, 4), b("b", 2, 4), c("c", 5, 7);
  const std::string add_msg = message_of([&] { add(tape.param(a), tape.param(b)); });
  CHECK(add_msg == "add: shapes [3 x 4] and [2 x 4] do not broadcast");
  CHECK_THROWS_AS(add(tape.param(a), tape.param(b)), ShapeError);

  const std::string mm = message_of([&] { matmul(tape.param(a), tape.param(c)); });
  CHECK(mm == "matmul: cannot multiply [3 x 4] by [5 x 7]");

  const std::string dot = message_of([&] { rowwise_dot(tape.param(a), tape.param(b)); });
  CHECK(dot == "rowwise_dot: b has shape [2 x 4], expected [3 x 4]");

  Param<float> bias("bias", 1, 3);
  CHECK(message_of([&] { add_bias(tape.param(a), tape.param(bias)); }) ==
        "add_bias: bias has shape [1 x 3], expected [1 x 4]");

  Param<float> p("p", 3, 1), q("q", 4, 1);
  CHECK(message_of([&] { mse_loss(tape.param(p), tape.param(q)); }) ==
        "mse_loss: target has shape [4 x 1], expected [3 x 1]");
}

TEST_CASE("out-of-range embedding ids name the table, the id and the table size") {
  Tape<float> tape;
  auto table = Param<float>::table("item_factors", 10, 4);
  const Id bad[] = {3, 10};
  CHECK_THROWS_AS(embedding<float>(tape, table, bad), IndexError);
  CHECK(message_of([&] { embedding<float>(tape, table, bad); }) ==
        "embedding 'item_factors': id 10 out of range for a table of 10 rows");
  const Id negative[] = {-1};
  CHECK(message_of([&] { embedding<float>(tape, table, negative); }) ==
        "embedding 'item_factors': id -1 out of range for a table of 10 rows");
  const std::int64_t offsets[] = {0, 2};
  CHECK_THROWS_AS(embedding_bag<float>(tape, table, bad, offsets), IndexError);
  const Id ok[] = {1, 2};
  const std::int64_t bad_offsets[] = {0, 1};
  CHECK_THROWS_AS(embedding_bag<float>(tape, table, ok, bad_offsets), ShapeError);
}

TEST_CASE("class targets outside the logits are rejected") {
  Tape<float> tape;
  Param<float> logits("logits", 2, 3);
  const Id targets[] = {0, 3};
  CHECK(message_of([&] { softmax_cross_entropy_loss(tape.param(logits), std::span<const Id>(targets)); }) ==
        "softmax_cross_entropy_loss: target class 3 out of range for 3 classes");
}

TEST_CASE("gather ops need an embedding table, not a dense parameter") {
  Tape<float> tape;
  Param<float> dense("weights", 4, 2);
  const Id ids[] = {0};
  CHECK_THROWS_AS(embedding<float>(tape, dense, ids), std::invalid_argument);
}
