/* The logistic function 1 / (1 + e^-x) over an array, for the compiled kernels (trust_kernel.pyx
 * turns every dyad's belief, in log-odds, into trust with it each year).
 *
 * Why C and not Cython: one exp per dyad was a fifth of a 200-state year. GCC vectorises this loop
 * (OpenMP's simd pragma, built with -fopenmp-simd by setup.py) by calling glibc's vector maths
 * library, libmvec, for exp: two values per call on any x86-64, four where the CPU has AVX2 (the
 * function is compiled twice and the loader picks the clone). libmvec's exp is within 4 ulp of the
 * scalar one; the numbers are the same from run to run and process to process on one kind of
 * machine, as the seed promises, but may differ in the last bits between machines whose CPUs pick
 * different clones. Elsewhere (another compiler, libc or architecture) the loop is plain scalar C.
 */
#ifndef DETENTE_LOGISTIC_H
#define DETENTE_LOGISTIC_H

#include <math.h>
#include <stddef.h>

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__GLIBC__)
/* glibc declares exp's vector variants only under -ffast-math, which the kernels must not use */
#pragma omp declare simd notinbranch
double exp(double);
#define DETENTE_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define DETENTE_VECTOR_CLONES
#endif

DETENTE_VECTOR_CLONES
static void logistic(const double *restrict x, double *restrict out, ptrdiff_t n)
{
#pragma omp simd
    for (ptrdiff_t k = 0; k < n; k++)
        out[k] = 1 / (1 + exp(-x[k]));
}

#endif
