// The tape: a Wengert list of one minibatch's computation, swept in reverse.
//
// Each op appends one node: its output value, the ids of its inputs, a pointer to
// its backward function and to whatever it saved for it. Nodes are appended in
// creation order, which is already a topological order, so backward() is a plain
// loop from the last node to the first: no recursion, no sorting.
//
// Memory: values, gradients, input lists and saved records live in an Arena; the
// node list is a vector. reset() keeps both capacities, so a steady training loop
// records every batch without touching the heap.
//
// Models do not use this header's node-level API directly: they call ops
// (autodiff/ops.hpp), which are the only code that records nodes.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

#include "autodiff/arena.hpp"
#include "autodiff/param.hpp"
#include "autodiff/tensor.hpp"

namespace recgrad {

template <class T>
class Tape;

// A handle to one node's output: the tape it lives on and its index there.
// Cheap to copy; valid until the tape is reset.
template <class T>
struct Var {
  Tape<T>* tape = nullptr;
  std::int32_t id = -1;

  Shape shape() const;
  MatrixView<T> value() const;
  MatrixView<T> grad() const;  // empty unless the node takes part in backward()
  bool requires_grad() const;
  T item() const;              // the value of a 1 x 1 variable
};

template <class T>
struct Node;

template <class T>
using BackwardFn = void (*)(Tape<T>& tape, const Node<T>& node);

template <class T>
struct Node {
  const char* op = "";              // op name, for messages
  MatrixView<T> value;
  MatrixView<T> grad;               // set by backward(), or bound to a Param's gradient
  BackwardFn<T> backward = nullptr; // null for leaves
  const std::int32_t* inputs = nullptr;
  std::int32_t num_inputs = 0;
  const void* saved = nullptr;      // op-specific record in the arena
  bool requires_grad = false;
  // Not differentiable where its first input is 0 (relu's kink): a gradient check leaves
  // out the coordinates whose nudge moves such an input across 0 (autodiff/gradcheck.cpp).
  bool kink_at_zero = false;
};

template <class T>
class Tape {
 public:
  explicit Tape(std::size_t arena_bytes = 1 << 20);
  Tape(const Tape&) = delete;
  Tape& operator=(const Tape&) = delete;

  // --- Leaves -------------------------------------------------------------------
  // Data that needs no gradient; the values are copied into the tape.
  Var<T> constant(MatrixView<const T> values);
  // A zero-filled constant of the given shape for the caller to fill in place.
  Var<T> constant(Shape shape);
  // A dense parameter: the node reads the parameter's value in place, and its
  // gradient accumulates straight into the parameter's dense gradient.
  Var<T> param(Param<T>& p);

  // --- Backward -----------------------------------------------------------------
  // Reverse sweep from a 1 x 1 output (a loss), seeding d loss / d loss = 1.
  void backward(Var<T> loss);
  // Reverse sweep from any output with a given seed, i.e. the gradient of
  // sum(seed .* output). Used by gradient checking on non-scalar ops.
  void backward(Var<T> output, MatrixView<const T> seed);

  // Forget all nodes; values and gradients become invalid. Keeps capacity.
  void reset();

  std::size_t size() const { return nodes_.size(); }
  const Arena& arena() const { return arena_; }

  // --- For op implementations (autodiff/ops/) -------------------------------------
  // Appends a node whose value is fresh, uninitialised arena storage of `shape`.
  // It requires a gradient when any input does, or when it reads a trainable
  // parameter outside the tape (an embedding table); `backward` is dropped otherwise.
  Var<T> record(const char* op, Shape shape, std::initializer_list<Var<T>> inputs,
                BackwardFn<T> backward, bool reads_trainable_param = false);
  Var<T> record(const char* op, Shape shape, std::span<const Var<T>> inputs,
                BackwardFn<T> backward, bool reads_trainable_param = false);
  // Stores a copy of `data` in the arena, e.g. ids a backward pass will need.
  template <class U>
  std::span<const U> save(std::span<const U> data);
  // Attaches an op-specific record to a node, copied into the arena.
  template <class Record>
  const Record* save_record(Var<T> v, const Record& record);
  template <class U>
  U* scratch(std::size_t n) { return arena_.allocate<U>(n); }

  Node<T>& node(std::int32_t id) { return nodes_[static_cast<std::size_t>(id)]; }
  const Node<T>& node(std::int32_t id) const { return nodes_[static_cast<std::size_t>(id)]; }
  // The input `k` of `n`, as a node.
  Node<T>& input(const Node<T>& n, int k) { return node(n.inputs[k]); }

 private:
  Var<T> push(Node<T> n);
  void sweep(Var<T> output, MatrixView<const T> seed);

  Arena arena_;
  std::vector<Node<T>> nodes_;
};

template <class T>
template <class U>
std::span<const U> Tape<T>::save(std::span<const U> data) {
  U* copy = arena_.allocate<U>(data.size());
  std::copy(data.begin(), data.end(), copy);
  return {copy, data.size()};
}

template <class T>
template <class Record>
const Record* Tape<T>::save_record(Var<T> v, const Record& record) {
  static_assert(std::is_trivially_destructible_v<Record>, "arena records are never destroyed");
  auto* p = new (arena_.allocate<Record>(1)) Record(record);
  node(v.id).saved = p;
  return p;
}

}  // namespace recgrad
