"""Fuzzed inputs (issue 13, point 2): generated scenario files, sweep specs, command lines and
dashboard URLs. Each one loads, or gives the project's own clear error: one line that starts with
the file (and the line) it is about, as the malformed-file corpora require (tests/helpers.py:
``place``), and from the command line exit status 2 with no traceback; each within
:data:`TIME_LIMIT` seconds of CPU (and :data:`WALL_LIMIT` seconds).

Inputs per CI run (derandomized, so a run is reproducible; ``HYPOTHESIS_PROFILE=soak`` tries
:data:`SOAK` times as many, random ones):

==========================================================================  ======
scenario files mutated from the shipped ones (types, ranges, keys, nesting)    600
scenario files of garbage (bytes, text, TOML-like tokens)                      250
sweep specs mutated from the shipped one and the documented example           350
sweep specs of garbage                                                         100
command lines (every command; runs capped at 3 years, 2 seeds, 60 states)      450
dashboard URL queries (the compare page's parse)                               400
total                                                                         2150
==========================================================================  ======

What the fuzzing found is fixed and has its regression test and, for files, its corpus file in
tests/malformed/ (see the commit log of issue 13).
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import io
import math
import os
import re
import signal
import tempfile
import tomllib
from pathlib import Path
from unittest import mock

import pytest
from helpers import place
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from detente import cli
from detente.model.knobs import all_knob_names
from detente.scenarios import HERE as SHIPPED, ScenarioError, available, load
from detente.sweeps import run as sweep_run
from detente.sweeps.spec import SPECS, load_spec
from detente.viz import compare_page
from detente.viz.comparison import Comparison, worlds

#: Seconds of CPU an input may take (loading, or a command capped as above), and seconds of wall time
#: (for one that would wait on something): CPU time, because on a busy shared machine a process
#: can wait seconds for a core
TIME_LIMIT = 2.0
WALL_LIMIT = 30.0
SOAK = 20
_soak = os.environ.get("HYPOTHESIS_PROFILE") == "soak"


def fuzzed(examples: int) -> settings:
    """Settings of a fuzz test: ``examples`` inputs, derandomized (CI), or SOAK times as many random
    ones (HYPOTHESIS_PROFILE=soak). Set here rather than by a profile (conftest.py) so that the
    counts in the module docstring are this file's alone."""
    return settings(max_examples=examples * (SOAK if _soak else 1), derandomize=not _soak,
                    database=None, deadline=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much, HealthCheck.large_base_example])


class TooSlow(BaseException):
    """An input took longer than TIME_LIMIT (a BaseException: no ``except Exception`` hides it)."""


@contextlib.contextmanager
def time_limit(what: str):
    """Stop what runs inside after TIME_LIMIT seconds of CPU or WALL_LIMIT seconds, and fail; fail
    also if the alarm came where an exception is dropped (a garbage collector's callback) and what
    ran went on to the end. The garbage collector waits until the end: a full collection of the
    heap a long soak run has grown took seconds, which are the session's, not the input's."""
    expired = []

    def expire(signum, frame):
        expired.append(f"{what} took more than {TIME_LIMIT} s of CPU" if signum == signal.SIGPROF
                       else f"{what} took more than {WALL_LIMIT} s")
        raise TooSlow(expired[0])

    timers = {signal.SIGPROF: (signal.ITIMER_PROF, TIME_LIMIT), signal.SIGALRM: (signal.ITIMER_REAL, WALL_LIMIT)}
    previous = {number: signal.signal(number, expire) for number in timers}
    collecting = gc.isenabled()
    gc.disable()
    for timer, seconds in timers.values():
        signal.setitimer(timer, seconds)
    try:
        yield
    finally:
        for number, (timer, _) in timers.items():
            signal.setitimer(timer, 0)
            signal.signal(number, previous[number])
        if collecting:
            gc.enable()
    if expired:
        raise TooSlow(expired[0])


@pytest.fixture(scope="module")
def folder():
    """A folder for the generated files, and the working folder of the commands (their outputs)."""
    with tempfile.TemporaryDirectory(prefix="detente-fuzz-") as name:
        (Path(name) / "notes.txt").write_text("not a scenario")
        home = os.getcwd()
        os.chdir(name)
        try:
            yield Path(name)
        finally:
            os.chdir(home)


# -- values, and TOML written from them ------------------------------------------------------------

