"""A third doctrine takes one class and one registration line, and then works everywhere."""

import numpy as np
import pytest

from detente.model import DOCTRINES, DiplomacyModel, Doctrine
from detente.model.doctrines.base import belief_knobs, richardson_knobs
from detente.model.knobs import knob_table


class Hawk(Doctrine):
    """Always defects, arms hard, distrusts everyone, fights back (a test doctrine)."""

    name = "hawk"
    classifier = {"gains": "none", "threat": "capabilities"}
    knobs = knob_table(*richardson_knobs(reaction=0.5, fatigue=0.3, grievance=0.02),
                       *belief_knobs(prior=0.2, empathy=0.0, source="a test"))

    def benign(self, model, rows):
        return np.zeros((1, model.n))

    def cooperate(self, model, rows):
        return np.zeros_like(model.seen[rows])

    def resists(self):
        return True


def test_a_registered_doctrine_runs_with_its_own_knobs_and_outputs(monkeypatch):
    monkeypatch.setitem(DOCTRINES, "hawk", Hawk)  # the one registration line
    model = DiplomacyModel(rng=0, n_states=10, doctrine={"hawk": 0.5, "win_win": 0.5},
                           **{"hawk.arms_reaction": 0.4})
    model.run_for(20)
    assert model.doctrine_list[2].k.arms_reaction == 0.4
    assert model.outputs["hawk_share"] == 0.5 and "welfare_hawk" in model.outputs
    hawks = model.agents.select(lambda s: s.doctrine == "hawk")
    assert len(hawks) == 5
    named = DiplomacyModel(rng=0, states=[dict(name="H", doctrine="hawk"), dict(name="W", doctrine="win_win")])
    assert named.agents.get("doctrine") == ["hawk", "win_win"]


def test_a_doctrine_that_answers_in_the_wrong_shape_gets_a_clear_error(monkeypatch):
    """The compiled kernels read as far as the model's size: a doctrine's array of another shape is
    refused with its name, never read past its end."""

    class Narrow(Hawk):
        name = "narrow"

        def cooperate(self, model, rows):
            return np.zeros((model.n, model.n - 1), dtype=bool)

    monkeypatch.setitem(DOCTRINES, "narrow", Narrow)
    model = DiplomacyModel(rng=0, n_states=6, doctrine="narrow")
    with pytest.raises(ValueError, match=r"cooperate\) must be 6 × 6, got shape \(6, 5\)"):
        model.step()


def test_a_doctrine_without_beliefs_is_refused_with_what_it_lacks(monkeypatch):
    class Mute(Hawk):
        name = "mute"
        knobs = knob_table(*richardson_knobs(reaction=0.5, fatigue=0.3, grievance=0.02))

    monkeypatch.setitem(DOCTRINES, "mute", Mute)
    with pytest.raises(ValueError, match="'mute' must declare the knobs prior_trust and empathy"):
        DiplomacyModel(rng=0, n_states=4, doctrine="mute")


def test_a_doctrine_without_an_overmatch_matches_its_enemys_force(monkeypatch):
    """overmatch is optional: a doctrine that does not declare it fields its enemy's force (1), so
    escalation runs in a world of it and the doctrines that declare theirs (zero-sum 2, win-win 1)."""
    monkeypatch.setitem(DOCTRINES, "hawk", Hawk)
    model = DiplomacyModel(rng=0, n_states=10, doctrine={"hawk": 0.5, "zero_sum": 0.5},
                           protracted_wars=True, escalation=True)
    by_name = dict(zip(model.doctrine_names, (d.overmatch() for d in model.doctrine_list)))
    assert by_name == {"zero_sum": 2.0, "win_win": 1.0, "hawk": 1.0}
    np.testing.assert_array_equal(model.overmatch(), [by_name[name] for name in model.agents.get("doctrine")])
    model.run_for(20)
