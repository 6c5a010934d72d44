"""The store of a sweep: one folder that survives a crash at any moment, ``kill -9`` included.

    STORE/sweep.duckdb      the registry (one row per finished run: point, world, replication,
                            seed, status, error, wall time, worker, series part) and the outcomes,
                            with the sampled points and the spec's text; SQL-ready
    STORE/series/*.parquet  per-year world outputs, one part per batch of runs (never a file per
                            run), written under a temporary name and then renamed
    STORE/lock              held (flock) by the one process that writes the store

Only the process that runs the sweep writes; workers return their results (DuckDB allows one
writer). A batch is kept in two steps: its series part is written and renamed, then its registry and
outcome rows are committed in one transaction. A crash between the two leaves a part that no run
names: it is deleted when the store is opened again, and its runs, not in the registry, run again on
``--resume``. So what the registry holds is exactly what finished, nothing is duplicated, and a
resume runs only what is missing.

Faults: a batch that cannot be written (disk full, file too large) stops the sweep with
``runs.Stopped``, the batches before it kept; a series part found damaged when the store is opened
again (truncated, corrupt) is deleted with its runs' rows, so that ``--resume`` runs them again (same
seeds, same numbers), and reading it says so.
"""

from __future__ import annotations

import fcntl
import math
import os
import uuid
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..runs import Stopped
from .spec import SpecError, SweepSpec

DATABASE = "sweep.duckdb"
SERIES = "series"
LOCK = "lock"
#: The registry's columns and their SQL types; a batch's Arrow schema is read from them
_REGISTRY = {"run": "BIGINT", "point": "BIGINT", "world": "VARCHAR", "replication": "BIGINT",
             "seed": "BIGINT", "status": "VARCHAR", "error": "VARCHAR", "seconds": "DOUBLE",
             "worker": "VARCHAR", "part": "VARCHAR"}
_ARROW_TYPES = {"BIGINT": pa.int64(), "DOUBLE": pa.float64(), "VARCHAR": pa.string()}
_REGISTRY_SCHEMA = pa.schema([(name, _ARROW_TYPES[kind]) for name, kind in _REGISTRY.items()])


