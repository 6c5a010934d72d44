"""Mutation testing of the model (issue 14): does the fast unit suite fail when the model is wrong?

Two passes, both against the fast unit suite only (``FAST_SUITE``: the mechanism, doctrine,
registry, knob, scenario and theory tests; no ensemble lesson tests, no dashboard or browser tests,
no ensembles run in worker processes: tests marked ``ensemble`` are left out):

* ``python``: mutmut 3 over the Python modules of ``model/`` and ``scenarios/``. The repository root
  is the package ``detente``, which mutmut cannot import from where it copies the sources, so the
  package is staged as ``build/mutate/python/detente`` beside a copy of ``tests/`` (with its kernels
  built there) and mutmut runs in ``build/mutate/python`` with the ``[tool.mutmut]`` table written
  by :func:`stage`.
* ``kernels``: our own operator mutations of the compiled kernels (every ``*.pyx`` and ``*.pxi``
  under ``model/``), one at a time in a staged copy (``build/mutate/kernels``), each mutant
  rebuilt with ``setup.py build_ext --inplace`` (only the changed extensions compile) and run with
  ``pytest -x`` under a timeout; then the pristine source, C file and library are put back. The
  operators (``KERNEL_OPERATORS``): a comparison's boundary (``<`` ↔ ``<=``, ``>`` ↔ ``>=``),
  ``==`` ↔ ``!=``, ``+`` ↔ ``-``, ``*`` ↔ ``/``, ``and`` ↔ ``or``, ``min`` ↔ ``max``, a dropped
  ``not`` and a float constant plus one, applied at each place on a code line (comments,
  docstrings and declarations without a value are left alone).

mutmut switches a mutant on in a process forked after the package was imported, so the mutants of
functions that run only at import (``IMPORT_TIME``: the knob tables, the agent's properties) always
pass under it, and it runs a mutant only against the tests it saw call the function (none, for a
function the suite reaches only in a subprocess). ``replay`` judges those survivors again with our
runner, against the whole fast suite in a package imported afresh, and its verdicts replace
mutmut's (:func:`replay`).

Kernels are built without optimisation in the staged copies (``BUILD_ENV``), and each pass first
checks that the fast suite passes on its pristine copy; the kernel pass and the replay judge
``--copies`` mutants at once (one per core by default), each in its own staged copy.

Results go to ``build/mutate/<pass>.json``; ``summary`` adds them up (``tests/mutation/figures.json``).
A mutant is *killed* when the suite fails (or crashes, or runs out of time), *survived* when it
passes; a survivor judged equivalent (no input can tell it from the original) is listed with its
reason in ``tests/mutation/equivalent.json`` and in docs/reliability.md.

The CI check (tests/test_mutation_sample.py) replays ``tests/mutation/sample.json``, a fixed list
of mutants killed before, each as an exact line replacement, with :func:`run_mutant`.

Usage (``make mutate`` runs ``all``)::

    python tests/mutation/mutate.py python|replay|kernels [--limit N --seed S] [--copies C]|summary|all
    python tests/mutation/mutate.py rejudge   # the kernel pass's survivors, against today's tests
    python tests/mutation/mutate.py sample [--limit N --seed S]   # choose the CI sample
"""

from __future__ import annotations

import argparse
import ast
import functools
import itertools
import json
import os
import queue
import random
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository root, which is the package detente
BUILD = ROOT / "build" / "mutate"
HERE = Path(__file__).resolve().parent
FIGURES = HERE / "figures.json"
SAMPLE = HERE / "sample.json"
EQUIVALENT = HERE / "equivalent.json"

#: The fast unit suite the mutants run against (tests/ files, in the order they run).
FAST_SUITE = [f"tests/test_{name}.py" for name in (
    "institution", "war", "trust", "arms", "alliances", "economy", "game", "learning", "perception",
    "fronts", "zero_sum", "win_win", "contract", "kernels", "doctrine_registry",
    "mechanism_registry", "knobs", "outputs", "accounts", "network", "sampling", "model", "theory",
    "scenarios", "malformed_scenarios", "validation")]
#: What the staged copy leaves out (outputs). Built kernels are copied with their times, so that
#: the build in the copy only compiles what is missing or out of date.
_NOT_STAGED = shutil.ignore_patterns("build", ".venv", ".git", "benchmarks", "mutants", "*.egg-info",
                                     "__pycache__", ".pytest_cache")
#: Seconds a mutant's test run may take before it counts as killed (a mutant that loops forever).
TIMEOUT = 300


