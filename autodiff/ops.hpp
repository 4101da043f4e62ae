// Every differentiable operation of the engine. Models are built from these (and
// from layers built from these); each call records one node on the inputs' tape.
//
// Shapes are [rows x cols]; a batch is rows. Where an op says "broadcasts", an
// operand may have 1 row, 1 column or both, and is then repeated to the other's
// shape (as in NumPy, restricted to 2-D). The backward pass sums the gradient
// over the repeated rows or columns.
//
// Ids (embedding rows, class indices) are data, not variables: they take no
// gradient. They are range-checked in every build and copied onto the tape.
//
// All ops are templates instantiated for float (training) and double (gradient
// checking). The op's gradient rules are written above its backward function in
// autodiff/ops/*.cpp; autodiff/op_checks.cpp lists a gradient-check case for each.
#pragma once

#include <span>

#include "autodiff/param.hpp"
#include "autodiff/tape.hpp"

namespace recgrad {

// ---- elementwise (autodiff/ops/elementwise.cpp) ----------------------------------
template <class T> Var<T> add(Var<T> a, Var<T> b);        // a + b, broadcasts
template <class T> Var<T> sub(Var<T> a, Var<T> b);        // a - b, broadcasts
template <class T> Var<T> mul(Var<T> a, Var<T> b);        // a .* b, broadcasts
template <class T> Var<T> scale(Var<T> x, T alpha);       // alpha * x
template <class T> Var<T> add_bias(Var<T> x, Var<T> b);   // x[n x d] + b[1 x d] on every row

// ---- activations, elementwise (autodiff/ops/activation.cpp) ----------------------
template <class T> Var<T> relu(Var<T> x);         // max(x, 0); gradient 0 at x = 0
template <class T> Var<T> sigmoid(Var<T> x);      // 1 / (1 + e^-x)
template <class T> Var<T> tanh(Var<T> x);
template <class T> Var<T> exp(Var<T> x);
template <class T> Var<T> log(Var<T> x);          // x > 0
template <class T> Var<T> softplus(Var<T> x);     // log(1 + e^x), stable for any x
template <class T> Var<T> log_sigmoid(Var<T> x);  // log σ(x) = -softplus(-x)

// ---- reductions (autodiff/ops/reduce.cpp) -------------------------------------
template <class T> Var<T> sum(Var<T> x);          // [1 x 1]
template <class T> Var<T> mean(Var<T> x);         // [1 x 1]
template <class T> Var<T> sum_rows(Var<T> x);     // [n x 1]: each row's sum
template <class T> Var<T> mean_rows(Var<T> x);    // [n x 1]: each row's mean
template <class T> Var<T> rowwise_dot(Var<T> a, Var<T> b);  // [n x 1]: a_r . b_r

// ---- matrix products (autodiff/ops/matmul.cpp) --------------------------------
template <class T> Var<T> matmul(Var<T> a, Var<T> b);     // a[m x k] . b[k x n]
template <class T> Var<T> matmul_nt(Var<T> a, Var<T> b);  // a[m x k] . b[n x k]^T

// ---- structure (autodiff/ops/concat.cpp) ---------------------------------------
template <class T> Var<T> concat_cols(std::span<const Var<T>> parts);  // side by side, same rows

// ---- gathers (autodiff/ops/gather.cpp) -----------------------------------------
// Rows `ids` of an embedding table, recorded on `tape`: [ids.size() x dim]. The
// table's gradient is sparse: the touched rows, each once, with repeated ids summed.
template <class T> Var<T> embedding(Tape<T>& tape, Param<T>& table, std::span<const Id> ids);

enum class BagMode { Sum, Mean };
// Bag r is ids[offsets[r] .. offsets[r+1]) with optional per-id weights (feature
// values); out row r = sum_j w_j table[ids_j] (Sum) or that divided by the bag's
// total weight (Mean; an empty bag gives a zero row). offsets has rows + 1 entries.
template <class T>
Var<T> embedding_bag(Tape<T>& tape, Param<T>& table, std::span<const Id> ids, std::span<const std::int64_t> offsets,
                     std::span<const T> weights = {}, BagMode mode = BagMode::Sum);

// Rows `ids` of a variable, e.g. the sampled classes' rows of an output layer: [ids.size() x cols].
template <class T> Var<T> gather_rows(Var<T> x, std::span<const Id> ids);

// ---- factorisation machines (autodiff/ops/fm.cpp) ---------------------------------
// The pairwise term of a factorisation machine over bags laid out as in embedding_bag
// (entry j of bag b has id ids_j and feature value x_j = weights[j], or 1 without weights):
//     out[b] = 1/2 sum_f [ (sum_j x_j V[ids_j, f])^2 - sum_j x_j^2 V[ids_j, f]^2 ],  [bags x 1]
// = sum over pairs of entries j < l of <V[ids_j], V[ids_l]> x_j x_l, in O(entries * cols).
// An empty bag gives 0. The table's gradient is sparse: the rows the bags read.
template <class T>
Var<T> fm_interaction(Tape<T>& tape, Param<T>& table, std::span<const Id> ids, std::span<const std::int64_t> offsets,
                      std::span<const T> weights = {});

// ---- losses, each the mean over the batch's rows: [1 x 1] (autodiff/ops/loss.cpp) ----
// mean (pred - target)^2, pred and target [n x 1]
template <class T> Var<T> mse_loss(Var<T> pred, Var<T> target);
// mean softplus(z) - y z = -y log σ(z) - (1 - y) log(1 - σ(z)); labels y in [0, 1], optional weights [n x 1]
template <class T> Var<T> bce_with_logits_loss(Var<T> logits, Var<T> labels);
template <class T> Var<T> weighted_bce_with_logits_loss(Var<T> logits, Var<T> labels, Var<T> weights);
// mean -log σ(s+ - s-), s+ and s- [n x 1]
template <class T> Var<T> bpr_loss(Var<T> pos_scores, Var<T> neg_scores);
// mean over rows of logsumexp(z_r) - z_r[target_r], z [n x C]
template <class T> Var<T> softmax_cross_entropy_loss(Var<T> logits, std::span<const Id> targets);
// Sampled softmax with log-Q correction (Bengio & Senecal 2008; Jean et al. 2015):
// row r holds the logit of its true class in column 0 and of S sampled classes
// after it, z [n x (1+S)]; log_q (constant, [n x (1+S)] or [1 x (1+S)]) is the log
// probability with which each class was drawn. The loss is the softmax cross-entropy
// of z - log_q with target column 0. A sampled column equal to the row's true class
// (an "accidental hit") is given log_q = +inf by the caller, which removes it.
template <class T> Var<T> sampled_softmax_loss(Var<T> logits, Var<T> log_q);

}  // namespace recgrad