#: Text a user could type: odd unicode, newlines and tabs, quotes, names that are almost right
odd_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "\n", "\t", "a\nb", "a\tb", "é", "🙂", "\u202e", "\x7f", "\r\n", "'", '"',
                     "\\", "zero_sum", "win_win", "complete", "ring", "grid", "geometric",
                     "security-dilemma", "noise", "n_states", "../x.toml", "x.toml", "/etc/passwd"]))
odd_number = st.one_of(
    st.integers(-2**70, 2**70), st.floats(), st.sampled_from(
        [0, 1, -1, 2, 3, 0.5, -0.0, 5000, 5001, 100_000, 100_001, 10_000, 10_001, 2**63, 1e308,
         5e-324, math.inf, -math.inf, math.nan]))
odd_scalar = st.one_of(odd_number, odd_text, st.booleans(), st.dates(), st.datetimes())
odd_key = st.one_of(odd_text.filter(len), st.sampled_from(["years", "seeds", "knobs", "states", "id",
                                                              "variants", "lesson", "extends"]))
odd_value = st.recursive(odd_scalar, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(odd_key, inner, max_size=3), max_leaves=8)
edge_list = st.lists(st.one_of(st.lists(st.integers(-3, 40), min_size=0, max_size=3),
                               st.tuples(st.integers(-2**40, 2**40), st.integers(0, 3)).map(list),
                               odd_scalar), max_size=6)
state_list = st.lists(st.dictionaries(
    st.sampled_from(["name", "doctrine", "wealth", "arms", "growth", "dissatisfaction", "position",
                     "colour"]), odd_value, max_size=5), max_size=6)


def toml_string(text: str) -> str:
    escaped = "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or c in '\x7f"\\' else c for c in text)
    return f'"{escaped}"'


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key)


def toml_value(value) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return "nan" if math.isnan(value) else {math.inf: "inf", -math.inf: "-inf"}.get(value, repr(value))
    if isinstance(value, (int, datetime.date)):
        return str(value) if isinstance(value, int) else value.isoformat()
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_document(data: dict) -> str:
    """TOML text of data: plain keys first, then [tables] and [[arrays of tables]], as files are
    written by hand."""
    lines, tables = [], []
    for key, value in data.items():
        if isinstance(value, dict) and value:
            tables += [f"[{toml_key(key)}]", *(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())]
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for item in value:
                tables += [f"[[{toml_key(key)}]]", *(f"{toml_key(k)} = {toml_value(v)}" for k, v in item.items())]
        else:
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
    return "\n".join(lines + tables) + "\n"


def paths(value, key=()):
    """Every (key path, value) in nested data, the root first."""
    yield key, value
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for part, inner in items:
        yield from paths(inner, (*key, part))


def mutate(data, draw) -> dict:
    """Data with one change a user (or a bad editor) could make at some key path."""
    key, value = draw(st.sampled_from(list(paths(data))))
    how = draw(st.sampled_from(["replace", "delete", "add", "rename", "wrap", "nest", "network",
                                "states"]))
    if not key and how in ("replace", "delete", "rename", "wrap", "nest"):
        how = "add"
    holder = data
    for part in key[:-1]:
        holder = holder[part]

    def put(new):
        holder[key[-1]] = new
        return data

    if how == "replace":
        return put(draw(odd_value))
    if how == "wrap":
        return put(draw(st.sampled_from([[value], {"value": value}, [value, value]])))
    if how == "nest":
        depth = draw(st.integers(2, 40))
        return put(nested(value, depth))
    if how == "network":
        table = data.setdefault("knobs", {}) if isinstance(data.get("knobs", {}), dict) else {}
        table["network"] = draw(edge_list)
        table["n_states"] = draw(st.sampled_from([2, 3, 4, 10, 0, -1, 5001]))
        return data
    if how == "states":
        data["states"] = draw(state_list)
        return data
    if how == "delete":
        del holder[key[-1]]
        return data
    target = value if isinstance(value, dict) else holder
    if not isinstance(target, dict):
        return put(draw(odd_value))
    if how == "add":
        target[draw(odd_key)] = draw(odd_value)
    elif isinstance(holder, dict):  # rename
        holder[draw(odd_key)] = holder.pop(key[-1])
    return data


def nested(value, depth: int):
    for _ in range(depth):
        value = [value]
    return value


