"""Builds the compiled kernels (model/kernels.pyx) against NumPy's C API; everything else about the
package is in pyproject.toml."""

import numpy
from setuptools import Extension, setup

setup(ext_modules=[Extension(
    "detente.model.kernels", ["model/kernels.pyx"], include_dirs=[numpy.get_include()],
    define_macros=[("NPY_NO_DEPRECATED_API", "NPY_2_0_API_VERSION")],
)])