def stage(where: Path, python: bool = False) -> Path:
    """Copy the repository (the package, with its tests and docs, which tests read beside it) to
    ``where/detente``, build the kernels there, and, for the Python pass, write mutmut's
    configuration in ``where``. Returns ``where``."""
    shutil.rmtree(where, ignore_errors=True)
    shutil.copytree(ROOT, where / "detente", ignore=_NOT_STAGED)
    if not _build(where / "detente"):
        sys.exit(f"mutate: the kernels of the staged copy in {where} do not build")
    if python:
        suite = ", ".join(f'"{test}"' for test in fast_suite(where))
        options = ", ".join(f'"{option}"' for option in PYTEST_OPTIONS)
        (where / "pyproject.toml").write_text(
            '[tool.mutmut]\nsource_paths = ["detente/model", "detente/scenarios"]\n'
            f'also_copy = ["detente"]\npytest_add_cli_args_test_selection = [{suite}]\n'
            f'pytest_add_cli_args = [{options}]\ntimeout_multiplier = 5.0\n')
    return where


#: What every test run of a mutant adds to pytest's command line. pytest reads its configuration
#: from the package's own pyproject.toml (the tests' folder is below it), so the ensemble tests
#: are left out here, where every runner sees it (mutmut's too).
PYTEST_OPTIONS = ("-m", "not ensemble", "-p", "no:cacheprovider")


@dataclass(frozen=True)
class Mutant:
    """One mutation: line ``line`` (1-based) of ``path`` (relative to the package root) reads
    ``before`` and is replaced by ``after``."""

    path: str
    line: int
    before: str
    after: str
    operator: str = ""

    @property
    def name(self) -> str:
        """``path:line:column:operator``, the column (1-based) where the mutation starts: an
        operator can apply at several places on a line."""
        column = next((k for k, (a, b) in enumerate(zip(self.before, self.after)) if a != b),
                      min(len(self.before), len(self.after)))
        return f"{self.path}:{self.line}:{column + 1}:{self.operator}"


#: A mutant's fields, as the result files store them.
FIELDS = ("path", "line", "before", "after", "operator")


def _locate(lines: list[str], mutant: Mutant) -> int:
    """The line ``mutant`` applies to: its own line if that still reads ``before``, else the one
    line of the file that does (edits above it shift it; a sample of mutants must outlive them)."""
    if 0 < mutant.line <= len(lines) and lines[mutant.line - 1] == mutant.before:
        return mutant.line
    found = [number for number, text in enumerate(lines, 1) if text == mutant.before]
    if len(found) != 1:
        raise ValueError(f"{mutant.name}: {len(found)} lines read {mutant.before!r}; the mutant no "
                         "longer names one place (re-target it in tests/mutation/sample.json)")
    return found[0]


def run_mutant(staged: Path, mutant: Mutant, tests: list[str] | None = None) -> str:
    """Apply ``mutant`` in the staged copy, rebuild the kernels if it is in one, run the tests
    (the fast suite by default) with ``-x``, and put everything back. "killed" if they fail (or
    the build fails, or they time out), "survived" if they pass."""
    source = staged / "detente" / mutant.path
    pristine = source.read_text()
    lines = pristine.split("\n")
    line = _locate(lines, mutant)
    compiled = source.suffix in (".pyx", ".pxi")
    built = _built_files(staged) if compiled else []
    saved = {path: (path.read_bytes(), path.stat()) for path in built + [source]}
    lines[line - 1] = mutant.after
    source.write_text("\n".join(lines))
    try:
        if compiled and not _build(staged / "detente"):
            return "killed"  # does not compile
        return "survived" if _passes(staged, tests or fast_suite(staged, mutant)) else "killed"
    finally:
        for path, (content, stat) in saved.items():  # content and times: no stale rebuild later
            path.write_bytes(content)
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


#: The kernels of a staged copy, and each mutant's, are compiled without optimisation: a mutant
#: rebuilds in half the time (war_kernel: 2.1 s against 4.6 s). Each pass first runs the fast
#: suite on its pristine copy built this way (:func:`check_baseline`), so a kill is the mutant's,
#: not the flags'.
BUILD_ENV = {"CFLAGS": "-O0"}


