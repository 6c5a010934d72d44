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
