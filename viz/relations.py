"""What the map of relations needs, year by year: where each state stands, its doctrine, power and
community membership, how each neighbouring pair relates (mutual cooperation, tension, war), which
pairs are allied, and which allies came to fight beside a partner at war.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model import DiplomacyModel
from ..scenarios import Scenario

RELATIONS = ("cooperation", "tension", "war", "allied", "ally at war")


class MappedModel(DiplomacyModel):
    """A DiplomacyModel (same seed, same run) that remembers where every state stood at the start,
    so that conquered states can be shown as gone."""

    def __init__(self, rng=None, states=None, scenario=None, **knobs):
        """Keywords only: SolaraViz's Reset rebuilds the model from ``init_kwargs``, also passing
        Mesa's empty default ``scenario`` object, which has nothing to set here."""
        del scenario
        super().__init__(rng=rng, states=states, **knobs)
        self.init_kwargs = {"rng": rng, "states": states, **knobs}
        self.home = {s.name: tuple(xy) for s, xy in zip(self.states, self.positions.tolist())}


def mapped_model(scenario: Scenario, seed: int) -> MappedModel:
    """A fresh model of the scenario's world that remembers where its states stood."""
    return scenario.model(seed, cls=MappedModel)


def snapshot(model: MappedModel) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The map now. Nodes: every state that ever existed (state, x, y, doctrine, power, community,
    alive); conquered ones at their old place with alive False and no power. Edges (a, b, relation):
    each neighbouring pair of living states once (cooperation or tension), the pairs that fought
    this year (war), and, drawn over them, the allied pairs (allied) and each ally that came to a
    partner's war, with that partner (ally at war): a war of many states shows as its red line with
    the allies' lines to the states they fought for."""
    living = pd.DataFrame({
        "state": [s.name for s in model.states], "x": model.positions[:, 0], "y": model.positions[:, 1],
        "doctrine": [s.doctrine for s in model.states], "power": model.power,
        "community": model.community.astype(bool), "alive": True,
    })
    fallen = [name for name in model.home if name not in set(living.state)]
    gone = pd.DataFrame({
        "state": fallen, "x": [model.home[n][0] for n in fallen], "y": [model.home[n][1] for n in fallen],
        "doctrine": "", "power": 0.0, "community": False, "alive": False,
    })
    nodes = pd.concat([living, gone], ignore_index=True) if fallen else living
    names = living.state.to_numpy()
    fought = {frozenset(pair) for pair in model.wars_fought}
    i, j = np.nonzero(np.triu(model.adjacency, 1))
    peaceful = np.array([frozenset(pair) not in fought for pair in zip(names[i], names[j])], dtype=bool)
    i, j = i[peaceful], j[peaceful]
    cooperating = (model.moves & model.moves.T)[i, j]
    wars = sorted(tuple(sorted(pair)) for pair in fought)
    alignment = getattr(model, "alignment", None)
    ai, aj = np.nonzero(np.triu(alignment != 0, 1)) if alignment is not None else ((), ())
    allies = sorted(set(model.allies_fought))
    edges = pd.DataFrame({
        "a": [*names[i], *(a for a, _ in wars), *names[ai], *(a for a, _ in allies)],
        "b": [*names[j], *(b for _, b in wars), *names[aj], *(b for _, b in allies)],
        "relation": [*np.where(cooperating, "cooperation", "tension"), *(["war"] * len(wars)),
                     *(["allied"] * len(ai)), *(["ally at war"] * len(allies))],
    })
    return nodes, edges


def history(scenario: Scenario, seed: int, years: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Snapshots of every year 0..years of one seed, stacked with a ``year`` column."""
    model = mapped_model(scenario, seed)
    nodes, edges = [], []
    for year in range(years + 1):
        if year:
            model.step()
        year_nodes, year_edges = snapshot(model)
        nodes.append(year_nodes.assign(year=year))
        edges.append(year_edges.assign(year=year))
    return pd.concat(nodes, ignore_index=True), pd.concat(edges, ignore_index=True)
