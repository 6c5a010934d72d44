"""Security: scenario and sweep files are data, never code; a URL names only shipped worlds (the
sweeps page's store names: test_dashboard_sweeps.py, test_a_name_that_is_not_a_store_of_the_folder_
is_refused); the dashboard listens on this machine only unless told otherwise; nothing is
uploaded; files are written with the user's umask."""

import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from detente.cli import build_parser
from detente.scenarios import ScenarioError, load
from detente.sweeps import load_spec
from detente.viz.comparison import Comparison

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: the modules that read what users give (files, URLs, the browser)
READERS = ["scenarios/__init__.py", "scenarios/lines.py", "scenarios/tomlfile.py", "sweeps/spec.py",
           "sweeps/store.py", "viz/comparison.py", "viz/sweep_stores.py", "cli.py"]


def test_readers_of_user_input_never_evaluate_unpickle_or_import_it():
    for module in READERS:
        source = (ROOT / module).read_text()
        for code in (r"\beval\(", r"\bexec\(", r"\bpickle\b", r"__import__", r"importlib", r"yaml\.load\("):
            assert not re.search(code, source), f"{module} uses {code}"


def test_code_in_a_scenario_or_sweep_file_is_only_text(tmp_path):
    marker = tmp_path / "ran"
    payload = f"__import__('os').system('touch {marker}')"
    scenario = tmp_path / "evil.toml"
    scenario.write_text(f'schema = 1\nid = "evil"\ntitle = "{payload}"\nsummary = "x"\n'
                        f'[knobs]\nnoise = "{payload}"\n')
    with pytest.raises(ScenarioError, match="noise"):
        load(scenario)
    spec = tmp_path / "evil-sweep.toml"
    spec.write_text(f'id = "evil"\nscenario = "{payload}"\n[sweep.noise]\nvalues = [0.0]\n')
    with pytest.raises(ScenarioError):
        load_spec(spec)
    assert not marker.exists()


@pytest.mark.parametrize("query", ["scenario=../../etc/passwd", "scenario=/etc/passwd",
                                   "scenario=security-dilemma/../../../etc/passwd",
                                   f"scenario={ROOT}/scenarios/security-dilemma.toml"])
def test_a_url_names_only_shipped_worlds_never_files(query):
    with pytest.raises(ScenarioError, match="unknown scenario"):
        Comparison.from_query(query)


def test_the_dashboard_listens_on_this_machine_unless_told_otherwise():
    assert build_parser().parse_args(["dashboard"]).host == "127.0.0.1"
    readme = (ROOT / "README.md").read_text()
    assert "--host 0.0.0.0" in readme  # how to expose it deliberately, documented


def test_the_dashboard_takes_no_uploads():
    """No page accepts a file from the browser (so there is no upload to size-limit); a page that
    adds one must add a size limit and a test here."""
    for module in (ROOT / "viz").glob("*.py"):
        assert not re.search(r"FileDrop|FileInput|FileUpload", module.read_text()), module.name


def test_files_are_written_with_the_users_umask(tmp_path):
    out, store = tmp_path / "world.csv", tmp_path / "store"
    spec = tmp_path / "spec.toml"
    spec.write_text('id = "umask"\nscenario = "security-dilemma"\nyears = 5\nseeds = 1\n'
                    "[sweep.noise]\nvalues = [0.0, 0.1]\n")
    umask = "umask 027 && "
    subprocess.run(["sh", "-c", umask + f"'{BIN / 'detente'}' run security-dilemma --years 5 --out '{out}'"],
                   check=True, capture_output=True)
    subprocess.run(["sh", "-c", umask + f"'{BIN / 'detente'}' sweep '{spec}' --workers 1 --store '{store}'"],
                   check=True, capture_output=True)
    written = [out, store / "sweep.duckdb", *(store / "series").glob("*.parquet")]
    assert len(written) >= 3
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o640, (path, oct(path.stat().st_mode))

