"""The sweep stores the dashboard's Sweeps page shows, and what it shows of each, without solara.

The page reads stores from one folder only: ``detente dashboard --sweeps FOLDER`` (default
``./sweeps-out``) hands it to the app in the environment variable ``DETENTE_SWEEPS``. A store is a
sub-folder holding ``sweep.duckdb`` (what ``detente sweep SPEC --store FOLDER/NAME`` writes); the
browser sends only a store's name, which :func:`store_path` resolves and checks stays inside the
folder (no ``..``, no absolute path, no symbolic link leading out).

What the page shows of a store (:func:`view`) mirrors ``detente analyze STORE --plots DIR``: the
spec, the progress, the claim map's sentences with its heatmap and its advantage by region, and
sensitivity bars for Sobol and Morris samples, the plots as PNG bytes. A sweep that is running
holds its store (DuckDB lets no reader in beside the writer): :func:`watch` then reports
:class:`Busy`, with the runs whose yearly outputs are already written, until the store can be read.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: The environment variable ``detente dashboard`` passes the sweeps folder in.
SWEEPS_ENV = "DETENTE_SWEEPS"
#: The sweeps folder when none is given (relative to where the dashboard starts).
DEFAULT_SWEEPS = "sweeps-out"
#: Seconds between two looks at a store that a sweep is writing (or may resume writing).
POLL_SECONDS = 3.0
# the names sweeps/store.py gives a store's files (not imported: the command line reads this
# module to build its parser, and sweeps.store brings DuckDB, pandas and Arrow)
DATABASE, LOCK, SERIES = "sweep.duckdb", "lock", "series"


class FolderError(ValueError):
    """A store name the page refuses: not a store of the sweeps folder."""


def sweeps_folder(environ=os.environ) -> Path:
    """The configured sweeps folder, absolute."""
    return Path(environ.get(SWEEPS_ENV) or DEFAULT_SWEEPS).expanduser().absolute()


def make_one(folder: Path) -> str:
    """The command that makes a first store in the folder."""
    return f"detente sweep claim-map --store {folder / 'claim-map'}"


def store_path(folder: str | Path, name: str) -> Path:
    """The store called ``name`` in the folder, resolved; FolderError unless ``name`` is a plain
    folder name whose resolved path is a direct sub-folder of the resolved folder holding a
    ``sweep.duckdb`` that is also inside it (a symbolic link may point within the folder, not
    out of it)."""
    root = Path(folder).resolve()
    if (not isinstance(name, str) or name in ("", ".", "..") or "/" in name or "\\" in name
            or "\0" in name or Path(name).is_absolute()):
        raise FolderError(f"{name!r} is not the name of a store in {root}")
    path = (root / name).resolve()
    if path.parent != root:
        raise FolderError(f"{name!r} leads out of the sweeps folder {root}")
    database = path / DATABASE
    if not database.is_file() or database.resolve().parent != path:
        raise FolderError(f"{name!r} is not a sweep store (no {DATABASE} in {path})")
    return path


def list_stores(folder: str | Path) -> list[str]:
    """Names of the stores in the folder, sorted (none if the folder is missing)."""
    root = Path(folder)
    if not root.is_dir():
        return []
    names = []
    for child in sorted(root.iterdir(), key=lambda child: child.name):
        try:
            store_path(root, child.name)
        except (FolderError, OSError):
            continue
        names.append(child.name)
    return names


def folder_message(folder: Path, names: list[str]) -> str | None:
    """What to say when the folder offers no store (None when it offers some)."""
    if names:
        return None
    if not folder.exists():
        return (f"The sweeps folder {folder} does not exist yet. Run `{make_one(folder)}` to make "
                "a store there (about 30 s), then press refresh.")
    if not folder.is_dir():
        return f"The sweeps folder {folder} is not a folder: start the dashboard with --sweeps FOLDER."
    return (f"No sweep store in {folder} yet. Run `{make_one(folder)}` to make one (about 30 s), "
            "then press refresh.")


def writer_active(path: Path) -> bool:
    """Whether a sweep holds the store's lock, i.e. is writing it. Probed with a shared lock taken
    and dropped at once (a sweep starting in that instant would be told the store is busy)."""
    try:
        handle = os.open(path / LOCK, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(handle)  # drops the lock if it was taken
    return False


def written_runs(path: Path) -> int:
    """Runs whose yearly outputs are in the store's series parts, readable while a sweep writes
    (a part is renamed into place whole; failed runs have none)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    series = path / SERIES
    if not series.is_dir() or series.resolve().parent != path:
        return 0
    runs = 0
    for part in series.glob("part-*.parquet"):
        try:
            runs += pc.count_distinct(pq.read_table(part, columns=["run"]).column("run")).as_py()
        except (OSError, ValueError, KeyError):
            continue  # deleted or replaced meanwhile
    return runs


