"""The parts of the build that pyproject.toml cannot say: the package list and the compiled kernels.

The repository root is the ``detente`` package (``package-dir = {"detente" = "."}`` in
pyproject.toml), so model/, scenarios/ and viz/ import as detente.model, detente.scenarios, ...
That layout has two consequences that are handled here, and checked by tests/test_packaging.py:

* Packages are discovered, not listed. ``[tool.setuptools.packages.find]`` cannot do it: it names a
  package after its folder relative to ``where``, with no way to put ``detente.`` in front, so it
  would ship model/ as a top-level ``model`` (and tests/ and benchmarks/ beside it). Here the same
  finder, ``setuptools.find_packages``, lists every folder with an ``__init__.py`` below the root,
  and each name gets the ``detente.`` prefix. A new subpackage is in the wheel once it has its
  ``__init__.py``; tests/ and benchmarks/ are left out even if one is added to them.
* This file sits in the package's own folder, and setuptools would ship it as ``detente/setup.py``
  (distutils leaves out the setup script only when it is the command line's ``sys.argv[0]``, which
  a PEP 517 build is not). ``_BuildPy`` leaves it out of the root package's modules.

The kernels (every ``*.pyx`` under model/: the model's own in model/kernels.pyx, each mechanism's
beside its module) are compiled with Cython against NumPy's C API.
"""

import glob
import os
import platform
import sys

import numpy
from Cython.Build import cythonize
from setuptools import Extension, find_packages, setup
from setuptools.command.build_py import build_py

# folders below the root that are never part of the package, whatever they contain
NOT_PACKAGES = ["tests", "tests.*", "benchmarks", "benchmarks.*", "build", "build.*", "docs",
                "docs.*"]
# files at the root that are not modules of the package (the root's other *.py are)
NOT_MODULES = {"setup.py"}


class _BuildPy(build_py):
    """build_py that does not take this script for a module of the root package ``detente``."""

    def find_package_modules(self, package, package_dir):
        modules = super().find_package_modules(package, package_dir)
        if package != "detente":
            return modules
        return [(pkg, module, path) for pkg, module, path in modules
                if os.path.basename(path) not in NOT_MODULES]


def _vector_maths() -> dict:
    """Build options for the loop that calls exp over a whole array (model/logistic.h): OpenMP's
    simd pragma, and glibc's vector maths library (libmvec) to link against, where GCC and glibc on
    x86-64 provide them (elsewhere the pragma is ignored and the loop is plain C)."""
    if sys.platform == "linux" and platform.machine() == "x86_64":
        return {"extra_compile_args": ["-fopenmp-simd"], "libraries": ["mvec"]}
    return {}


def _kernels() -> list[Extension]:
    """One extension per ``*.pyx`` under model/: each mechanism's compiled part sits beside its
    module (``mechanisms/war.py`` and ``mechanisms/war_kernel.pyx``), and the ``*.pxi`` files they
    include (how kernels read arrays; the war mechanism's shared terms) are found on Cython's include
    path; the C compiler finds model/logistic.h."""
    sources = sorted(glob.glob("model/**/*.pyx", recursive=True))
    extensions = [Extension("detente." + os.path.splitext(source)[0].replace("/", "."), [source],
                            include_dirs=[numpy.get_include(), "model"],
                            define_macros=[("NPY_NO_DEPRECATED_API", "NPY_2_0_API_VERSION")],
                            **_vector_maths())
                  for source in sources]
    return cythonize(extensions, include_path=sorted({os.path.dirname(p) for p in glob.glob(
        "model/**/*.pxi", recursive=True)}), quiet=True)


setup(
    packages=["detente", *(f"detente.{name}" for name in find_packages(".", exclude=NOT_PACKAGES))],
    cmdclass={"build_py": _BuildPy},
    ext_modules=_kernels(),
)