def edit_text(text: str, draw) -> str:
    """Text with a slip of the keyboard: a piece cut, doubled or typed in."""
    if not text:
        return text
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start, min(len(text), start + 40)))
    how = draw(st.sampled_from(["cut", "double", "type"]))
    if how == "cut":
        return text[:start] + text[end:]
    if how == "double":
        return text[:end] + text[start:end] + text[end:]
    return text[:start] + draw(st.sampled_from(["=", "[", "]", "{", "}", '"', "'", ".", ",", "\n", "#",
                                                "[[", "\t", "= =", "nan", "1e999", "0x", "é"])) + text[start:]


def shortened(value):
    """Data with its long texts (lessons, theory) cut to 40 characters: they are only text to the
    loader, and the fuzzer's time goes further on the keys."""
    if isinstance(value, str):
        return value[:40]
    if isinstance(value, list):
        return [shortened(item) for item in value]
    if isinstance(value, dict):
        return {key: shortened(item) for key, item in value.items()}
    return value


SHIPPED_SCENARIOS = [shortened(tomllib.loads(path.read_text())) for path in sorted(SHIPPED.glob("*.toml"))]
EXAMPLE_SPEC = """id = "test-sweep"
scenario = "security-dilemma"
years = 20
seeds = 3
seed = 7
[sweep.noise]
range = [0.0, 0.2]
[sweep.zero_sum.relative_gains]
range = [1, 4]
[sampler]
method = "sobol"
samples = 8
[claim]
criteria = { welfare_final = "higher" }
[claim.worlds.a]
doctrine = "win_win"
[claim.worlds.b]
doctrine = "zero_sum"
"""
SHIPPED_SPECS = [tomllib.loads(path.read_text()) for path in sorted(SPECS.glob("*.toml"))] + [
    tomllib.loads(EXAMPLE_SPEC)]


@st.composite
def mutated(draw, originals: list[dict]) -> str:
    """A file made from a shipped one with one to three changes, and maybe a slip in its text."""
    data = tomllib.loads(toml_document(draw(st.sampled_from(originals))))  # a fresh copy
    for _ in range(draw(st.integers(1, 3))):
        data = mutate(data, draw)
    text = toml_document(data)
    return edit_text(text, draw) if draw(st.booleans()) else text


toml_token = st.sampled_from(["[", "]", "[[", "]]", "{", "}", "=", '"', "'", '"""', ".", ",", "\n", " ",
                              "\t", "#", "a", "knobs", "states", "schema", "1", "-1", "1e999", "nan",
                              "inf", "true", "0x1F", "1979-05-27", "é", "\\", "\x00", "\r"])
garbage = st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode),
                    st.lists(toml_token, max_size=60).map(lambda tokens: "".join(tokens).encode()))


