#include "autodiff/tape.hpp"

#include <algorithm>
#include <cstring>

#include "autodiff/errors.hpp"

namespace recgrad {

template <class T>
Shape Var<T>::shape() const { return tape->node(id).value.shape; }
template <class T>
MatrixView<T> Var<T>::value() const { return tape->node(id).value; }
template <class T>
MatrixView<T> Var<T>::grad() const { return tape->node(id).grad; }
template <class T>
bool Var<T>::requires_grad() const { return tape->node(id).requires_grad; }
template <class T>
T Var<T>::item() const {
  const Node<T>& n = tape->node(id);
  if (n.value.shape != Shape{1, 1})
    throw ShapeError(std::string("item: expected a 1 x 1 value from '") + n.op + "', got " +
                     to_string(n.value.shape));
  return n.value.data[0];
}

template <class T>
Tape<T>::Tape(std::size_t arena_bytes) : arena_(arena_bytes) {
  nodes_.reserve(256);
}

template <class T>
Var<T> Tape<T>::push(Node<T> n) {
  nodes_.push_back(n);
  return {this, static_cast<std::int32_t>(nodes_.size() - 1)};
}

template <class T>
Var<T> Tape<T>::constant(Shape shape) {
  Node<T> n;
  n.op = "constant";
  n.value = {arena_.allocate<T>(static_cast<std::size_t>(shape.size())), shape};
  std::fill(n.value.begin(), n.value.end(), T(0));
  return push(n);
}

template <class T>
Var<T> Tape<T>::constant(MatrixView<const T> values) {
  Var<T> v = constant(values.shape);
  std::copy(values.begin(), values.end(), v.value().begin());
  return v;
}

template <class T>
Var<T> Tape<T>::param(Param<T>& p) {
  Node<T> n;
  n.op = "param";
  n.value = p.value.view();
  n.grad = p.dense_grad().view();
  n.requires_grad = true;
  return push(n);
}

template <class T>
Var<T> Tape<T>::record(const char* op, Shape shape, std::initializer_list<Var<T>> inputs,
                       BackwardFn<T> backward, bool reads_trainable_param) {
  return record(op, shape, std::span<const Var<T>>(inputs.begin(), inputs.size()), backward,
                reads_trainable_param);
}

template <class T>
Var<T> Tape<T>::record(const char* op, Shape shape, std::span<const Var<T>> inputs,
                       BackwardFn<T> backward, bool reads_trainable_param) {
  Node<T> n;
  n.op = op;
  n.requires_grad = reads_trainable_param;
  n.value = {arena_.allocate<T>(static_cast<std::size_t>(shape.size())), shape};
  auto* ids = arena_.allocate<std::int32_t>(inputs.size());
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    if (inputs[k].tape != this)
      throw std::invalid_argument(std::string(op) + ": input " + std::to_string(k) +
                                  " belongs to another tape (or was reset)");
    ids[k] = inputs[k].id;
    n.requires_grad = n.requires_grad || node(inputs[k].id).requires_grad;
  }
  n.inputs = ids;
  n.num_inputs = static_cast<std::int32_t>(inputs.size());
  n.backward = n.requires_grad ? backward : nullptr;
  return push(n);
}

template <class T>
void Tape<T>::backward(Var<T> loss) {
  const T one = 1;
  if (loss.shape() != Shape{1, 1})
    throw ShapeError(std::string("backward: the loss must be 1 x 1, '") + node(loss.id).op +
                     "' gives " + to_string(loss.shape()) + " (pass a seed for other shapes)");
  sweep(loss, {&one, {1, 1}});
}

template <class T>
void Tape<T>::backward(Var<T> output, MatrixView<const T> seed) {
  if (seed.shape != output.shape())
    throw ShapeError("backward: seed " + to_string(seed.shape) + " does not match output " +
                     to_string(output.shape()));
  sweep(output, seed);
}

template <class T>
void Tape<T>::sweep(Var<T> output, MatrixView<const T> seed) {
  if (output.tape != this) throw std::invalid_argument("backward: output belongs to another tape");
  const auto last = static_cast<std::size_t>(output.id);
  // Intermediate gradients start at zero on every sweep. Parameter leaves (no
  // backward function) point at their parameter's gradient instead, which
  // accumulates across sweeps until zero_grad().
  for (std::size_t i = 0; i <= last; ++i) {
    Node<T>& n = nodes_[i];
    if (n.backward == nullptr) continue;
    if (n.grad.data == nullptr)
      n.grad = {arena_.allocate<T>(static_cast<std::size_t>(n.value.size())), n.value.shape};
    std::fill(n.grad.begin(), n.grad.end(), T(0));
  }
  Node<T>& out = nodes_[last];
  if (!out.requires_grad) return;  // nothing upstream is trainable
  for (std::int64_t k = 0; k < seed.size(); ++k) out.grad.data[k] += seed.data[k];
  for (std::size_t i = last + 1; i-- > 0;) {
    const Node<T>& n = nodes_[i];
    if (n.requires_grad && n.backward != nullptr) n.backward(*this, n);
  }
}

template <class T>
void Tape<T>::reset() {
  nodes_.clear();
  arena_.reset();
}

template struct Var<float>;
template struct Var<double>;
template class Tape<float>;
template class Tape<double>;

}  // namespace recgrad