def _build(package: Path) -> bool:
    """Build the kernels of a staged package in place (only what is missing or out of date)."""
    return subprocess.run([sys.executable, "setup.py", "-q", "build_ext", "--inplace"], cwd=package,
                          env={**os.environ, **BUILD_ENV}, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def _passes(staged: Path, tests: list[str]) -> bool:
    """Do ``tests`` pass in the staged copy (``-x``: the first failure ends the run)? A run that
    takes more than ``TIMEOUT`` s fails (a mutant that loops forever)."""
    try:
        return subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", *PYTEST_OPTIONS, *tests],
                              cwd=staged,
                              env={**os.environ, "PYTHONPATH": str(staged)}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=TIMEOUT).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def check_baseline(staged: Path) -> None:
    """Stop with a clear message if the fast suite fails on the pristine staged copy: then every
    mutant would count as killed."""
    if not _passes(staged, fast_suite(staged)):
        sys.exit(f"mutate: the fast suite fails on the pristine copy in {staged} (run it there with "
                 "pytest to see why); no mutant can be judged")


def judge(mutants: list[Mutant], staged: Path, copies: int, tests=None, report=None) -> list[str]:
    """The verdicts of ``mutants``, in their order, judged ``copies`` at a time, each in its own
    copy of ``staged`` (copied with its files' times, so nothing is rebuilt). ``tests(mutant)``
    chooses a mutant's tests (the fast suite by default); ``report(number, mutant, verdict)`` is
    called as each verdict comes in."""
    free = queue.Queue()
    for copy in range(copies):
        where = staged if copy == 0 else staged.with_name(f"{staged.name}-{copy}")
        if copy:
            shutil.rmtree(where, ignore_errors=True)
            shutil.copytree(staged, where)
        free.put(where)
    finished = itertools.count(1)

    def one(mutant: Mutant) -> str:
        where = free.get()
        try:
            verdict = run_mutant(where, mutant, tests(mutant) if tests else None)
        finally:
            free.put(where)
        if report:
            report(next(finished), mutant, verdict)
        return verdict

    with ThreadPoolExecutor(copies) as pool:
        return list(pool.map(one, mutants))


#: The tests to run first for a module whose tests are not in ``test_<module>.py``.
FIRST_TESTS = {"model/doctrines/base.py": "tests/test_knobs.py", "model/state.py": "tests/test_model.py"}


def fast_suite(staged: Path, mutant: Mutant | None = None) -> list[str]:
    """The fast suite's files in a staged copy, as pytest is given them there; for a mutant, the
    tests of its module first (``war_kernel.pyx``: test_war.py), so that most are killed early."""
    first = FIRST_TESTS.get(mutant.path, f"tests/test_{Path(mutant.path).stem.removesuffix('_kernel')}.py"
                            ) if mutant else ""
    return [f"detente/{test}" for test in sorted(FAST_SUITE, key=lambda test: test != first)
            if (staged / "detente" / test).exists()]


def _built_files(staged: Path) -> list[Path]:
    """The kernels' generated C files and libraries in a staged copy."""
    model = staged / "detente" / "model"
    return sorted([*model.rglob("*.c"), *model.rglob("*.so")])


#: The kernel operators: name, pattern, replacement. Each applies at one place at a time.
KERNEL_OPERATORS = [
    ("lt_to_le", r"(?<![<>=!])<(?![<=])", "<="), ("le_to_lt", r"<=", "<"),
    ("gt_to_ge", r"(?<![<>=!-])>(?![>=])", ">="), ("ge_to_gt", r">=", ">"),
    ("eq_to_ne", r"==", "!="), ("ne_to_eq", r"!=", "=="),
    ("plus_to_minus", r"(?<=[\w)\]] )\+(?= )", "-"), ("minus_to_plus", r"(?<=[\w)\]] )-(?= )", "+"),
    ("times_to_div", r"(?<=[\w)\]] )\*(?= )", "/"), ("div_to_times", r"(?<=[\w)\]] )/(?= )", "*"),
    ("and_to_or", r"\band\b", "or"), ("or_to_and", r"\bor\b", "and"),
    ("min_to_max", r"\bmin\(", "max("), ("max_to_min", r"\bmax\(", "min("),
    ("drop_not", r"\bnot ", ""),
    ("constant_plus_one", r"(?<![\w.])\d+\.\d+(?![\w.])", None),
]
_COMMENT = re.compile(r"\s*#")
#: Kernel files left out: how kernels read arrays (type and shape checks), not the model.
NOT_MUTATED = {"model/arrays.pxi"}