class StoreError(SpecError):
    """A store cannot be opened or written as asked (exists, is busy, belongs to another spec)."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Store:
    """The writing side of a store, held by the one process that runs the sweep."""

    def __init__(self, path: str | Path, spec: SweepSpec, points: np.ndarray, resume: bool = False):
        self.path = Path(path)
        self.spec = spec
        exists = (self.path / DATABASE).exists()
        if exists and not resume:
            raise StoreError(f"{self.path}: a sweep is already stored there; add --resume to run "
                             "what is missing, or give another --store")
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path}: not a folder")
        try:
            (self.path / SERIES).mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"{self.path}: cannot create the store: {err.strerror}") from None
        self._lock = open(self.path / LOCK, "a+")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.seek(0)
            holder = self._lock.read().strip() or "another process"
            self._lock.close()
            raise StoreError(f"{self.path}: another sweep is running on this store ({holder}); wait "
                             "for it to finish or stop it first") from None
        self._lock.seek(0)
        self._lock.truncate()
        self._lock.write(f"pid {os.getpid()}")
        self._lock.flush()
        self.db = duckdb.connect(str(self.path / DATABASE))
        if exists:
            self._check_same_spec()
        else:
            self._create(points)
        self._drop_orphan_parts()
        self.redone = self._drop_damaged_parts() if exists else 0

    def _create(self, points: np.ndarray) -> None:
        spec = self.spec
        knobs = ", ".join(f"{_quote(name)} DOUBLE" for name in spec.names)
        outcomes = ", ".join(f"{_quote(name)} DOUBLE" for name in spec.outcomes.columns())
        self.db.execute("BEGIN")
        self.db.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        self.db.execute("INSERT INTO meta VALUES ('spec', ?), ('digest', ?), ('spec_path', ?)",
                        [spec.text, spec.digest(), str(spec.path or "")])
        self.db.execute(f"CREATE TABLE points (point BIGINT PRIMARY KEY, {knobs})")
        frame = pd.DataFrame(points, columns=spec.names)
        frame.insert(0, "point", np.arange(len(points), dtype=np.int64))
        self.db.from_df(frame).insert_into("points")
        self.db.execute("CREATE TABLE runs (run BIGINT PRIMARY KEY, " + ", ".join(
            f"{name} {kind}" for name, kind in _REGISTRY.items() if name != "run") + ")")
        self.db.execute(f"CREATE TABLE outcomes (run BIGINT PRIMARY KEY, {outcomes})")
        self.db.execute("COMMIT")

    def _check_same_spec(self) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'digest'").fetchone()
        if row is None or row[0] != self.spec.digest():
            self.close()
            raise StoreError(f"{self.path}: this store holds another sweep (its spec differs from "
                             f"{self.spec.path}); give another --store to run this spec")

    def _drop_orphan_parts(self) -> None:
        """Delete series parts (and temporaries) that no finished run names: left by a crash."""
        named = {row[0] for row in self.db.execute("SELECT DISTINCT part FROM runs").fetchall()}
        for part in (self.path / SERIES).iterdir():
            if part.name not in named:
                part.unlink()

    def _drop_damaged_parts(self) -> int:
        """Delete series parts that cannot be read back, with the rows of their runs (which then
        run again); the number of such runs."""
        redone = 0
        for (part,) in self.db.execute("SELECT DISTINCT part FROM runs WHERE part IS NOT NULL").fetchall():
            try:
                pq.read_table(self.path / SERIES / part)
            except (OSError, pa.ArrowException):
                runs = [row[0] for row in self.db.execute("SELECT run FROM runs WHERE part = ?",
                                                          [part]).fetchall()]
                self.db.execute("BEGIN")
                self.db.execute("DELETE FROM outcomes WHERE run IN (SELECT run FROM runs WHERE part = ?)", [part])
                self.db.execute("DELETE FROM runs WHERE part = ?", [part])
                self.db.execute("COMMIT")
                (self.path / SERIES / part).unlink(missing_ok=True)
                redone += len(runs)
        return redone

    def finished(self) -> set[int]:
        """Ids of the runs in the registry (done or failed)."""
        return {row[0] for row in self.db.execute("SELECT run FROM runs").fetchall()}

    def write(self, results: list[dict]) -> None:
        """Keep a batch of results: its series part, then its rows, in one transaction.
        runs.Stopped if the disk refuses it (the batches before are kept)."""
        part = f"part-{uuid.uuid4().hex}.parquet"
        series = [(r["run"], *r["series"]) for r in results if r["series"] is not None]
        temporary = self.path / SERIES / (part + ".tmp")
        try:
            if series:
                pq.write_table(_series_table(series), temporary)
                os.replace(temporary, self.path / SERIES / part)
            self._register(results, part)
        except (OSError, duckdb.Error) as err:
            temporary.unlink(missing_ok=True)  # (a renamed part no run names goes at the next open)
            kept = len(self.finished()) if self.db is not None else "the"
            raise Stopped(f"{self.path}: cannot write the store ({getattr(err, 'strerror', None) or err}); "
                          f"{kept} runs finished before are kept: free some space and run the sweep "
                          "again with --resume") from None

    def _register(self, results: list[dict], part: str) -> None:
        # Arrow tables, not pandas frames: a third of the time for a batch (the store's share of a
        # sweep grew as the model got faster); from_pandas=True keeps pandas' rule that a NaN
        # outcome (undefined, or a failed run's) is stored as NULL
        registry = pa.Table.from_pylist(
            [{**{key: r[key] for key in _REGISTRY if key != "part"},
              "part": part if r["series"] is not None else None} for r in results],
            schema=_REGISTRY_SCHEMA)
        outcomes = pa.table({"run": pa.array([r["run"] for r in results], pa.int64()), **{
            name: pa.array([r["outcomes"].get(name, math.nan) for r in results], pa.float64(),
                           from_pandas=True)
            for name in self.spec.outcomes.columns()}})
        self.db.execute("BEGIN")
        try:
            self.db.from_arrow(registry).insert_into("runs")
            self.db.from_arrow(outcomes).insert_into("outcomes")
            self.db.execute("COMMIT")
        except duckdb.Error:
            self.db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        if getattr(self, "db", None) is not None:
            self.db.close()
            self.db = None
        if not self._lock.closed:
            self._lock.close()  # releases the flock


def _series_table(series: list[tuple[int, tuple[str, ...], np.ndarray]]) -> pa.Table:
    """One table (run, year, outputs...) of runs' yearly outputs; runs of worlds with other
    doctrines have other per-doctrine columns (absent ones are null)."""
    tables = []
    for columns in dict.fromkeys(names for _, names, _ in series):
        runs = [(run, values) for run, names, values in series if names == columns]
        values = np.concatenate([v for _, v in runs])
        lengths = [len(v) for _, v in runs]
        table = {"run": np.repeat([run for run, _ in runs], lengths).astype(np.int64),
                 "year": np.concatenate([np.arange(n, dtype=np.int64) for n in lengths])}
        table.update((name, values[:, k]) for k, name in enumerate(columns))
        tables.append(pa.table(table))
    return pa.concat_tables(tables, promote_options="default")


def _read(path: str | Path) -> duckdb.DuckDBPyConnection:
    database = Path(path) / DATABASE
    if not database.exists():
        raise StoreError(f"{path}: not a sweep store (no {DATABASE} in it)")
    try:
        return duckdb.connect(str(database), read_only=True)
    except duckdb.IOException as err:
        raise StoreError(f"{path}: cannot read the store while a sweep writes it ({err}); "
                         "wait for it to finish") from None


def load(path: str | Path) -> pd.DataFrame:
    """One row per finished run: the registry, the run's knob values, then its outcomes."""
    with _read(path) as db:
        return db.execute("SELECT r.run, r.point, r.world, r.replication, r.seed, r.status, r.error, "
                          "r.seconds, r.worker, p.* EXCLUDE (point), o.* EXCLUDE (run) FROM runs r "
                          "JOIN points p USING (point) JOIN outcomes o USING (run) ORDER BY r.run").df()


