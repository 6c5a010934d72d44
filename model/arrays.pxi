# How the compiled kernels read and make NumPy arrays: included by every *_kernel.pyx
# (see model/kernels.pyx for why the kernels exist and how they read arrays).

cimport numpy as cnp
from libc.stdint cimport int64_t

cnp.import_array()


cdef inline void* _data(object array, int kind, str name) except NULL:
    if not (cnp.PyArray_Check(array) and cnp.PyArray_TYPE(<cnp.ndarray>array) == kind
            and cnp.PyArray_IS_C_CONTIGUOUS(<cnp.ndarray>array)):
        raise TypeError(f"kernels: expected a C-contiguous {name} array, got {array!r:.80}")
    return cnp.PyArray_DATA(<cnp.ndarray>array)


cdef inline double* doubles(object array) except NULL:
    return <double*> _data(array, cnp.NPY_DOUBLE, "float64")


cdef inline int64_t* int64s(object array) except NULL:
    return <int64_t*> _data(array, cnp.NPY_INT64, "int64")


cdef inline signed char* int8s(object array) except NULL:
    return <signed char*> _data(array, cnp.NPY_INT8, "int8")


cdef inline unsigned char* flags(object array) except NULL:
    return <unsigned char*> _data(array, cnp.NPY_BOOL, "bool")


cdef inline Py_ssize_t size(object array):
    return cnp.PyArray_SIZE(<cnp.ndarray>array)


cdef inline int shape_is(object array, Py_ssize_t rows, Py_ssize_t columns, str what) except -1:
    """Checks an array a doctrine returned (its shape decides how far the loops read)."""
    if cnp.PyArray_NDIM(<cnp.ndarray>array) != 2 or cnp.PyArray_DIM(<cnp.ndarray>array, 0) != rows \
            or cnp.PyArray_DIM(<cnp.ndarray>array, 1) != columns:
        raise ValueError(f"{what} must be {rows} × {columns}, got shape {array.shape}")
    return 0


cdef inline cnp.ndarray new(Py_ssize_t n, int kind):
    """A new 1-d array of zeros."""
    cdef cnp.npy_intp length = n
    return cnp.PyArray_ZEROS(1, &length, kind, 0)


cdef inline cnp.ndarray new_matrix(Py_ssize_t n, int kind):
    """A new n × n array of zeros."""
    cdef cnp.npy_intp shape[2]
    shape[0] = shape[1] = n
    return cnp.PyArray_ZEROS(2, shape, kind, 0)


cdef inline cnp.ndarray unset_matrix(Py_ssize_t n, int kind):
    """A new n × n array left unset, for a kernel that writes every element (saves zeroing it)."""
    cdef cnp.npy_intp shape[2]
    shape[0] = shape[1] = n
    return cnp.PyArray_EMPTY(2, shape, kind, 0)


cdef inline double dot(const double* a, const double* b, Py_ssize_t n) noexcept:
    """Σ a[k]·b[k], in four interleaved partial sums: with one running sum each addition waits for
    the one before, which makes a long row three to four times slower. (The order of the additions
    is fixed here, so the result is the same on every run and machine.)"""
    cdef double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
    cdef Py_ssize_t k, whole = n - n % 4
    for k in range(0, whole, 4):
        s0 += a[k] * b[k]
        s1 += a[k + 1] * b[k + 1]
        s2 += a[k + 2] * b[k + 2]
        s3 += a[k + 3] * b[k + 3]
    for k in range(whole, n):
        s0 += a[k] * b[k]
    return (s0 + s1) + (s2 + s3)