def _code_lines(text: str):
    """(number, line, code) of each line of a kernel that holds code: docstrings, comments and
    declarations without a value left out; ``code`` is the line without its trailing comment."""
    in_doc = False
    for number, line in enumerate(text.split("\n"), 1):
        quotes = line.count('"""')
        if in_doc or quotes:
            in_doc = in_doc != (quotes % 2 == 1)
            continue
        if not line.strip() or _COMMENT.match(line) or line.lstrip().startswith(
                ("include ", "from ", "cimport ", "import ", "def ", "cdef extern", "cdef struct",
                 "cpdef enum")):
            continue
        code = line.split("  #")[0]
        if code.lstrip().startswith("cdef ") and ("=" not in code or "*" in code.split("=")[0]):
            continue  # a declaration without a value, or a pointer into an array (not the model)
        yield number, line, re.sub(r"<[^<>()]*\*?>", lambda cast: " " * len(cast.group()), code)


def kernel_mutants() -> list[Mutant]:
    """Every operator mutant of every compiled kernel, in a fixed order."""
    mutants = []
    for source in sorted([*(ROOT / "model").rglob("*.pyx"), *(ROOT / "model").rglob("*.pxi")]):
        path = str(source.relative_to(ROOT))
        if path in NOT_MUTATED:
            continue
        for number, line, code in _code_lines(source.read_text()):
            for operator, pattern, replacement in KERNEL_OPERATORS:
                for match in re.finditer(pattern, code):
                    new = replacement if replacement is not None else repr(float(match.group()) + 1)
                    after = line[:match.start()] + new + line[match.end():]
                    mutants.append(Mutant(path, number, line, after, operator))
    return mutants


def kernels_pass(limit: int | None, seed: int, copies: int) -> dict:
    """Run the kernel operator mutants (all, or a seeded sample of ``limit``), ``copies`` at a
    time, and write the results."""
    mutants = kernel_mutants()
    chosen = sorted(random.Random(seed).sample(mutants, limit), key=mutants.index) if limit else mutants
    staged = stage(BUILD / "kernels")
    check_baseline(staged)
    start = time.monotonic()
    verdicts = judge(chosen, staged, copies, report=lambda number, mutant, verdict: print(
        f"[{number}/{len(chosen)}] {verdict:8} {mutant.name}  {mutant.after.strip()}", flush=True))
    report = {"generated": len(mutants), "run": len(chosen), "seed": seed if limit else None,
              "seconds": round(time.monotonic() - start),
              "mutants": [{**asdict(mutant), "name": mutant.name, "outcome": verdict}
                          for mutant, verdict in zip(chosen, verdicts)]}
    (BUILD / "kernels.json").write_text(json.dumps(report, indent=1))
    return report


def rejudge_kernels(copies: int) -> list[dict]:
    """Judge the survivors of the last kernel pass again, against the fast suite as it is now (after
    tests were added for them), and record the new verdicts in ``build/mutate/kernels.json``, each
    marked ``"rejudged": true``; the pass's time is left as it was measured."""
    path = BUILD / "kernels.json"
    report = json.loads(path.read_text())
    survivors = [m for m in report["mutants"] if m["outcome"] in SURVIVED]
    staged = stage(BUILD / "rejudge")
    check_baseline(staged)
    mutants = [Mutant(**{k: m[k] for k in FIELDS}) for m in survivors]
    verdicts = judge(mutants, staged, copies, report=lambda number, mutant, verdict: print(
        f"[{number}/{len(mutants)}] {verdict:8} {mutant.name}", flush=True))
    for entry, verdict in zip(survivors, verdicts):
        entry.update(outcome=verdict, rejudged=True)
    path.write_text(json.dumps(report, indent=1))
    return survivors


def python_pass() -> dict:
    """Run mutmut over model/ and scenarios/ in the staged copy and collect its results."""
    staged = stage(BUILD / "python", python=True)
    start = time.monotonic()
    subprocess.run(["mutmut", "run"], cwd=staged, check=False, env=_with_venv_first())
    seconds = round(time.monotonic() - start)
    return collect_python(staged, seconds)


def _with_venv_first() -> dict[str, str]:
    """The environment with this Python's folder first on PATH (where mutmut is installed)."""
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}


def collect_python(staged: Path, seconds: int) -> dict:
    """mutmut's verdicts, read from its result files, each survivor with its diff."""
    listing = subprocess.run(["mutmut", "results", "--all", "true"], cwd=staged, check=True,
                             capture_output=True, text=True, env=_with_venv_first())
    results = []
    for entry in listing.stdout.splitlines():
        name, _, status = entry.strip().rpartition(": ")
        if name:
            results.append({"name": name, "outcome": status})
    report = {"generated": len(results), "seconds": seconds, "mutants": results}
    (BUILD / "python.json").write_text(json.dumps(report, indent=1))
    return report


