"""shanghai-community: THINGS TO NOTICE, one test per claim, over the scenario's own 20 seeds and
150 years (and seeds 0 to 99 where the lesson says so). "The five" are the Shanghai Five (security
seekers, win-win unless the variant says zero-sum); the nine outsiders are greedy zero-sum
states."""

from functools import cache

import pandas as pd

from detente import runs
from detente.scenarios import load
from lesson_support import crises, ensemble

NAME = "shanghai-community"
FIVE = ["China", "Russia", "Kazakhstan", "Kyrgyzstan", "Tajikistan"]
SEEDS = load(NAME).seeds
WIDE = 100  # seeds 0 to 99, for the counts the lesson gives over them


def _outsiders() -> list[str]:
    return [state["name"] for state in load(NAME).states if state["name"] not in FIVE]


@cache
def _states(variant: str, prior: float | None = None) -> pd.DataFrame:
    """Per-state table of a variant, with the five's prior trust if given: over seeds 0 to 99 for the
    community and realist variants (the lesson gives counts over them; their first 20 are the
    scenario's own seeds, since a seed gives the same run in any ensemble), else the scenario's
    seeds. Helpers below read the scenario's seeds unless told."""
    if variant not in ("community", "realist") and prior is None:
        return ensemble(f"{NAME}/{variant}", collect_states=True)[1]
    scenario = load(f"{NAME}/{variant}")
    if prior is not None:
        scenario = scenario.with_knobs({"win_win.prior_trust": prior})
    seeds = WIDE if variant in ("community", "realist") and prior is None else SEEDS
    return runs.ensemble(scenario, range(seeds), scenario.years, collect_states=True)[1]


def _conflicts(variant: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every war (seed, attacker, target, cause) and coercion (seed, payer, taker) of a variant over
    its own seeds."""
    outcomes = crises(f"{NAME}/{variant}", SEEDS)
    fought, paid = outcomes[outcomes.outcome == "war"], outcomes[outcomes.outcome == "coerced"]
    return (fought.rename(columns={"actor": "attacker"})[["seed", "attacker", "target", "cause"]],
            paid.rename(columns={"target": "payer", "actor": "taker"})[["seed", "payer", "taker"]])


def _wars_between(variant: str, attackers, targets) -> pd.DataFrame:
    fought, _ = _conflicts(variant)
    return fought[fought.attacker.isin(attackers) & fought.target.isin(targets)]


def _coercions_of_the_five(variant: str) -> float:
    """Tribute paid by one of the five, per run."""
    _, paid = _conflicts(variant)
    return paid.payer.isin(FIVE).sum() / SEEDS


def _members_lost(states: pd.DataFrame, seeds: int = SEEDS, state: str | None = None) -> int:
    """How many of the five (or the one state) are gone by the final year in seeds 0 to seeds - 1."""
    names = FIVE if state is None else [state]
    last = states[(states.year == states.year.max()) & (states.seed < seeds) & states.state.isin(names)]
    return seeds * len(names) - int(last.alive.astype(bool).sum())


def _five_wealth(states: pd.DataFrame) -> float:
    """The five's combined final wealth over the scenario's seeds (an absorbed state counts 0)."""
    last = states[(states.year == states.year.max()) & (states.seed < SEEDS) & states.state.isin(FIVE)]
    return last.groupby("seed").wealth.sum().reindex(range(SEEDS), fill_value=0).mean()


def _lifetime_burden(states: pd.DataFrame, state: str) -> float:
    """A state's arms over its wealth, mean over the years from year 1 it lives, in the scenario's
    seeds."""
    living = states[(states.state == state) & (states.year >= 1) & (states.seed < SEEDS)
                    & states.alive.astype(bool)]
    return (living.military / living.wealth).mean()


def _first_joined(states: pd.DataFrame) -> pd.DataFrame:
    """Per seed (rows) and state of the five (columns): the first year it is a community member."""
    members = states[states.state.isin(FIVE) & states.community.astype(bool) & (states.year >= 1)]
    return members.groupby(["seed", "state"]).year.min().unstack()


def test_the_five_grow_a_community_from_cooperation_and_never_fight_each_other():
    """Measured: no member in year 10 of any seed; the first members join in years 16 to 18 in
    every seed; every one of the five alive in year 40 has joined by then (the last in year 37);
    members in about 93 % of their living years after they first join; no war among the five.
    Tolerance: none in year 10; first joins in years 11 to 30 in every seed; all alive in year 40
    joined by then; at least 80 % of the years after joining; no war among them."""
    states = _states("community")
    states = states[states.seed < SEEDS]
    five = states[states.state.isin(FIVE) & (states.year >= 1) & states.alive.astype(bool)]
    assert not five[five.year == 10].community.astype(bool).any()
    first = _first_joined(states).reindex(range(SEEDS))
    assert first.min(axis=1).between(11, 30).all()
    alive_at_40 = five[five.year == 40]
    joined = [first.loc[seed, state] <= 40 for seed, state in zip(alive_at_40.seed, alive_at_40.state)]
    assert all(joined)
    after = five.merge(first.stack().rename("first").reset_index(), on=["seed", "state"])
    assert after[after.year >= after["first"]].community.astype(bool).mean() >= 0.8
    assert _wars_between("community", FIVE, FIVE).empty


def test_outsiders_hardly_fight_each_other_but_prey_on_the_smallest_members():
    """Measured: 2 wars among outsiders in 20 seeds; 10 wars begun by an outsider against one of the
    five, all against Tajikistan (7) or Kyrgyzstan (3), 6 over a demand and 4 preventive; none
    begun by one of the five; 3 members annexed. Tolerance: at most 4 among outsiders; at least 5
    against the five, at least 80 % of them against the two smallest, at least half over a demand,
    at least one preventive; at most 2 begun by the five; at least 1 member annexed."""
    outsiders = _outsiders()
    assert len(_wars_between("community", outsiders, outsiders)) <= 4
    against = _wars_between("community", outsiders, FIVE)
    assert len(against) >= 5
    assert against.target.isin(["Tajikistan", "Kyrgyzstan"]).mean() >= 0.8
    assert (against.cause == "demand").mean() >= 0.5 and (against.cause == "prevention").any()
    assert len(_wars_between("community", FIVE, outsiders)) <= 2
    assert _members_lost(_states("community")) >= 1


def test_the_community_does_not_shield_its_members():
    """Measured: over seeds 0 to 99, 18 of the five annexed, 9 of them after the community formed
    (after the first year in which one of the five is a member); the five's final burden (their
    arms over their wealth) about 1.06 %; Tajikistan's over its life about 11 % in the scenario's
    seeds. Tolerance: at least 4 annexed after the community formed; the five under 1.5 %;
    Tajikistan above 5 %."""
    states = _states("community")
    formed = states[states.state.isin(FIVE) & states.community.astype(bool)].groupby("seed").year.min()
    five = states[states.state.isin(FIVE) & states.alive.astype(bool)]
    gone = five.groupby(["seed", "state"]).year.max()
    gone = gone[gone < states.year.max()].reset_index()
    after = gone[gone.year >= gone.seed.map(formed).fillna(states.year.max() + 1)]
    assert len(after) >= 4
    last = states[(states.year == states.year.max()) & (states.seed < SEEDS) & states.state.isin(FIVE)]
    burden = last.groupby("seed").military.sum() / last.groupby("seed").wealth.sum()
    assert burden.mean() < 0.015
    assert _lifetime_burden(states, "Tajikistan") > 0.05


def test_without_the_institution_trust_and_reciprocity_do_the_work():
    """Measured: no community; no war among the five; 4 members lost (community: 3); combined wealth
    about 980 against 1030. Tolerance: no member ever; no war among the five; 1 to 10 members
    lost; combined wealth 0.8 to 1.25 times the community variant's."""
    world, _ = ensemble(f"{NAME}/no-institution")
    assert (world.community_size == 0).all()
    assert _wars_between("no-institution", FIVE, FIVE).empty
    states = _states("no-institution")
    assert 1 <= _members_lost(states) <= 10
    assert 0.8 <= _five_wealth(states) / _five_wealth(_states("community")) <= 1.25


