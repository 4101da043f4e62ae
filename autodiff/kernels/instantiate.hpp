// Explicit-instantiation lists shared by the SIMD and the reference translation units,
// so both provide exactly the float and double symbols that kernels.hpp promises.
// Expand inside the namespace that defines the templates.
#pragma once

#define RECGRAD_INSTANTIATE_VECTOR_KERNELS(T)                              \
  template T dot<T>(const T*, const T*, Index);                             \
  template void axpy<T>(T, const T*, T*, Index);                            \
  template void scale_add<T>(T, const T*, T, T*, Index);                    \
  template void sigmoid<T>(const T*, T*, Index);                            \
  template void softplus<T>(const T*, T*, Index);                           \
  template T softmax<T>(T*, Index);                                         \
  template void rowwise_dot<T>(const T*, const T*, T*, Index, Index);       \
  template void gather_rows<T>(const T*, Index, const Id*, Index, T*);      \
  template void scatter_add_rows<T>(const T*, Index, const Id*, Index, T*);

#define RECGRAD_INSTANTIATE_GEMM_KERNELS(T)                                           \
  template void gemm_nn<T>(Index, Index, Index, const T*, const T*, T*, bool);         \
  template void gemm_nt<T>(Index, Index, Index, const T*, const T*, T*, bool);         \
  template void gemm_tn<T>(Index, Index, Index, const T*, const T*, T*, bool);