@dataclass(frozen=True)
class Busy:
    """A store a sweep is writing: runs written so far and, when known, the runs planned."""

    name: str
    written: int
    planned: int | None = None


@dataclass(frozen=True)
class Plot:
    """A PNG and the caption that says what it shows."""

    title: str
    caption: str
    png: bytes


@dataclass(frozen=True)
class ClaimView:
    """The claim map of one criterion: its sentences, its heatmap and its advantage by region."""

    criterion: str
    sentences: tuple[str, ...]
    plots: tuple[Plot, ...]


@dataclass(frozen=True)
class SweepView:
    """What the page shows of a readable store."""

    name: str
    id: str
    title: str
    scenario: str
    knobs: tuple[str, ...]  # "name: range or values"
    sampler: str
    worlds: tuple[str, ...]  # "name (knob = value, ...)"; empty without a claim
    seeds: int
    years: int
    done: int
    failed: int
    planned: int
    resume: str  # the command that runs what is missing
    claims: tuple[ClaimView, ...] = ()
    sensitivity: tuple[Plot, ...] = ()
    notes: tuple[str, ...] = ()  # why something is not shown

    @property
    def complete(self) -> bool:
        return self.done + self.failed >= self.planned


def _number(value: float) -> str:
    return f"{value:g}"


def _knob(factor) -> str:
    if factor.values:
        return f"{factor.name}: {', '.join(map(_number, factor.values))}"
    spread = "" if factor.distribution == "uniform" else f" ({factor.distribution})"
    return f"{factor.name}: {_number(factor.low)} to {_number(factor.high)}{spread}"


def _sampler(spec, points: int) -> str:
    method = spec.sampler.method
    detail = {"sobol": f"base N {spec.sampler.samples}" + (", second order" if spec.sampler.second_order else ""),
              "morris": f"{spec.sampler.samples} trajectories, {spec.sampler.levels} levels"}.get(method)
    return f"{method} ({points:,} points{f'; {detail}' if detail else ''})"


def _world(name: str, knobs: dict) -> str:
    settings = ", ".join(f"{knob} = {value}" for knob, value in knobs.items())
    return f"{name} ({settings})" if settings else name


def _png(draw, *args, **kwargs) -> bytes:
    """The bytes of a PNG that a sweeps/plots.py function writes to a file."""
    with tempfile.TemporaryDirectory(prefix="detente-sweeps-") as folder:
        path = draw(*args, path=Path(folder) / "plot.png", **kwargs)
        return Path(path).read_bytes()


def _claims(spec, frame) -> tuple[tuple[ClaimView, ...], tuple[str, ...]]:
    from ..sweeps import analyze, plots

    try:
        maps = analyze.claim_maps(spec, frame)
        advantage = analyze.paired_advantage(spec, frame)
    except (ValueError, KeyError) as err:
        return (), (f"No claim map yet: {err}",)
    views = []
    for criterion, claim in maps.items():
        a, b = claim.world_a, claim.world_b
        x, y = analyze.map_axes(spec, claim)
        heatmap = Plot(
            f"{a} against {b} on {criterion} over {x} and {y}",
            f"Each cell: the mean paired advantage of {a} over {b} on {criterion} in the runs whose "
            f"{x} and {y} fall in it (blue: {a} does better, red: {b}; blank: no run). Dashed boxes: "
            f"the claim map's regions on these two knobs, numbered as the region sentences above, "
            f"with the share of their runs where {a} does better.",
            _png(plots.heatmap, advantage, x, y, f"{plots.ADVANTAGE}{criterion}", regions=claim))
        regions = Plot(
            f"{a} against {b} on {criterion}, by region",
            f"The paired advantage in each region of the map, one row per region (densest on top): "
            f"right of the grey line {a} does better, left of it {b}; box: the middle half of the "
            f"paired runs, whiskers: 1.5 × its width, n: paired runs in the region.",
            _png(plots.distributions, advantage, claim))
        views.append(ClaimView(criterion, tuple(claim.sentences()), (heatmap, regions)))
    return tuple(views), ()