def write(folder: Path, content: str | bytes, name: str) -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def outcome(code: int, message: str) -> str:
    """What an input came to, for the statistics (pytest --hypothesis-show-statistics): loaded or
    ran, or the kind of error (its words after the file and line, up to the first quote or digit)."""
    if code == 0:
        return "loads or runs"
    words = re.sub(r"^(detente( \w+)?: error: )?(\S+?(, line \d+)?: )?", "", message.strip().rsplit("\n", 1)[-1])
    return f"error: {re.split(r"['\"0-9(]", words, maxsplit=1)[0].strip()[:40]}"


# -- scenario files and sweep specs ----------------------------------------------------------------

def validates_or_is_clear(path: Path) -> None:
    """``detente validate`` of a file: it is valid (exit 0), or exit 2 with one line naming it."""
    code, out, err = command(["validate", str(path)])
    event(outcome(code, err))
    if code == 0:
        assert f"{path}: valid scenario" in out and err == ""
    else:
        assert code == 2 and out == "", (code, out, err)
        assert err.startswith("detente: error: ") and err.count("\n") == 1, err
        place(err.removeprefix("detente: error: ").rstrip("\n"), path)


def spec_loads_or_is_clear(path: Path) -> None:
    with time_limit(f"loading {path.read_bytes()[:200]!r}"):
        try:
            load_spec(path)
        except ScenarioError as err:  # SpecError is one
            event(outcome(2, str(err)))
            place(str(err), path)
        else:
            event(outcome(0, ""))


@fuzzed(600)
@given(text=mutated(SHIPPED_SCENARIOS))
def test_a_scenario_file_mutated_from_a_shipped_one_loads_or_is_a_clear_error(text, folder):
    validates_or_is_clear(write(folder, text, "world.toml"))


@fuzzed(250)
@given(content=garbage)
def test_a_scenario_file_of_garbage_is_a_clear_error(content, folder):
    validates_or_is_clear(write(folder, content, "garbage.toml"))


@fuzzed(350)
@given(text=mutated(SHIPPED_SPECS))
def test_a_sweep_spec_mutated_from_a_shipped_one_loads_or_is_a_clear_error(text, folder):
    spec_loads_or_is_clear(write(folder, text, "sweep.toml"))


@fuzzed(100)
@given(content=garbage)
def test_a_sweep_spec_of_garbage_is_a_clear_error(content, folder):
    spec_loads_or_is_clear(write(folder, content, "garbage-sweep.toml"))


# -- command lines -------------------------------------------------------------------------------

def command(argv: list[str]) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of ``detente ARGV`` run in this process, within TIME_LIMIT;
    the dashboard is never started and no sweep ever runs (the generated arguments make sure of it;
    this is the safety net)."""
    out, err = io.StringIO(), io.StringIO()
    with (contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), time_limit(f"detente {argv}"),
          mock.patch("os.execve", side_effect=AssertionError("the dashboard would start")),
          mock.patch.object(sweep_run, "run_sweep", side_effect=AssertionError("a sweep would run"))):
        try:
            code = cli.main(argv)
        except SystemExit as exit:  # argparse: usage and one error line, or --help
            code = exit.code
    return code, out.getvalue(), err.getvalue()


typed = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=15)
valid_worlds = [world for name in available() for world in (name, *(f"{name}/{v}" for v in load(name).variants))]
world_name = st.one_of(st.sampled_from(valid_worlds), typed, st.sampled_from(
    ["", ".", "/", "nowhere.toml", "/etc/passwd", "security-dilemma/", "security-dilemma/nope",
     "jervis-four-worlds/", "x.txt", "..", "-"]))
#: the files the other tests generated, too (not run: one may have 5,000 states)
file_name = st.one_of(world_name, st.sampled_from(["garbage.toml", "world.toml", "sweep.toml", "notes.txt"]))
small = st.one_of(st.integers(1, 3).map(str), st.sampled_from(["0", "-1", "100001", "1e3", "2.5", "", "x",
                                                               "99999999999999999999", " 2", "٣"]))
knob = st.one_of(st.sampled_from(all_knob_names()), typed)
#: n_states above 60 only when it is not allowed, so that no run takes long
knob_value = st.one_of(
    typed, odd_number.map(str), st.sampled_from(
        ["true", "[1, 2]", "[[0, 1]]", "{zero_sum = 0.5, win_win = 0.5}", "ring", "[5, 3, 1, 0]", "[",
         "=", '"x"', "1e999", "nan", "inf", "-inf", "[" * 50 + "]" * 50, "{a = {b = 1}}"]))


@st.composite
def setting(draw) -> list[str]:
    name = draw(knob)
    value = draw(knob_value)
    if name == "n_states":
        value = draw(st.sampled_from(["2", "5", "60", "0", "1", "5001", "1e9", "many", "2.5"]))
    return ["--set", draw(st.sampled_from([f"{name}={value}", name, f"{name}=", f"={value}"]))]


output = st.tuples(st.sampled_from(["--out", "--agents", "--wars", "--plot"]), st.one_of(
    typed, st.sampled_from(["w.csv", "w.parquet", "w.png", "w.xlsx", "/nonexistent/w.csv", ".", "w",
                            "sub/w.csv", "/w.csv", "world.toml"]))).map(list)
ensemble = st.lists(st.one_of(st.tuples(st.just("--seed"), st.one_of(typed, odd_number.map(str))).map(list),
                              setting(), output), max_size=3).map(lambda options: sum(options, []))


@st.composite
def command_line(draw) -> list[str]:
    """An argument list for one command; a command that runs gets at most 3 years and 2 seeds."""
    what = draw(st.sampled_from(["run", "compare", "validate", "explain", "sweep", "analyze", "demo",
                                 "dashboard", "listing", "garbage"]))
    cap = ["--years", draw(small), "--seeds", draw(small)]
    if what == "run":
        return ["run", draw(world_name), *cap, *draw(ensemble)]
    if what == "compare":
        return ["compare", *draw(st.lists(world_name, min_size=1, max_size=4)), *cap, *draw(ensemble)]
    if what in ("validate", "explain"):
        return [what, draw(file_name)]
    if what == "sweep":  # never a spec that loads: nothing must run
        spec = draw(st.one_of(typed.filter(lambda name: name != "claim-map"), st.sampled_from(
            ["nowhere.toml", "garbage-sweep.toml", "world.toml", "/etc/passwd", "claim-map.toml"])))
        where = draw(st.lists(st.tuples(st.sampled_from(["--workers", "--dask-local", "--scheduler"]),
                                        st.one_of(small, odd_number.map(str), typed)).map(list), max_size=2))
        return ["sweep", spec, *sum(where, []), *draw(st.sampled_from([[], ["--resume"], ["--store", "s"]]))]
    if what == "analyze":
        return ["analyze", draw(typed), *draw(st.sampled_from([[], ["--outcome", "x"], ["--plots", "p"]]))]
    if what == "demo":
        return ["demo", "--years", draw(small), "--seeds", draw(small)]
    if what == "dashboard":  # never a port it could start on
        port = str(draw(st.one_of(st.integers(max_value=0), st.integers(min_value=65536),
                                  st.text("abcxyz-.", max_size=6))))
        return ["dashboard", "--port", port, *draw(st.sampled_from([[], ["--host", "0.0.0.0"], ["--sweeps", "s"]]))]
    if what == "listing":
        return [draw(st.sampled_from(["knobs", "outputs", "scenarios"]))]
    tokens = st.one_of(typed, st.sampled_from(["--years", "--seeds", "--set", "-h", "--help", "--out",
                                                "--workers", "=", "--", "-"]))
    first = draw(tokens.filter(lambda token: token not in ("run", "compare", "demo", "sweep", "dashboard")))
    return [first, *draw(st.lists(tokens, max_size=5))]


@fuzzed(450)
@given(argv=command_line())
def test_a_command_line_runs_or_exits_2_with_a_clear_error_and_no_traceback(argv, folder):
    code, out, err = command(argv)
    event(outcome(code, err))
    assert "Traceback" not in out + err
    assert code in (0, 2), (code, err)
    if code == 2:
        last = err.rstrip("\n").rsplit("\n", 1)[-1]
        assert re.match(r"detente( \w+)?: error: ", last), err
        if not err.startswith("usage:"):  # not argparse's: the project's own, one line
            assert err.startswith("detente: error: ") and err.count("\n") == 1, err


# -- dashboard URLs -------------------------------------------------------------------------------

url_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
url_value = st.one_of(url_text, knob_value, odd_number.map(str))


@st.composite
def url_query(draw) -> str:
    """A query as a link could carry it: scenarios with knob settings, seeds and years, unknown
    parameters, odd separators and percent-escapes."""
    parts = []
    for _ in range(draw(st.integers(0, 5))):
        name = draw(st.sampled_from(worlds())) if draw(st.integers(0, 3)) else draw(url_text)
        settings_ = draw(st.lists(st.tuples(st.one_of(st.sampled_from(all_knob_names()), url_text), url_value),
                                  max_size=3))
        if any(k == "n_states" for k, _ in settings_):  # no world too big to check at once
            settings_ = [(k, draw(st.sampled_from(["3", "0", "5001", "x"]))) if k == "n_states" else (k, v)
                         for k, v in settings_]
        parts.append("scenario=" + ";".join([name, *(f"{k}={v}" for k, v in settings_)]))
    for key in draw(st.lists(st.sampled_from(["seeds", "years", "colour", "scenario", ""]), max_size=3)):
        parts.append(f"{key}={draw(url_value)}")
    query = draw(st.sampled_from(["&", ";", "&&"])).join(parts)
    if draw(st.integers(0, 3)) == 0:  # separators escaped now and then (most links have them plain)
        query = "".join(f"%{ord(c):02X}" if c in "=;&" and draw(st.booleans()) else c for c in query)
    return draw(st.sampled_from(["", "?"])) + query


@fuzzed(400)
@given(query=st.one_of(url_query(), url_text))
def test_a_url_query_gives_a_comparison_or_one_clear_line(query):
    with time_limit(f"the query {query!r}"):
        comparison, error = compare_page.parse(query)
    event(outcome(2 if error else 0, error or ""))
    if error is None:
        assert comparison is None or Comparison.from_query(comparison.query()) == comparison
    else:
        assert comparison is None and error.strip() and "\n" not in error, error