def mutmut_mutant(staged: Path, name: str) -> Mutant | None:
    """A mutmut mutant as a line replacement, read from the mutated module mutmut wrote (which
    holds each function's original, ``…__mutmut_orig``, beside its mutants); None if it changes
    more than one line."""
    module, _, function = name.rpartition(".")
    mutated = (staged / "mutants" / module.replace(".", "/")).with_suffix(".py")
    if not mutated.exists():
        mutated = mutated.with_suffix("") / "__init__.py"
    bodies = _functions(mutated)
    original, changed = bodies[function.rpartition("__mutmut_")[0] + "__mutmut_orig"], bodies[function]
    if len(original) != len(changed):
        return None
    differing = [k for k in range(1, len(original)) if original[k] != changed[k]]  # (0: the names)
    if len(differing) != 1:
        return None
    path = str(mutated.relative_to(staged / "mutants" / "detente"))
    lines = (ROOT / path).read_text().split("\n")
    (k,) = differing
    before, after = original[k], changed[k]
    starts = [n for n, line in enumerate(lines) if line.strip() == original[0].strip().replace(
        function.rpartition("__mutmut_")[0] + "__mutmut_orig", _plain(function))]
    for start in starts:
        if before in lines[start:]:
            number = lines.index(before, start) + 1
            return Mutant(path, number, before, after, "mutmut_" + function.rpartition("__mutmut_")[2])
    return None


@functools.lru_cache(maxsize=None)
def _functions(mutated: Path) -> dict[str, list[str]]:
    """The source lines of every function of a module mutmut wrote, by name."""
    text = mutated.read_text()
    return {node.name: ast.get_source_segment(text, node).split("\n")
            for node in ast.walk(ast.parse(text)) if isinstance(node, ast.FunctionDef)}


def _plain(function: str) -> str:
    """The source name of a function mutmut renamed (``xǁKnobǁallowed__mutmut_7``: ``allowed``)."""
    return function.rpartition("__mutmut_")[0].rpartition("ǁ")[2].removeprefix("x_")


#: Functions that run only while the package is imported (knob tables, the agent's properties; the
#: world knobs' table is built at import and again only when the registry changes):
#: mutmut switches a mutant on after the import, in a forked process, so it can never see theirs
#: (they "survive" whatever the tests): :func:`replay` judges them.
IMPORT_TIME = ("doctrines.base.x_richardson_knobs", "doctrines.base.x_belief_knobs",
               "state.x__column", "knobs.x_knob_table", "knobs.xǁ_WorldKnobsǁ_table")