def _sensitivity(spec, points, frame, complete: bool) -> tuple[tuple[Plot, ...], tuple[str, ...]]:
    from ..sweeps import analyze, plots

    if spec.sampler.method not in analyze.SENSITIVITY_METHODS:
        return (), ()
    if not complete:
        return (), (f"Sensitivity indices ({spec.sampler.method}) need an outcome at every sampled "
                    "point: they are drawn once the sweep is complete.",)
    bars, notes = [], []
    for outcome in spec.outcomes.columns():
        for world in spec.worlds:
            where = f" in world {world}" if world else ""
            try:
                table = analyze.sensitivity(spec, points, frame, outcome, world=world)
            except ValueError as err:
                notes.append(f"No sensitivity of {outcome}{where}: {err}")
                continue
            if spec.sampler.method == "sobol":
                caption = (f"The share of the variance of {outcome}{where} (its mean over the seeds at "
                           "each point) due to each swept knob: ST (blue) with all its interactions, S1 "
                           "(orange) alone; error bars: 95 % bootstrap intervals. The longest bar on top "
                           "is the knob that matters most.")
            else:
                caption = (f"Morris screening of {outcome}{where}: μ* (blue), the mean absolute change "
                           "of the outcome for a step of each knob, ranks the knobs; σ (orange) is "
                           "large for knobs that interact or act non-linearly.")
            bars.append(Plot(f"Sensitivity of {outcome}{where}", caption,
                             _png(plots.sensitivity_bars, table, outcome=outcome)))
    return tuple(bars), tuple(notes)


def _fingerprint(path: Path) -> tuple:
    """What changes when a sweep writes the store (its database and write-ahead log)."""
    stamps = []
    for name in (DATABASE, DATABASE + ".wal"):
        try:
            status = (path / name).stat()
        except FileNotFoundError:
            continue
        stamps.append((name, status.st_mtime_ns, status.st_size))
    return tuple(stamps)


def view(path: Path, name: str) -> SweepView:
    """What the page shows of a readable store (StoreError while a sweep writes it); the same
    view again while the store is unchanged."""
    return _view(path, name, _fingerprint(path))


@lru_cache(maxsize=16)
def _view(path: Path, name: str, fingerprint: tuple) -> SweepView:
    from ..sweeps.spec import shipped_spec
    from ..sweeps.store import StoreError, load, load_points, stored_spec

    try:
        spec = stored_spec(path)  # writes the copy of the spec beside the store if the file moved
    except OSError as err:
        raise StoreError(f"{path}: cannot read the store's spec: {err}") from None
    frame = load(path)
    points = load_points(path)
    failed = int((frame["status"] == "failed").sum())
    planned = len(points) * len(spec.worlds) * spec.seeds
    complete = len(frame) >= planned
    claims, claim_notes = _claims(spec, frame) if spec.claim and len(frame) else ((), ())
    bars, bar_notes = _sensitivity(spec, points, frame, complete)
    notes = list(claim_notes + bar_notes)
    if not len(frame):
        notes.append("No run has finished yet.")
    elif not spec.claim and spec.sampler.method not in ("sobol", "morris"):
        notes.append("This sweep has no claim and no sensitivity sample: read the store with "
                     "detente.sweeps.load() or SQL.")
    source = spec.id if spec.path and spec.path == shipped_spec(spec.id) else Path(spec.path).absolute()
    return SweepView(
        name=name, id=spec.id, title=spec.title, scenario=spec.scenario.id,
        knobs=tuple(_knob(factor) for factor in spec.factors), sampler=_sampler(spec, len(points)),
        worlds=tuple(_world(world, knobs) for world, knobs in spec.claim.worlds.items()) if spec.claim else (),
        seeds=spec.seeds, years=spec.years, done=len(frame) - failed, failed=failed, planned=planned,
        resume=f"detente sweep {source} --store {path} --resume", claims=claims, sensitivity=bars,
        notes=tuple(notes))


def watch(folder: str | Path, name: str, keep_going: Callable[[], bool] = lambda: True,
          poll: float | None = None) -> Iterator[Busy | SweepView]:
    """The state of a store as it changes: :class:`Busy` every ``poll`` seconds (default
    :data:`POLL_SECONDS`) while a sweep writes it, then its :class:`SweepView`. While the view is
    incomplete (the sweep was stopped), it keeps looking and follows a resume; it ends once the
    view is complete or ``keep_going()`` is false. FolderError for a name that is not a store of
    the folder; StoreError for a store that cannot be read while no sweep writes it."""
    from ..sweeps.store import StoreError

    path = store_path(folder, name)
    poll = POLL_SECONDS if poll is None else poll
    shown, planned = None, None
    while keep_going():
        state = None
        if not writer_active(path):
            try:
                state = view(path, name)
            except StoreError:
                if not writer_active(path):  # not a sweep in the way: the store itself is unreadable
                    raise
        if state is None:
            state = Busy(name, written_runs(path), planned)
        if state != shown:
            shown = state
            yield state
        if isinstance(state, SweepView):
            if state.complete:
                return
            planned = state.planned
        deadline = time.monotonic() + poll
        while keep_going() and time.monotonic() < deadline:
            time.sleep(min(0.2, poll))