def test_realist_five_fight_less_and_lose_fewer_members_but_pay_as_much_tribute_and_end_poorer():
    """The other side of the paper. Measured: no war among the five; Kyrgyzstan and Tajikistan spend
    about 28 % and 29 % of their wealth on arms over their lives (the community's Tajikistan about
    11 %); 3 wars begun by outsiders against the five in 20 seeds (community: 10); 2 members lost
    (community 3), over seeds 0 to 99 8 against 18; the five coerced about 1.6 times a run
    (community 1.7); combined wealth about 340 against 1030. Tolerance: no war among them; the two
    above 20 %, the community's Tajikistan under 20 %; at most 0.6 times the community's wars with
    outsiders; at most as many members lost in the scenario's seeds and at most 0.7 times as many
    over seeds 0 to 99; coerced 0.6 to 1.5 times as often; under half the wealth."""
    realist, community = _states("realist"), _states("community")
    assert _wars_between("realist", FIVE, FIVE).empty
    for state in ("Kyrgyzstan", "Tajikistan"):
        assert _lifetime_burden(realist, state) > 0.20
    assert _lifetime_burden(community, "Tajikistan") < 0.20
    outsiders = _outsiders()
    assert len(_wars_between("realist", outsiders, FIVE)) <= 0.6 * len(
        _wars_between("community", outsiders, FIVE))
    assert _members_lost(realist) <= _members_lost(community)
    assert _members_lost(realist, WIDE) <= 0.7 * _members_lost(community, WIDE)
    assert 0.6 <= _coercions_of_the_five("realist") / _coercions_of_the_five("community") <= 1.5
    assert _five_wealth(realist) < 0.5 * _five_wealth(community)


def test_with_the_agreements_trust_the_community_forms_at_once_but_the_five_are_no_safer():
    """win_win.prior_trust = 0.75. Measured: every one of the five a member in year 1 of every seed;
    Tajikistan's burden over its life about 5.6 % (neutral prior: about 11 %); 5 members lost
    against 3. Tolerance: all members in year 1; Tajikistan's burden under 0.8 times the neutral
    prior's; at least as many members lost."""
    trusting = _states("community", prior=0.75)
    first = trusting[trusting.state.isin(FIVE) & (trusting.year == 1)]
    assert len(first) == 5 * SEEDS and first.community.astype(bool).all()
    neutral = _states("community")
    assert _lifetime_burden(trusting, "Tajikistan") < 0.8 * _lifetime_burden(neutral, "Tajikistan")
    assert _members_lost(trusting) >= _members_lost(neutral)


def test_with_security_seeking_outsiders_the_region_is_at_peace():
    """What the lesson gives as the reason for greedy outsiders (why this world): with
    dissatisfaction 0 no war in 20 seeds. Tolerance: exact."""
    scenario = load(f"{NAME}/community").with_knobs({"dissatisfaction": 0.0})
    world, _ = runs.ensemble(scenario, range(SEEDS), scenario.years)
    assert world.wars.sum() == 0
