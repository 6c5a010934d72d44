"""A new mechanism takes one class and one registration line: its switch, knobs, arrays and outputs
then work everywhere, and conquest and compaction handle its arrays without being told."""

import numpy as np
import pytest

from detente.cli import main
from detente.model import MECHANISMS, WORLD_KNOBS, DiplomacyModel, Mechanism, Output
from detente.model.knobs import Knob, knob_table
from detente.model.mechanisms.war import WAR
from detente.model.outputs import output_names


class Grudges(Mechanism):
    """A victim of an attack holds a grudge against its attacker (a test mechanism)."""

    name = "grudges"
    doc = "victims remember who attacked them"
    source = "a test"
    knobs = knob_table(Knob("grudge_weight", 1.0, "float", "grudge added per attack", low=0.0, high=10.0))
    state_arrays = {"grudges_held": float}
    dyad_arrays = {"grudge": -1.0}  # every border starts at -1 (no history yet), conquest's too
    outputs = (Output("grudges", "attacks remembered this year", "attacks", "count"),)

    def decide(self, model, year):
        conflict = year.get("war")  # what the war mechanism decided this year, before this one
        fought = conflict.kind == WAR
        return conflict.target[fought], conflict.actor[fought]

    def apply(self, model, year):
        victims, attackers = year.get(self.name)
        np.add.at(model.grudge, (victims, attackers), model.params.grudge_weight)
        model.grudges_held = model.grudge.clip(0).sum(axis=1)

    def report(self, model, year):
        decided = None if year is None else year.get(self.name)
        return {"grudges": 0 if decided is None else int(decided[0].size)}


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setitem(MECHANISMS, "grudges", Grudges())  # the one registration line


PREDATORY = dict(n_states=12, dissatisfaction=0.6, crisis_rate=1.0, offense_dominance=1.5,
                 distinguishability=0.2, wealth_spread=0.5)


def test_a_registered_mechanism_runs_with_its_switch_knobs_arrays_and_outputs(registered):
    assert "grudges" in WORLD_KNOBS and "grudge_weight" in WORLD_KNOBS
    model = DiplomacyModel(rng=1, grudge_weight=2.0, **PREDATORY)
    model.run_for(80)
    world = model.datacollector.get_model_vars_dataframe()
    assert list(world.columns) == output_names() and "grudges" in world.columns
    assert world.grudges.sum() == world.wars.sum() > 0
    assert model.n < 12, "the world should see a conquest"
    # conquest and compaction kept its arrays in step with the living states
    assert model.grudge.shape == (model.n, model.n) and model.grudges_held.shape == (model.n,)
    assert model.grudges_held == pytest.approx(model.grudge.clip(0).sum(axis=1))
    assert set(np.unique(model.grudge)) <= {-1.0, 0.0} | set(2.0 * np.arange(1, 100))


def test_switched_off_it_decides_nothing_and_the_world_is_the_same(registered):
    on = DiplomacyModel(rng=1, **PREDATORY)
    off = DiplomacyModel(rng=1, grudges=False, **PREDATORY)
    on.run_for(40)
    off.run_for(40)
    worlds = [m.datacollector.get_model_vars_dataframe() for m in (on, off)]
    assert worlds[1].grudges.sum() == 0 and (off.grudge == -1.0).all()
    assert worlds[0].drop(columns="grudges").equals(worlds[1].drop(columns="grudges"))


def test_its_knobs_and_outputs_are_listed_for_users(registered, capsys):
    assert main(["knobs"]) == 0 and "grudge_weight" in capsys.readouterr().out
    assert main(["outputs"]) == 0 and "attacks remembered this year" in capsys.readouterr().out
