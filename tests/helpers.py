"""Helpers shared by the tests (importable: pytest puts tests/ on the path)."""

import numpy as np

from detente.model import MECHANISMS, DiplomacyModel


def only(*mechanisms: str) -> dict[str, bool]:
    """Mechanism switches with only the named mechanisms on."""
    return {name: name in mechanisms for name in MECHANISMS}


def ensemble_means(seeds, years, output_reducers, **knobs):
    """Mean over seeds of reduced outputs: output_reducers maps a label to f(world_dataframe)."""
    values = {label: [] for label in output_reducers}
    for seed in seeds:
        model = DiplomacyModel(rng=seed, collect_states=False, **knobs)
        model.run_for(years)
        world = model.datacollector.get_model_vars_dataframe()
        for label, reduce in output_reducers.items():
            values[label].append(reduce(world))
    return {label: float(np.mean(v)) for label, v in values.items()}
