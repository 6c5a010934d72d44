"""Headless runs: the tables they return."""

from detente import runs
from detente.scenarios import load


def test_state_tables_keep_the_names_of_states_that_were_absorbed():
    """A conquered state's Mesa agent is removed; its earlier rows must still carry its name."""
    scenario = load("thucydides-trap")
    _, states = runs.run(scenario, seed=1, years=100, collect_states=True)
    assert states.state.notna().all()
    assert set(states.state) == {"Dominant", "Challenger"}
    last = states[states.year == states.year.max()]
    assert len(last) == 1, "seed 1 ends with one of the two absorbed (a conquest must occur here)"
