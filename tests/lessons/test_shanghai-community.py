"""shanghai-community: THINGS TO NOTICE, one test per claim, over the scenario's own 20 seeds and
150 years. "The five" are the Shanghai Five (security seekers, win-win unless the variant says
zero-sum); the nine outsiders are greedy zero-sum states."""

from functools import cache

from detente import runs
from detente.scenarios import load
from lesson_support import ensemble, series, survival, wars

NAME = "shanghai-community"
FIVE = ["China", "Russia", "Kazakhstan", "Kyrgyzstan", "Tajikistan"]


def _outsiders() -> list[str]:
    return [state["name"] for state in load(NAME).states if state["name"] not in FIVE]


def _five_wealth(variant: str) -> float:
    """The five's combined final wealth (an absorbed state counts 0), mean over seeds."""
    _, states = ensemble(f"{NAME}/{variant}", collect_states=True)
    last = states[(states.year == states.year.max()) & states.state.isin(FIVE)]
    return last.groupby("seed").wealth.sum().reindex(range(load(NAME).seeds), fill_value=0).mean()


def _five_burden(variant: str) -> float:
    """The five's arms over their wealth in the final year, mean over seeds."""
    _, states = ensemble(f"{NAME}/{variant}", collect_states=True)
    last = states[(states.year == states.year.max()) & states.state.isin(FIVE)].groupby("seed")
    return (last.military.sum() / last.wealth.sum()).mean()


def _lifetime_burden(variant: str, state: str) -> float:
    """A state's arms over its wealth, mean over the years it lives and the seeds."""
    name = f"{NAME}/{variant}"
    return (series(name, state, "military") / series(name, state, "wealth")).loc[1:].stack().mean()


def _members_lost(variant: str, state: str | None = None) -> int:
    alive = survival(f"{NAME}/{variant}")
    members = alive[alive.state.isin(FIVE if state is None else [state])]
    return int((~members.alive).sum())


def _wars_between(variant: str, first, second):
    fought = wars(f"{NAME}/{variant}")
    return fought[(fought.winner.isin(first) & fought.loser.isin(second))
                  | (fought.winner.isin(second) & fought.loser.isin(first))]


def test_the_five_form_a_community_at_once_keep_it_and_never_fight_each_other():
    """Measured: all five alive in year 1 of every seed and members then; members in 99.9 % of their
    living years from year 1 (brief lapses in two seeds); no war among them. Tolerance: all members
    in year 1; at least 97 % of the member-years; no war among them."""
    _, states = ensemble(f"{NAME}/community", collect_states=True)
    five = states[states.state.isin(FIVE) & (states.year >= 1) & states.alive.astype(bool)]
    first = five[five.year == 1]
    assert len(first) == 5 * load(NAME).seeds and first.community.astype(bool).all()
    assert five.community.astype(bool).mean() >= 0.97
    assert _wars_between("community", FIVE, FIVE).empty


def test_outsiders_hardly_fight_each_other_but_prey_on_the_smallest_member():
    """Measured: one war among outsiders in 20 seeds; 10 wars between outsiders and members, 9 of
    them with Tajikistan, which is annexed in 5 seeds. Tolerance: at most 3 wars among outsiders; at
    least 4 between outsiders and members, at least half of them with Tajikistan; Tajikistan annexed
    in at least 2 seeds."""
    assert len(_wars_between("community", _outsiders(), _outsiders())) <= 3
    against = _wars_between("community", FIVE, _outsiders())
    assert len(against) >= 4
    assert ((against.winner == "Tajikistan") | (against.loser == "Tajikistan")).mean() >= 0.5
    assert _members_lost("community", "Tajikistan") >= 2


def test_the_community_does_not_shield_its_members():
    """Measured: the five's final burden about 1.05 % (the win-win minimum force is 1 %); 5 members
    lost in 20 seeds. Tolerance: under 1.5 %; at least 2 members lost."""
    assert _five_burden("community") < 0.015
    assert _members_lost("community") >= 2


def test_without_the_institution_trust_and_reciprocity_do_the_work():
    """Measured: no community; no war among the five; 8 members lost (community: 5; over seeds 0 to
    59, 18 against 17); combined wealth about 990 against 1080. Tolerance: no member ever; no war
    among the five; 2 to 15 members lost; combined wealth 0.8 to 1.25 times the community
    variant's."""
    world, _ = ensemble(f"{NAME}/no-institution")
    assert (world.community_size == 0).all()
    assert _wars_between("no-institution", FIVE, FIVE).empty
    assert 2 <= _members_lost("no-institution") <= 15
    assert 0.8 <= _five_wealth("no-institution") / _five_wealth("community") <= 1.25


def test_realist_five_are_safer_armed_to_the_limit_and_poorer():
    """The other side of the paper. Measured: Kyrgyzstan and Tajikistan spend about 28 % and 29 % of
    their wealth on arms over their lives (Tajikistan in the community about 5 %); 3 wars between
    outsiders and the five in 20 seeds (community: 10); 2 members lost (community 5; over seeds 0 to
    59, 6 against 17); combined wealth about 340 against 1080. Tolerance: the two above 20 %, the
    community's Tajikistan under 10 %; at most 0.6 times the community's wars with outsiders; fewer
    members lost; under half the wealth."""
    for state in ("Kyrgyzstan", "Tajikistan"):
        assert _lifetime_burden("realist", state) > 0.20
    assert _lifetime_burden("community", "Tajikistan") < 0.10
    assert len(_wars_between("realist", FIVE, _outsiders())) <= 0.6 * len(
        _wars_between("community", FIVE, _outsiders()))
    assert _members_lost("realist") < _members_lost("community")
    assert _five_wealth("realist") < 0.5 * _five_wealth("community")


@cache
def _without_the_agreements():
    scenario = load(f"{NAME}/community").with_knobs({"win_win.prior_trust": 0.5})
    return runs.ensemble(scenario, range(scenario.seeds), scenario.years, collect_states=True)


def test_without_the_trust_of_the_1996_97_agreements_no_community_forms():
    """win_win.prior_trust = 0.5. Measured: no member in year 10 of any seed; under 1 % of the five's
    living state-years from year 10 in a community. Tolerance: none in year 10; under 15 %."""
    _, states = _without_the_agreements()
    five = states[states.state.isin(FIVE) & (states.year >= 10) & states.alive.astype(bool)]
    assert not five[five.year == 10].community.astype(bool).any()
    assert five.community.astype(bool).mean() < 0.15