def replay(copies: int) -> list[dict]:
    """Judge again, with :func:`run_mutant`, the survivors mutmut cannot judge: those of
    ``IMPORT_TIME`` functions, and those of functions it saw no test call in its own process
    ("no tests": the suite reaches them only in a subprocess, such as the console script's).
    Each runs against the whole fast suite in a package imported afresh, ``copies`` at a time;
    the verdicts go to ``build/mutate/replay.json`` and replace mutmut's in the figures. A
    survivor that changes more than one line cannot be replayed and keeps mutmut's verdict."""
    staged_python = BUILD / "python"
    survivors = [m["name"] for m in json.loads((BUILD / "python.json").read_text())["mutants"]
                 if m["outcome"] == "no tests" or (m["outcome"] in SURVIVED and any(
                     f".{function}__mutmut_" in m["name"] for function in IMPORT_TIME))]
    replayable = [(name, mutmut_mutant(staged_python, name)) for name in survivors]
    replayable = [(name, mutant) for name, mutant in replayable if mutant is not None]
    staged = stage(BUILD / "replay")
    check_baseline(staged)
    verdicts = judge([mutant for _, mutant in replayable], staged, copies,
                     report=lambda number, mutant, verdict: print(
                         f"[{number}/{len(replayable)}] {verdict:8} {mutant.name}", flush=True))
    results = [{"name": name, "outcome": verdict} for (name, _), verdict in zip(replayable, verdicts)]
    (BUILD / "replay.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    return results


def own_tests(mutant: Mutant) -> list[str]:
    """The tests a sampled mutant runs against in CI: its module's test file and the exact kernel
    tests and contract suite."""
    stem = Path(mutant.path).stem.removesuffix("_kernel")
    return [f"detente/tests/{name}" for name in (f"test_{stem}.py", "test_kernels.py", "test_contract.py")
            if (ROOT / "tests" / name).exists()]


def make_sample(size: int, seed: int) -> list[dict]:
    """Choose the CI sample: the kernel mutants the issue names, then killed mutants of the kernel
    pass and of the Python pass (seeded), each kept only if its own tests (``own_tests``) kill it;
    written to sample.json."""
    python = json.loads((BUILD / "python.json").read_text())["mutants"]
    kernels = json.loads((BUILD / "kernels.json").read_text())["mutants"] if (
        BUILD / "kernels.json").exists() else []
    named = [Mutant(**m) for m in json.loads((HERE / "named.json").read_text())]
    rng = random.Random(seed)
    killed_python = [m["name"] for m in python if m["outcome"] == "killed"]
    killed_kernels = [Mutant(**{k: m[k] for k in FIELDS}) for m in kernels if m["outcome"] == "killed"]
    candidates = itertools.chain(
        named, rng.sample(killed_kernels, min(3, len(killed_kernels))),
        (mutmut_mutant(BUILD / "python", name) for name in rng.sample(killed_python, len(killed_python))))
    staged = stage(BUILD / "sample")
    chosen = []
    for mutant in candidates:  # (a generator: mutmut's mutants are read only as far as needed)
        if len(chosen) == size:
            break
        if mutant is not None and run_mutant(staged, mutant, own_tests(mutant)) == "killed":
            chosen.append(asdict(mutant))
            print(f"[{len(chosen)}/{size}] {mutant.name}", flush=True)
    SAMPLE.write_text(json.dumps(chosen, indent=1, ensure_ascii=False) + "\n")
    return chosen


#: mutmut's verdicts (and ours) as killed, survived (no test covers it: survived too) or not run.
KILLED = {"killed", "timeout", "segfault", "caught by type check"}
SURVIVED = {"survived", "no tests"}


def summary() -> dict:
    """Figures of both passes: generated, run, killed, survived, equivalent, score (killed over
    those run that are not equivalent), and the survivors not yet explained."""
    equivalent = set(json.loads(EQUIVALENT.read_text())) if EQUIVALENT.exists() else set()
    figures = {}
    for name in ("python", "kernels"):
        path = BUILD / f"{name}.json"
        if not path.exists():
            continue
        report = json.loads(path.read_text())
        replayed = {}
        if name == "python" and (BUILD / "replay.json").exists():
            replayed = {m["name"]: m["outcome"] for m in json.loads((BUILD / "replay.json").read_text())
                        if m["outcome"] in KILLED | SURVIVED}
        if name == "kernels":  # (named afresh: results written before names had a column)
            report["mutants"] = [{**m, "name": Mutant(**{k: m[k] for k in FIELDS}).name}
                                 for m in report["mutants"]]
        report["mutants"] = [{**m, "outcome": replayed.get(m["name"], m["outcome"])}
                             for m in report["mutants"]]
        run = [m for m in report["mutants"] if m["outcome"] in KILLED | SURVIVED]
        survivors = [m["name"] for m in run if m["outcome"] in SURVIVED]
        killed = len(run) - len(survivors)
        judged = [name for name in survivors if name in equivalent]
        tested = len(run) - len(judged)
        figures[name] = {"generated": report["generated"], "run": len(run), "killed": killed,
                         "survived": len(survivors), "equivalent": len(judged),
                         "score": round(100 * killed / tested, 1) if tested else None,
                         "seconds": report["seconds"],
                         "rejudged": sum(bool(m.get("rejudged")) for m in report["mutants"]),
                         "unexplained_survivors": sorted(set(survivors) - equivalent)}
    FIGURES.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n")
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=["python", "replay", "kernels", "rejudge", "summary", "all",
                                         "sample"])
    parser.add_argument("--limit", type=int, help="kernels: run a seeded sample of this many mutants")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--copies", type=int, default=os.cpu_count() or 1,
                        help="kernels and replay: mutants judged at once, each in its own staged copy")
    args = parser.parse_args(argv)
    BUILD.mkdir(parents=True, exist_ok=True)
    if args.step in ("python", "all"):
        python_pass()
    if args.step in ("replay", "all"):
        replay(args.copies)
    if args.step in ("kernels", "all"):
        kernels_pass(args.limit, args.seed, args.copies)
    if args.step == "rejudge":
        rejudge_kernels(args.copies)
    if args.step == "sample":
        make_sample(args.limit or 32, args.seed)
        return
    print(json.dumps(summary(), indent=1))


if __name__ == "__main__":
    main()
