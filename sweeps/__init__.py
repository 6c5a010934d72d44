"""Parameter sweeps, in the plain shape of SALib: ``sample`` the swept knobs, ``run`` every point
and seed on an executor into a crash-safe store, ``analyze`` the store (sensitivity indices and the
claim map: where each doctrine's world does better).

    spec = load_spec("claim-map.toml")       # sweeps/spec.py
    run_sweep(spec, "runs/claim-map")        # sweeps/run.py, into sweeps/store.py's folder
    frame = load("runs/claim-map")           # a pandas DataFrame, one row per run
"""

from .spec import SpecError, SweepSpec, load_spec
from .store import load, load_points, load_series

__all__ = ["SpecError", "SweepSpec", "load_spec", "load", "load_points", "load_series"]
