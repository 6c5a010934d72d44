"""Faults outside the model, injected for real: a worker process killed mid-sweep or mid-comparison,
a disk that refuses a write (a file-size limit on the process, as a full disk would), a damaged
series part. Each ends with a clear message (no traceback), nothing finished is lost or duplicated,
and going on (--resume, or running again) gives the numbers of an undisturbed run."""

import resource
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from helpers import alive, descendants, long_compare_under_way

from detente import runs
from detente.scenarios import load
from detente.sweeps import load as load_store
from detente.sweeps import load_series, load_spec
from detente.sweeps.run import run_sweep
from detente.sweeps.store import SERIES, StoreError

BIN = Path(sys.executable).parent
NUMBERS = lambda frame: frame.drop(columns=["seconds", "worker"]).sort_values("run", ignore_index=True)

SPEC = """
id = "fault-test"
scenario = "security-dilemma"
years = 60
seeds = 2
seed = 5
[knobs]
n_states = 12
[sweep.noise]
range = [0.0, 0.2]
[sweep.cost_of_war]
range = [0.05, 0.5]
[sampler]
method = "lhs"
samples = 120
"""


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    """The spec and an undisturbed store of it, to compare with."""
    folder = tmp_path_factory.mktemp("faults")
    spec_path = folder / "spec.toml"
    spec_path.write_text(SPEC)
    run_sweep(load_spec(spec_path), folder / "whole", progress=False)
    return spec_path, folder / "whole"


def parts(store: Path) -> int:
    folder = store / SERIES
    return len(list(folder.glob("*.parquet"))) if folder.exists() else 0


def resumed_equals_whole(command: list[str], store: Path, whole: Path) -> None:
    again = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    pd.testing.assert_frame_equal(NUMBERS(load_store(store)), NUMBERS(load_store(whole)))
    pd.testing.assert_frame_equal(load_series(store), load_series(whole))


def test_a_sweep_worker_killed_stops_the_sweep_clearly_and_resume_finishes_it(tmp_path, whole):
    spec_path, whole_store = whole
    store = tmp_path / "cut"
    command = [str(BIN / "detente"), "sweep", str(spec_path), "--workers", "2", "--store", str(store)]
    sweep = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while parts(store) < 2 and sweep.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sweep.poll() is None, "the sweep ended before a worker could be killed: make it longer"
    # the pool's workers: the busy children of the fork server (the sweep's descendants that use CPU)
    workers = [pid for pid in descendants(sweep.pid) if _cpu_seconds(pid) > 0.2]
    assert workers, "no busy worker process found"
    subprocess.run(["kill", "-KILL", str(workers[0])], check=True)
    _, stderr = sweep.communicate(timeout=120)
    assert sweep.returncode == 1, stderr
    assert "a worker process died" in stderr and "--resume" in stderr and "Traceback" not in stderr
    kept = load_store(store)
    assert 0 < len(kept) < 240 and kept.run.is_unique
    resumed_equals_whole(command, store, whole_store)


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / 100


def _limit_file_size(limit: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.fixture
def small_disk(tmp_path):
    """A 1.2 MB file system (tmpfs) that the test can later grow, as a user frees space."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1200k", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode:
        pytest.fail(f"cannot mount a small tmpfs to fill (needs root, as in CI): {mounted.stderr}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def test_a_full_disk_stops_the_sweep_clearly_keeping_what_finished(small_disk, whole):
    """The store on a 1.2 MB disk: a few batches fit (series parts of about 150 kB each), then a
    write fails for want of space. Growing the disk and resuming finishes the sweep."""
    spec_path, whole_store = whole
    store = small_disk / "store"
    command = [str(BIN / "detente"), "sweep", str(spec_path), "--workers", "1", "--store", str(store)]
    full = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert full.returncode == 1, full.stderr
    assert "cannot write the store" in full.stderr and "No space left on device" in full.stderr, full.stderr
    assert "--resume" in full.stderr and "Traceback" not in full.stderr
    kept = load_store(store)
    assert 0 < len(kept) < 240 and kept.run.is_unique
    subprocess.run(["mount", "-o", "remount,size=20m", str(small_disk)], check=True)
    resumed_equals_whole(command, store, whole_store)


def test_an_output_file_that_cannot_be_written_is_a_clear_error_and_leaves_nothing(tmp_path):
    out = tmp_path / "world.csv"
    command = [str(BIN / "detente"), "run", "security-dilemma", "--seeds", "3", "--years", "60",
               "--out", str(out)]
    full = subprocess.run(command, capture_output=True, text=True, timeout=300,
                          preexec_fn=_limit_file_size(20_000))
    assert full.returncode == 2 and "cannot write: File too large" in full.stderr, full.stderr
    assert "Traceback" not in full.stderr
    assert list(tmp_path.iterdir()) == []  # no partial file left


def test_a_damaged_series_part_is_named_when_read_and_its_runs_run_again_on_resume(tmp_path, whole):
    spec_path, whole_store = whole
    store = tmp_path / "damaged"
    command = [str(BIN / "detente"), "sweep", str(spec_path), "--workers", "1", "--store", str(store)]
    assert subprocess.run(command, capture_output=True, timeout=300).returncode == 0
    part = sorted((store / SERIES).glob("*.parquet"))[0]
    part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])  # truncated
    with pytest.raises(StoreError, match=f"the series part {part.name} is damaged"):
        load_series(store)
    again = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "runs whose stored series was damaged ran again" in again.stderr
    pd.testing.assert_frame_equal(NUMBERS(load_store(store)), NUMBERS(load_store(whole_store)))
    pd.testing.assert_frame_equal(load_series(store), load_series(whole_store))


def test_a_comparison_whose_worker_dies_stops_clearly_and_the_next_one_runs():
    """As the dashboard runs comparisons: a worker killed mid-way stops the call with runs.Stopped
    (the page shows its message); the next call starts fresh workers and gives the serial numbers."""
    caller, outcome, (victim, other) = long_compare_under_way()
    subprocess.run(["kill", "-KILL", str(victim)], check=True)
    caller.join(timeout=60)
    assert not caller.is_alive()
    assert isinstance(outcome["raised"], runs.Stopped)
    assert str(outcome["raised"]).startswith("compare: a worker process died")
    time.sleep(0.5)
    assert not alive({other}), "the surviving worker went on with runs nobody will keep"
    small = [load("security-dilemma")]
    assert runs.compare(small, range(4), 30, workers=2).equals(runs.compare(small, range(4), 30, workers=1))