def load_points(path: str | Path) -> pd.DataFrame:
    """The sampled points, in the sampler's order (which the sensitivity analyses need)."""
    with _read(path) as db:
        return db.execute("SELECT * FROM points ORDER BY point").df()


def stored_spec(path: str | Path) -> SweepSpec:
    """The spec a store was made from: its file, if it is still where it was and unchanged, else
    the copy of its text kept in the store (written beside it as spec.toml)."""
    from .spec import load_spec

    with _read(path) as db:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    original = Path(meta["spec_path"]) if meta["spec_path"] else None
    if original and original.is_file():
        spec = load_spec(original)
        if spec.digest() == meta["digest"]:
            return spec
    copy = Path(path) / "spec.toml"
    copy.write_text(meta["spec"])
    return load_spec(copy)


def load_series(path: str | Path) -> pd.DataFrame:
    """Per-year world outputs of every finished run (run, year, outputs...)."""
    with _read(path) as db:
        parts = [row[0] for row in db.execute("SELECT DISTINCT part FROM runs WHERE part IS NOT NULL "
                                              "ORDER BY part").fetchall()]
    if not parts:
        return pd.DataFrame(columns=["run", "year"])
    frames = []
    for part in parts:
        try:
            frames.append(pq.read_table(Path(path) / SERIES / part).to_pandas())
        except (OSError, pa.ArrowException) as err:
            raise StoreError(f"{path}: the series part {part} is damaged ({err}); run the sweep again "
                             "with --resume to run its runs again") from None
    return pd.concat(frames, ignore_index=True).sort_values(["run", "year"], ignore_index=True)
