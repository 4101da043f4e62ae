// The pairwise term of a factorisation machine (Rendle 2010) over bags of weighted
// features, in the O(nnz k) form:
//
//     out[b] = sum_{j<l in bag b} <v_j, v_l> x_j x_l
//            = 1/2 sum_f [ (sum_j x_j v_jf)^2 - sum_j x_j^2 v_jf^2 ]
//
// where j runs over the bag's entries (ids may repeat: each entry is a term of its own,
// exactly as if the bag's x were the sum of one-hot vectors).
#include "autodiff/kernels/kernels.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/ops/op_support.hpp"
#include "autodiff/ops/table_support.hpp"

namespace recgrad {

using namespace ops_detail;

namespace {

template <class T>
struct FmRecord {
  Param<T>* table;
  const Id* ids;
  const T* x;      // each entry's weight
  const Id* bag_of;
  const T* sums;   // [bags x k]: s_b = sum_j x_j v_j, kept from the forward pass
  std::int64_t n;  // entries
};

// With s_b = sum_j x_j v_j and g_b the gradient of out[b], entry j of bag b adds
//     dL/dv_j += g_b x_j (s_b - x_j v_j)
// to its table row; repeated ids sum (scatter-add into the sparse gradient).
template <class T>
void fm_interaction_backward(Tape<T>& t, const Node<T>& n) {
  const auto& rec = *static_cast<const FmRecord<T>*>(n.saved);
  const Param<T>& table = *rec.table;
  const std::int64_t k = table.value.cols();
  T* rows = t.template scratch<T>(static_cast<std::size_t>(rec.n * k));
  for (std::int64_t j = 0; j < rec.n; ++j) {
    const Id b = rec.bag_of[j];
    const T c = n.grad.data[b] * rec.x[j];
    const T* s = rec.sums + b * k;
    const T* v = table.value.row(rec.ids[j]);
    T* out = rows + j * k;
    for (std::int64_t f = 0; f < k; ++f) out[f] = c * (s[f] - rec.x[j] * v[f]);
  }
  rec.table->sparse_grad.add_rows({rec.ids, static_cast<std::size_t>(rec.n)}, rows);
}

}  // namespace

template <class T>
Var<T> fm_interaction(Tape<T>& tape, Param<T>& table, std::span<const Id> ids, std::span<const std::int64_t> offsets,
                      std::span<const T> weights) {
  const char* op = "fm_interaction";
  require_table(op, table);
  check_ids(op, table.name(), ids, table.value.rows());
  const std::int64_t bags = check_bags(op, ids, offsets, weights);
  const auto n = static_cast<std::int64_t>(ids.size());
  const std::int64_t k = table.value.cols();

  Var<T> out = tape.record(op, {bags, 1}, std::span<const Var<T>>{}, &fm_interaction_backward<T>, true);
  T* x = tape.template scratch<T>(static_cast<std::size_t>(n));
  Id* bag_of = tape.template scratch<Id>(static_cast<std::size_t>(n));
  T* sums = tape.template scratch<T>(static_cast<std::size_t>(bags * k));
  std::fill(sums, sums + bags * k, T(0));
  for (std::int64_t b = 0; b < bags; ++b) {
    T* s = sums + b * k;
    T squares = 0;  // sum_j x_j^2 |v_j|^2
    for (std::int64_t j = offsets[b]; j < offsets[b + 1]; ++j) {
      x[j] = weights.empty() ? T(1) : weights[j];
      bag_of[j] = static_cast<Id>(b);
      const T* v = table.value.row(ids[j]);
      kernels::axpy(x[j], v, s, k);
      squares += x[j] * x[j] * kernels::dot(v, v, k);
    }
    out.value().data[b] = T(0.5) * (kernels::dot(s, s, k) - squares);
  }
  tape.save_record(out, FmRecord<T>{&table, tape.save(ids).data(), x, bag_of, sums, n});
  return out;
}

#define RECGRAD_OPS(T)                                                                             \
  template Var<T> fm_interaction(Tape<T>&, Param<T>&, std::span<const Id>, std::span<const std::int64_t>, \
                                 std::span<const T>);
RECGRAD_INSTANTIATE_OPS

}  // namespace recgrad
