"""What the map of relations needs, year by year: where each state stands, its doctrine, power and
community membership, how each neighbouring pair relates (mutual cooperation, tension, war), which
pairs are allied, and which allies came to fight beside a partner at war.
"""

from __future__ import annotations

import bisect

import numpy as np
import pandas as pd

from ..model import DiplomacyModel
from ..scenarios import Scenario

RELATIONS = ("cooperation", "tension", "war", "allied", "ally at war")


class MappedModel(DiplomacyModel):
    """A DiplomacyModel (same seed, same run) that remembers where every state stood at the start,
    so that conquered states can be shown as gone."""

    def __init__(self, rng=None, states=None, scenario=None, **knobs):
        """Keywords only: a rebuild (the explore page's Reset) passes ``init_kwargs`` back, also
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
    the allies' lines to the states they fought for. Names are categoricals over every state that
    ever existed, so that a year of 20,000 pairs stays small."""
    names = [s.name for s in model.states]
    living = pd.DataFrame({
        "state": names, "x": model.positions[:, 0], "y": model.positions[:, 1],
        "doctrine": [s.doctrine for s in model.states], "power": model.power,
        "community": model.community.astype(bool), "alive": True,
    })
    fallen = [name for name in model.home if name not in set(names)]
    gone = pd.DataFrame({
        "state": fallen, "x": [model.home[n][0] for n in fallen], "y": [model.home[n][1] for n in fallen],
        "doctrine": "", "power": 0.0, "community": False, "alive": False,
    })
    nodes = pd.concat([living, gone], ignore_index=True) if fallen else living
    index = {name: n for n, name in enumerate(names)}
    fought = np.zeros((len(names),) * 2, dtype=bool)
    wars = sorted({tuple(sorted(pair)) for pair in model.wars_fought})
    for a, b in wars:
        if a in index and b in index:  # (a state conquered this year is no longer a neighbour)
            fought[index[a], index[b]] = fought[index[b], index[a]] = True
    i, j = np.nonzero(np.triu(model.adjacency & ~fought, 1))
    cooperating = (model.moves & model.moves.T)[i, j]
    alignment = getattr(model, "alignment", None)
    ai, aj = np.nonzero(np.triu(alignment != 0, 1)) if alignment is not None else ((), ())
    allies = sorted(set(model.allies_fought))
    code = np.array(names + fallen, dtype=object)
    states = pd.CategoricalDtype(list(model.home))
    edges = pd.DataFrame({
        "a": pd.Categorical([*code[i], *(a for a, _ in wars), *code[ai], *(a for a, _ in allies)],
                            dtype=states),
        "b": pd.Categorical([*code[j], *(b for _, b in wars), *code[aj], *(b for _, b in allies)],
                            dtype=states),
        "relation": pd.Categorical(np.concatenate([
            np.where(cooperating, "cooperation", "tension"), ["war"] * len(wars),
            ["allied"] * len(ai), ["ally at war"] * len(allies)]), categories=RELATIONS),
    })
    return nodes, edges


#: The most years a map keeps a snapshot of: a longer run keeps every k-th year (and its last), so
#: that 100,000 years take the memory of 2,000 and the slider stays a slider
MAP_FRAMES = 2000


def frame_step(years: int) -> int:
    """Years between two kept snapshots of a run of ``years`` years."""
    return max(1, -(-years // MAP_FRAMES))


class History:
    """Snapshots of the years 0..years of one seed of a world, every ``step``-th year (1 up to
    MAP_FRAMES years) and the last: :meth:`at` gives a year's nodes and edges at once (no filtering
    of a long table when the map's year moves)."""

    def __init__(self, scenario: Scenario, seed: int, years: int):
        model = mapped_model(scenario, seed)
        self.years = years
        self.step = frame_step(years)
        self.shown = [*range(0, years, self.step), years]
        self._snapshots = [snapshot(model)]
        for start, end in zip(self.shown, self.shown[1:]):
            model.run_for(end - start)
            self._snapshots.append(snapshot(model))

    def at(self, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The snapshot of ``year``, or of the last kept year before it."""
        return self._snapshots[bisect.bisect_right(self.shown, year) - 1]

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Every kept year's nodes and edges stacked, with a ``year`` column."""
        nodes = [n.assign(year=year) for year, (n, _) in zip(self.shown, self._snapshots)]
        edges = [e.assign(year=year) for year, (_, e) in zip(self.shown, self._snapshots)]
        return pd.concat(nodes, ignore_index=True), pd.concat(edges, ignore_index=True)


def history(scenario: Scenario, seed: int, years: int) -> History:
    """The snapshots of one seed of a world, year by year."""
    return History(scenario, seed, years)
