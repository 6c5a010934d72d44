"""The wheel holds the whole package and nothing else.

The repository root is the ``detente`` package, so its build discovers the packages (setup.py) and
must leave out what shares the root's folder: the build script, the tests, the benchmarks. This
test builds a wheel from a copy of the work tree as a fresh clone has it (no build/, no compiled
kernels), with the build tools already in the virtual environment, so nothing is fetched, and
checks it against that copy, listed here on its own, not through setuptools' discovery:

* every module of the package: each ``*.py`` at the root but setup.py, and each ``*.py`` below a
  top-level folder that has an ``__init__.py`` (but tests/ and benchmarks/), subfolders included,
  so a new subpackage that the build misses fails here;
* every data file that pyproject.toml declares (``[tool.setuptools.package-data]``), and every
  scenario file, ``scenarios/**/*.toml``, whatever pyproject.toml says;
* a compiled extension for every ``*.pyx`` of the source tree (the model's kernels and each
  mechanism's, ``detente/model/**/*_kernel*.so``), and no other;
* and nothing else under ``detente/`` or beside it, in particular no ``detente/setup.py``,
  ``detente/tests/`` or ``detente/benchmarks/``.
"""

import importlib.machinery
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: top-level folders and root files of the repository that are not part of the package
NOT_PACKAGE_FOLDERS = {"tests", "benchmarks"}
NOT_PACKAGE_FILES = {"setup.py"}
#: what a fresh clone does not have: version control, the environment, build outputs and caches
#: (the compiled kernels and Cython's C file among them, so that the build has to make them)
FRESH_CLONE_LACKS = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "test-output",
    "*.c", "*.so", "*.pyd")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(source tree, names in the wheel) for a wheel built from a copy of the work tree."""
    source = tmp_path_factory.mktemp("source") / "detente"
    shutil.copytree(ROOT, source, ignore=FRESH_CLONE_LACKS)
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--disable-pip-version-check", "--quiet", "--wheel-dir", str(out), str(source)],
        capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, f"the wheel did not build:\n{build.stdout}\n{build.stderr}"
    wheels = list(out.glob("detente-*.whl"))
    assert len(wheels) == 1, f"expected one wheel, found {wheels}"
    with zipfile.ZipFile(wheels[0]) as wheel:
        return source, set(wheel.namelist())


def _shipped(path, source):
    return "detente/" + path.relative_to(source).as_posix()


def _modules(source):
    """Every module of the package in the source tree, as its name in the wheel."""
    modules = {_shipped(path, source) for path in source.glob("*.py")
               if path.name not in NOT_PACKAGE_FILES}
    folders = [folder for folder in source.iterdir() if folder.is_dir()
               and (folder / "__init__.py").is_file() and folder.name not in NOT_PACKAGE_FOLDERS]
    for folder in folders:
        modules |= {_shipped(path, source) for path in folder.rglob("*.py")
                    if not any(part.startswith((".", "__pycache__"))
                               for part in path.relative_to(source).parts)}
    return modules


def _declared_data(source):
    """Every file that pyproject.toml's package-data declares, as its name in the wheel."""
    declared = tomllib.loads((source / "pyproject.toml").read_text())["tool"]["setuptools"]
    data = set()
    for package, patterns in declared.get("package-data", {}).items():
        assert package == "detente" or package.startswith("detente."), package
        folder = source.joinpath(*package.split(".")[1:])
        data |= {_shipped(path, source) for pattern in patterns for path in folder.glob(pattern)
                 if path.is_file()}
    return data


def _kernel_sources(source):
    """The compiled modules the wheel must hold: one per ``*.pyx``, named as shipped, no suffix."""
    return {_shipped(path, source)[:-len(".pyx")] for path in (source / "model").rglob("*.pyx")}


def _is_kernels(name, kernels):
    return any(name.endswith(suffix) and name[:-len(suffix)] in kernels
               for suffix in importlib.machinery.EXTENSION_SUFFIXES)


def test_every_module_of_the_source_tree_is_in_the_wheel(built):
    source, names = built
    modules = _modules(source)
    assert {"detente/__init__.py", "detente/cli.py", "detente/runs.py",
            "detente/model/__init__.py", "detente/scenarios/__init__.py",
            "detente/viz/__init__.py"} <= modules, "the source tree was not read as expected"
    missing = sorted(modules - names)
    assert not missing, ("modules missing from the wheel (a folder without an __init__.py is not "
                         f"discovered as a package, see setup.py): {missing}")


def test_every_scenario_and_declared_data_file_is_in_the_wheel(built):
    source, names = built
    scenarios = {_shipped(path, source) for path in (source / "scenarios").rglob("*.toml")}
    assert scenarios, "no scenario file found in the source tree"
    missing = sorted((scenarios | _declared_data(source)) - names)
    assert not missing, f"data files missing from the wheel: {missing}"


def test_the_compiled_kernels_are_in_the_wheel(built):
    source, names = built
    expected = _kernel_sources(source)
    assert "detente/model/kernels" in expected and "detente/model/mechanisms/war_kernel" in expected
    compiled = {name for name in names if _is_kernels(name, expected)}
    assert len(compiled) == len(expected), (
        f"expected one compiled module for each of {sorted(expected)}, found {sorted(compiled)}")


def test_nothing_else_is_in_the_wheel(built):
    source, names = built
    for name in ("detente/setup.py", "detente/tests/", "detente/benchmarks/"):
        leaked = sorted(entry for entry in names if entry.startswith(name))
        assert not leaked, f"not part of the package, but in the wheel: {leaked}"
    expected, kernels = _modules(source) | _declared_data(source), _kernel_sources(source)
    extra = sorted(name for name in names if name not in expected and not _is_kernels(name, kernels)
                   and not name.split("/")[0].endswith(".dist-info"))
    assert not extra, f"in the wheel, but not a module, declared data or the kernels: {extra}"
