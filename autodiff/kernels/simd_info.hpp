// What the SIMD kernels were compiled for. The tests use it to make sure a build never
// quietly falls back to one-lane "vectors"; the benchmarks print it next to their numbers.
#pragma once

namespace recgrad::kernels {

// Lanes of the xsimd batch every SIMD kernel is written with (16 floats on AVX-512).
template <class T>
int simd_lanes();

// xsimd's name of that instruction set, e.g. "avx512bw" or "sse2".
const char* simd_arch_name();

}  // namespace recgrad::kernels
