"""Protracted wars (mechanisms/fronts.py): fronts bargained anew each year, learning, weariness,
power divided among fronts, diffusion and merging, and the war records that sum them."""

from types import SimpleNamespace

import numpy as np
import pytest

from detente import runs
from detente.model import DiplomacyModel, ParameterError
from detente.model.mechanisms import fronts, war
from detente.scenarios import ScenarioError, load

SEEDS = range(6)


def _wars(name="realpolitik", seeds=SEEDS, years=200, **knobs):
    scenario = load(name).with_knobs({"protracted_wars": True, **knobs})
    world, _, wars = runs.tables(scenario, seeds, years, collect_wars=True, workers=2)
    return world, wars


@pytest.fixture(scope="module")
def realpolitik():
    return _wars(alliances=True)


def test_with_the_switch_off_every_war_is_one_campaign():
    model = load("realpolitik").with_knobs({"alliances": False}).model(1, collect_states=False)
    model.run_for(200)
    table = model.war_table()
    assert len(table) > 3 and set(table.years) == {1}
    assert set(table.ended) == {"campaign", "conquest"}
    assert (table.ended == "conquest").sum() == table.conquered.sum()


@pytest.mark.ensemble
def test_protracted_wars_last_several_years_and_end_every_way(realpolitik):
    """Realpolitik with alliances, 6 seeds x 200 years: wars of several years, ended by settlement,
    exhaustion and conquest (measured: mean about 1.4 years, longest 5; 88 settled, 6 by exhaustion, 3 conquests)."""
    _, wars = realpolitik
    assert wars.years.max() >= 4 and (wars.years >= 2).mean() > 0.2
    assert {"settlement", "exhaustion", "conquest"} <= set(wars.ended)


@pytest.mark.ensemble
def test_every_unit_of_wealth_war_destroys_belongs_to_one_war(realpolitik):
    """The records' severities add up to the yearly war_losses; the wars that ended each year add
    up to war_severity; each war is counted in war_onsets when it begins (two wars that merge
    leave one record)."""
    world, wars = realpolitik
    assert wars.severity.sum() == pytest.approx(world.war_losses.sum(), rel=1e-9)
    ended = wars[wars.ended != "ongoing"]
    by_a_bargain = ended.ended.isin(["settlement", "exhaustion"])
    assert ((ended.end_year == ended.year + ended.years - 1)
            | ((ended.end_year == ended.year + ended.years) & by_a_bargain)).all()
    by_year = ended.severity.groupby([ended.seed, ended.end_year]).sum()
    recorded = world.set_index(["seed", "year"]).war_severity
    np.testing.assert_allclose(by_year.to_numpy(), recorded.loc[by_year.index].to_numpy(), rtol=1e-9)
    assert recorded.sum() == pytest.approx(ended.severity.sum(), rel=1e-9)
    assert world.war_onsets.sum() - 3 <= len(wars) <= world.war_onsets.sum()


@pytest.mark.ensemble
def test_wars_spread_beyond_their_first_pair_without_alliances():
    """Alliances off, so a third state can only come in by a front of its own (diffusion) or by a
    merger of two wars: some wars of realpolitik's 60-state world draw in three or more states."""
    _, wars = _wars(n_states=60, years=300)
    assert wars.states.max() >= 3
    assert ((wars.states > 2) & (wars.years > 1)).any()


def test_a_state_at_war_is_an_opportunity_for_its_neighbours():
    """Engaged states add 1 to the hazard of their dyads: with trust at 0.5, no arms and no greed,
    the hazard terms are mistrust 0.5 (+1 on a front's neighbour's dyads). 2000 draws each; the
    counts' standard errors are about 1 %; tolerance 5 %."""
    model = DiplomacyModel(rng=0, n_states=12, network="complete", initial_burden=0.0,
                           crisis_rate=0.5, protracted_wars=True)
    model.trust[:] = 0.5
    share = model.edge_share[0]
    calm = np.mean([war._sampled_crises(model, np.zeros(12, dtype=bool))[0].size for _ in range(2000)])
    one = np.zeros(12, dtype=bool)
    one[0] = True  # state 0 at war: its 11 dyads have hazard terms 1.5, the other 55 0.5
    engaged = np.mean([war._sampled_crises(model, one)[0].size for _ in range(2000)])
    assert calm == pytest.approx(66 * (1 - np.exp(-0.5 * share * 0.5)), rel=0.05)
    assert engaged == pytest.approx(55 * (1 - np.exp(-0.5 * share * 0.5))
                                    + 11 * (1 - np.exp(-0.5 * share * 1.5)), rel=0.05)


def test_power_is_divided_among_a_states_crises():
    model = DiplomacyModel(rng=0, n_states=4, network="complete", protracted_wars=True)
    model.power = np.array([6.0, 2.0, 3.0, 5.0])
    # state 0 in three crises, 1 and 2 in one, 3 in one
    i, j = np.array([0, 0, 0]), np.array([1, 2, 3])
    np.testing.assert_allclose(fronts.divided(model, i, j), [2.0, 2.0, 3.0, 5.0])


def test_fighting_teaches_and_weariness_ends_resistance():
    model = DiplomacyModel(rng=0, n_states=3, network="complete", protracted_wars=True,
                           war_weariness=0.25)
    model.open_wars[7] = fronts.OpenWar(year=model.year - 3, attacker="a", defender="b", cause="demand")
    model.front[0, 1] = model.front[1, 0] = 7
    # a front of a war 3 years old: misjudgement / sqrt(1 + 3) = half; a dyad at peace: whole
    np.testing.assert_allclose(fronts.learning(model, np.array([0, 0]), np.array([1, 2])), [0.5, 1.0])
    model.wealth = np.array([70.0, 80.0, 50.0])
    model.war_wealth = np.array([100.0, 100.0, 0.0])  # 0 lost 30 % (> 25 %), 1 lost 20 %, 2 at peace
    np.testing.assert_array_equal(fronts.exhausted(model), [True, False, False])


def test_a_state_opens_a_war_limited_and_fights_at_the_effort_it_set():
    """Knob escalation (start 0.01): a state on a front fights at the effort it set last year
    (0.3), any other opens at escalation_start; without escalation every state fights at full
    intensity."""
    model = DiplomacyModel(rng=0, n_states=3, protracted_wars=True, escalation=True,
                           escalation_start=0.01)
    model.effort = np.array([0.3, 0.0, 0.0])
    np.testing.assert_allclose(fronts.effort(model), [0.3, 0.01, 0.01])
    np.testing.assert_array_equal(fronts.effort(DiplomacyModel(rng=0, n_states=3, protracted_wars=True)),
                                  np.ones(3))


def test_each_side_answers_the_force_its_strongest_enemy_fielded():
    """fronts.answer, by hand (escalation_start 0.01). Fronts A-B, C-D, E-F, A-G; H at peace.
    Multiple = overmatch (zero-sum 2, win-win 1) + appetite d/(1 - d) (D: 0.6/0.4 = 1.5). Forces
    fielded (effort × power): A, C 0.01 × 10 = 0.1, B 0.3 × 10 = 3, D 0.01 × 40 = 0.4, E 0.5 × 5 =
    2.5, F 0.04 × 100 = 4, G 0.01 × 50 = 0.5. A: 2 × max(B's 3, G's 0.5) / 10 = 0.6 (its strongest
    enemy); B: 2 × 0.1 / 10 = 0.02 (it steps down to answer A's force); C (win-win): 1 × 0.4 / 10 =
    0.04 (it matches D's force); D (greedy win-win): 2.5 × 0.1 / 40 = 0.00625, below the opening
    effort: 0.01; E: 2 × 4 / 5 = 1.6, at most 1 (the weaker side at full intensity); F: 2 × 2.5 /
    100 = 0.05; G: 2 × 0.1 / 50 = 0.004: 0.01; H at peace: 0."""
    model = DiplomacyModel(rng=0, n_states=8, network="complete", protracted_wars=True,
                           escalation=True, escalation_start=0.01, doctrine="zero_sum")
    win_win = model.doctrine_names.index("win_win")
    model.code[[2, 3]] = win_win
    model.dissatisfaction = np.array([0, 0, 0, 0.6, 0, 0, 0, 0])
    model.power = np.array([10.0, 10.0, 10.0, 40.0, 5.0, 100.0, 50.0, 7.0])
    for a, b in ((0, 1), (2, 3), (4, 5), (0, 6)):
        model.front[a, b] = model.front[b, a] = a
    fielded = np.array([0.01, 0.3, 0.01, 0.01, 0.5, 0.04, 0.01, 0.01])
    np.testing.assert_allclose(fronts.answer(model, fielded),
                               [0.6, 0.02, 0.04, 0.01, 1.0, 0.05, 0.01, 0.0])


def test_efforts_are_kept_on_fronts_and_dropped_at_peace():
    """Run with escalation: each year every state on a front has an effort between
    escalation_start and 1, every state at peace 0, and some wars escalate beyond their opening."""
    model = load("realpolitik").with_knobs({"protracted_wars": True, "escalation": True,
                                            "alliances": True, "crisis_rate": 5.0}).model(2)
    escalated = False
    for _ in range(40):
        model.step()
        on_front = fronts.engaged(model)
        assert np.all(model.effort[~on_front] == 0)
        assert np.all((model.effort[on_front] >= 0.01) & (model.effort[on_front] <= 1))
        escalated |= bool(np.any(model.effort[on_front] > 0.01))
    assert escalated


@pytest.mark.parametrize("knob", ["escalation", "opportunism"])
def test_a_knob_of_wars_that_last_is_refused_without_them(knob, tmp_path):
    """escalation and opportunism act on protracted wars only: set without them, the world is
    refused with a message naming the knob and what it needs, from the model and from a file (at
    the knob's line)."""
    with pytest.raises(ParameterError, match=f"knob '{knob}' = true needs protracted_wars = true"):
        DiplomacyModel(rng=0, n_states=3, **{knob: True})
    DiplomacyModel(rng=0, n_states=3, protracted_wars=True, **{knob: True})  # together: fine
    path = tmp_path / "world.toml"
    path.write_text(f'schema = 1\nid = "w"\ntitle = "t"\nsummary = "s"\n[knobs]\nn_states = 3\n{knob} = true\n')
    with pytest.raises(ScenarioError, match="line 7: .*needs protracted_wars = true"):
        load(path)


def test_an_escalating_campaign_destroys_its_share_of_its_sides_and_partners():
    """war_outcomes with a cost per side: war 0 (A attacks and beats B; A's cost 0.05, B's 0.1) and
    war 1 (D attacks and beats C; D's 0.2, C's 0.1), wealth 10, 20, 30, 40 and arms 1, 2, 3, 4,
    spoils 0.2. A loses 0.5 and B 2; B pays 0.2 of what it has left (18) = 3.6, at most 0.2 of A's
    9.5 = 1.9: 1.9. C loses 3, D 8; C pays 0.2 of 27 = 5.4 (at most 0.2 · 32 = 6.4). Destroyed:
    0.5 + 2 + 3 + 8 = 13.5; arms lost 0.05, 0.2, 0.3, 0.8. Through the mechanism, a partner that
    came pays its war's cost too: with escalation on, a campaign of a new war destroys 0.01 of
    cost_of_war of every fighter's wealth."""
    none = np.array([], dtype=np.int64)
    (winner, loser, change, arms_lost, destroyed, _, lost, spoils, taken) = war.war_kernel.war_outcomes(
        none, none, np.array([]), np.array([0, 3]), np.array([1, 2]), np.array([True, True]),
        np.array([10.0, 20.0, 30.0, 40.0]), np.array([1.0, 2.0, 3.0, 4.0]), 0.2, np.array([0.05, 0.2]),
        np.array([0.1, 0.1]))
    assert winner.tolist() == [0, 3] and loser.tolist() == [1, 2]
    np.testing.assert_allclose(change, [-0.5 + 1.9, -2.0 - 1.9, -3.0 - 5.4, -8.0 + 5.4])
    np.testing.assert_allclose(lost, [0.5, 2.0, 3.0, 8.0])
    np.testing.assert_allclose(arms_lost, [0.05, 0.2, 0.3, 0.8])
    np.testing.assert_allclose(taken, [1.9, 5.4])
    np.testing.assert_allclose(spoils, [1.9, -1.9, -5.4, 5.4])
    assert destroyed == pytest.approx(13.5)
    # one year of escalating wars in a world at peace: every campaign is a new war's, at 0.01
    model = load("realpolitik").with_knobs({"protracted_wars": True, "escalation": True,
                                            "alliances": True, "crisis_rate": 5.0}).model(2)
    model.step()
    records = model.war_table()
    assert len(records) > 0
    full = load("realpolitik").with_knobs({"protracted_wars": True, "alliances": True,
                                           "crisis_rate": 5.0}).model(2)
    full.step()
    # the same crises and campaigns (bargaining counts the full cost either way), a hundredth the losses
    np.testing.assert_allclose(records.severity, full.war_table().severity * 0.01)


def test_an_exhausted_state_concedes_and_its_front_closes_by_exhaustion():
    """Two greedy zero-sum states locked in a front: once one is exhausted it pays the other's demand
    rather than fight, and the war's record says it ended by exhaustion."""
    model = DiplomacyModel(rng=3, n_states=2, network="complete", protracted_wars=True,
                           dissatisfaction=0.9, prior_trust=0.01, crisis_rate=5.0, misjudgement=0.8)
    for _ in range(300):
        model.step()
        if any(record.ended == "exhaustion" for record in model.war_records):
            break
    record = next(r for r in model.war_records if r.ended == "exhaustion")
    assert record.years >= 2 and record.severity > 0


def test_greedy_neighbours_of_a_state_at_war_weigh_striking_it_with_opportunism():
    """Knob opportunism: every dyad of a greedy state and a neighbour on a front (not the front
    itself) is in crisis this year, whatever the hazard; a security seeker's is not (crisis_rate 0:
    no crisis is drawn)."""
    def world(opportunism):
        model = DiplomacyModel(rng=0, n_states=5, network="complete", protracted_wars=True,
                               crisis_rate=0.0, opportunism=opportunism)
        model.dissatisfaction = np.array([0.0, 0.0, 0.6, 0.0, 0.6])  # 2 and 4 greedy
        model.open_wars[0] = fronts.OpenWar(year=model.year - 1, attacker="a", defender="b",
                                            cause="demand")
        model.front[0, 1] = model.front[1, 0] = 0  # 0 and 1 at war
        return model
    i, j = war.crises(world(False))
    assert sorted(zip(i.tolist(), j.tolist())) == [(0, 1)]
    i, j = war.crises(world(True))
    assert sorted(zip(i.tolist(), j.tolist())) == [(0, 1), (0, 2), (0, 4), (1, 2), (1, 4)]


@pytest.mark.ensemble
def test_opportunism_makes_wars_spread_front_by_front():
    """historical-baseline at 120 states, alliances and protracted wars, 6 seeds x 150 years: with
    opportunism, wars draw in more states (measured: 90th percentile 7 states without, 9 with; the
    largest 11 and 15)."""
    knobs = {"n_states": 120, "network_radius": 0.18, "alliances": True}
    _, without = _wars("historical-baseline", years=150, **knobs)
    _, with_it = _wars("historical-baseline", years=150, opportunism=True, **knobs)
    assert with_it.states.quantile(0.9) > without.states.quantile(0.9)


def test_two_wars_linked_by_a_front_merge_into_the_older_ones_story():
    """_merge: war 7 joins war 3 — its fronts take id 3, the states are the union, severity and
    conquests add up, the older war (7, begun in year 2) gives the merged war its start, attacker,
    defender and cause, this year's losses add (0.05 + 0.1) and a pending ending moves to id 3,
    the more decisive of the two when war 3 has one of its own."""
    def open_wars():
        return {3: fronts.OpenWar(5, "A", "B", "demand", {"A", "B"}, severity=0.4, conquered=1),
                7: fronts.OpenWar(2, "C", "D", "preemption", {"B", "C", "D"}, severity=0.25, conquered=2)}
    front = np.array([[-1, 3, 7], [3, -1, -1], [7, -1, -1]])
    model = type("World", (), {})()
    model.open_wars, model.front = open_wars(), front.copy()
    fought_now, closing = {3: 0.05, 7: 0.1}, {7: "settlement"}
    fronts._merge(model, 3, 7, fought_now, closing)
    (merged,) = model.open_wars.values()
    assert list(model.open_wars) == [3]
    assert model.front.tolist() == [[-1, 3, 3], [3, -1, -1], [3, -1, -1]]
    assert (merged.year, merged.attacker, merged.defender, merged.cause) == (2, "C", "D", "preemption")
    assert merged.states == {"A", "B", "C", "D"}
    assert (merged.severity, merged.conquered) == (pytest.approx(0.65), 3)
    assert fought_now == {3: pytest.approx(0.15)} and closing == {3: "settlement"}
    # merged the other way (the newer into the older), the older keeps its story; of the two
    # endings, exhaustion outweighs settlement
    model.open_wars, model.front = open_wars(), front.copy()
    fought_now, closing = {3: 0.05}, {3: "exhaustion", 7: "settlement"}
    fronts._merge(model, 7, 3, fought_now, closing)
    (merged,) = model.open_wars.values()
    assert (merged.year, merged.attacker, merged.cause) == (2, "C", "preemption")
    assert fought_now == {7: 0.05} and closing == {7: "exhaustion"}
    closing = {3: "settlement", 7: "conquest"}
    fronts._close(closing, 7, closing.pop(3))
    assert closing == {7: "conquest"}
    # begun in the same year, the war that keeps the id keeps its story
    model.open_wars, model.front = open_wars(), front.copy()
    model.open_wars[7].year = 5
    fronts._merge(model, 3, 7, {}, {})
    assert (model.open_wars[3].attacker, model.open_wars[3].cause) == ("A", "demand")


def test_a_war_merged_twice_is_found_under_its_last_id():
    """_current follows the merges (9 into 4, 4 into 2) to the war that holds them now."""
    assert fronts._current({9: 4, 4: 2}, 9) == 2 and fronts._current({9: 4}, 5) == 5


def test_a_state_is_exhausted_once_it_has_lost_more_than_its_war_weariness():
    """war_weariness 0.25 of the wealth at the war's start: 1.0 → 0.74 exhausted, 0.76 not; 2 → 1.5
    exactly a quarter, not more; a state not at war (no wealth recorded) never."""
    model = DiplomacyModel(rng=0, n_states=4, war_weariness=0.25)
    model.war_wealth, model.wealth = np.array([1.0, 1.0, 2.0, 0.0]), np.array([0.74, 0.76, 1.5, 0.0])
    assert fronts.exhausted(model).tolist() == [True, False, False, False]


def test_a_vulture_is_a_greedy_state_beside_a_state_at_war_outside_a_shared_community():
    """fronts.with_vultures, 6 states, all neighbours: 0 and 1 at war (engaged), 2, 3 and 4 greedy
    (dissatisfaction > 0), 5 content; 1, 4 and 5 in a security community. Per the docstring a dyad
    is watched iff (greedy(a) and engaged(b)) or (greedy(b) and engaged(a)), it is not itself a
    front, and not both of its states are community members:
    greedy x engaged = (0,2) (0,3) (0,4) (1,2) (1,3) (1,4); (1,4) is left out (both members), (0,4)
    stays (only 4 is a member), (0,1) is the front itself. Not watched: (2,3), (2,4), (3,4) (greedy
    pairs, neither at war), (0,5), (1,5) (at war beside a content state), (2,5) ... (4,5).
    The fronts come first, as given."""
    model = DiplomacyModel(rng=0, n_states=6, network="complete", protracted_wars=True)
    model.dissatisfaction = np.array([0.0, 0.0, 0.6, 0.3, 0.6, 0.0])
    model.community = np.array([False, True, False, False, True, True])
    model.front[0, 1] = model.front[1, 0] = 0
    engaged = np.array([True, True, False, False, False, False])
    i, j = fronts.with_vultures(model, engaged, np.array([0]), np.array([1]))
    assert (int(i[0]), int(j[0])) == (0, 1)
    assert sorted((min(a, b), max(a, b)) for a, b in zip(i[1:].tolist(), j[1:].tolist())) == [
        (0, 2), (0, 3), (0, 4), (1, 2), (1, 3)]


def test_power_is_divided_among_crises_with_the_last_state_in_none():
    """fronts.divided: power / max(number of the state's crises, 1), for every state, also those
    after the last one in a crisis. Crises 0-1 and 0-2: state 0 in two, 1 and 2 in one, 3 in
    none: 6/2 = 3, 2/1 = 2, 3/1 = 3, 5/max(0, 1) = 5."""
    model = DiplomacyModel(rng=0, n_states=4, network="complete", protracted_wars=True)
    model.power = np.array([6.0, 2.0, 3.0, 5.0])
    np.testing.assert_allclose(fronts.divided(model, np.array([0, 0]), np.array([1, 2])),
                               [3.0, 2.0, 3.0, 5.0])


# --- fronts.advance driven by hand: a year's crises as the war mechanism would hand them over ---

SETTLED, COERCED = int(war.SETTLED), int(war.COERCED)
DEMAND, PREEMPTION, PREVENTION = (int(war.war_kernel.Cause[name])
                                  for name in ("DEMAND", "PREEMPTION", "PREVENTION"))
NAMES = ["A", "B", "C", "D", "E", "F"]


def _year(n, crises, campaigns=(), tired=()):
    """A Conflict for fronts.advance. crises: (i, j, kind, actor, target, cause), in crisis order;
    campaigns: (winner, loser, severity, partners that came), one per WAR crisis, in the same order;
    tired: the exhausted states."""
    def column(k):
        return np.array([crisis[k] for crisis in crises], dtype=np.int64)

    return war.Conflict(
        i=column(0), j=column(1), kind=column(2), actor=column(3), target=column(4), cause=column(5),
        winners=np.array([c[0] for c in campaigns], dtype=np.int64),
        losers=np.array([c[1] for c in campaigns], dtype=np.int64),
        severity=np.array([c[2] for c in campaigns], dtype=float),
        came=[np.array(c[3], dtype=np.int64) for c in campaigns],
        tired=np.isin(np.arange(n), list(tired)))


def _world(n, year):
    """What fronts.advance reads and writes of a world of n states (all at peace), in a year."""
    model = type("World", (), {})()
    model.year, model.front = year, np.full((n, n), fronts.NO_WAR_ID)
    model.open_wars, model.wars_begun = {}, 0
    model.war_wealth, model.wealth_prev = np.zeros(n), np.ones(n)
    model.params = SimpleNamespace(escalation=False)
    return model


def _at_war(model):
    """The dyads at war, i < j, with their war's id."""
    i, j = fronts.fronts(model)
    return {(a, b): int(model.front[a, b]) for a, b in zip(i.tolist(), j.tolist())}


def test_a_protracted_war_begins_goes_on_merges_with_the_war_a_new_front_links_and_ends():
    """Five states A..E (all neighbours), protracted wars, fronts.advance called on three years.

    Year 3: a settled crisis B-E (nothing happens: it is not a front, and the crises after it still
    count), then two wars begin: B demands of A and wins (0.3 destroyed); D strikes C first
    (preemption) and loses, E coming to D (0.2). Two wars, ids 0 and 1 (wars_begun 2), each with the
    first front's attacker, defender, cause and this campaign's winner and loser; fronts A-B (0) and
    C-D (1); weariness is measured from the wealth the states had before this year
    (wealth_prev: A..D 2, 3, 4, 5; E only came, it is on no front: 0). Both are still being fought:
    open_records gives them ended "ongoing" in the year simulated last (3), one year long.

    Year 4: A-B fought again (A wins, 0.1), C-D again (D wins, 0.15); then a new front B-C links
    war 0 (B's) and war 1 (C's): the new front joins the older id, 0, and war 1 merges into it
    (C-D takes id 0): 0.3 + 0.1 + 0.2 + 0.15 + 0.05 = 0.8. Then a new front D-E (E strikes D to
    prevent its rise, E wins, 0.02): D was in war 1 when the year began, now war 0: it joins war 0,
    0.82 in all; this year's losses of the war: 0.1 + 0.15 + 0.05 + 0.02 = 0.32. No war begins. The
    merged war keeps war 0's story (both began in year 3); its last campaign was E over D. The
    states already at war keep the wealth of their war's start; E, new on a front, brings last
    year's (5.5).

    Year 5: A-B settles; C-D: C pays D (coerced); B conquers C on their front and E conquers D:
    two conquests (the war ends by conquest, its last closing), 0.89 in all over 3 years, 0.07 this
    year, and no state is left on a front (weariness measures reset to 0)."""
    model, names = _world(5, 3), NAMES[:5]
    model.wealth_prev = np.array([2.0, 3.0, 4.0, 5.0, 6.0])
    year3 = _year(5, [(1, 4, SETTLED, 1, 4, 0), (0, 1, war.WAR, 1, 0, DEMAND),
                      (2, 3, war.WAR, 3, 2, PREEMPTION)],
                  [(1, 0, 0.3, []), (2, 3, 0.2, [4])])
    ended, fought, begun = fronts.advance(model, year3, names, set(), True)
    assert (ended, fought, begun, model.wars_begun) == ([], {0: 0.3, 1: 0.2}, 2, 2)
    assert model.open_wars == {
        0: fronts.OpenWar(3, "B", "A", "demand", {"A", "B"}, 0.3, "B", "A", 0, 3),
        1: fronts.OpenWar(3, "D", "C", "preemption", {"C", "D", "E"}, 0.2, "C", "D", 0, 3)}
    assert _at_war(model) == {(0, 1): 0, (2, 3): 1}
    assert model.front[1, 0] == 0 and model.front[3, 2] == 1
    assert model.war_wealth.tolist() == [2.0, 3.0, 4.0, 5.0, 0.0]
    assert fronts.open_records(model) == [
        fronts.WarRecord(3, "B", "A", "demand", "B", "A", 2, 1, 0.3, 0, "ongoing", 3),
        fronts.WarRecord(3, "D", "C", "preemption", "C", "D", 3, 1, 0.2, 0, "ongoing", 3)]

    model.year, model.wealth_prev = 4, np.array([1.5, 2.5, 3.5, 4.5, 5.5])
    year4 = _year(5, [(0, 1, war.WAR, 0, 1, DEMAND), (2, 3, war.WAR, 2, 3, DEMAND),
                      (1, 2, war.WAR, 1, 2, DEMAND), (3, 4, war.WAR, 4, 3, PREVENTION)],
                  [(0, 1, 0.1, []), (3, 2, 0.15, []), (1, 2, 0.05, []), (4, 3, 0.02, [])])
    ended, fought, begun = fronts.advance(model, year4, names, set(), True)
    assert (ended, begun, model.wars_begun) == ([], 0, 2)
    assert list(fought) == [0] and fought[0] == pytest.approx(0.32)
    (merged,) = model.open_wars.values()
    assert list(model.open_wars) == [0]
    assert (merged.year, merged.attacker, merged.defender, merged.cause) == (3, "B", "A", "demand")
    assert merged.states == {"A", "B", "C", "D", "E"} and merged.severity == pytest.approx(0.82)
    assert (merged.winner, merged.loser, merged.conquered, merged.last_year) == ("E", "D", 0, 4)
    assert _at_war(model) == {(0, 1): 0, (1, 2): 0, (2, 3): 0, (3, 4): 0}
    assert model.war_wealth.tolist() == [2.0, 3.0, 4.0, 5.0, 5.5]

    model.year = 5
    year5 = _year(5, [(0, 1, SETTLED, 0, 1, 0), (2, 3, COERCED, 3, 2, 0),
                      (1, 2, war.WAR, 1, 2, DEMAND), (3, 4, war.WAR, 4, 3, DEMAND)],
                  [(1, 2, 0.04, []), (4, 3, 0.03, [])])
    ended, fought, begun = fronts.advance(model, year5, names, {2, 3}, True)
    assert ended == [fronts.WarRecord(3, "B", "A", "demand", "E", "D", 5, 3, pytest.approx(0.89), 2,
                                      "conquest", 5)]
    assert list(fought) == [0] and fought[0] == pytest.approx(0.07) and begun == 0
    assert model.open_wars == {} and _at_war(model) == {} and (model.front == fronts.NO_WAR_ID).all()
    assert model.war_wealth.tolist() == [0.0] * 5


def _three_fronts(model):
    """Wars 0, 1 and 2 on fronts A-B, C-D, E-F (severity 0.1, 0.2, 0.3; the second state won),
    begun in year 2, last fought in year 3."""
    for war_id, (a, b) in enumerate([(0, 1), (2, 3), (4, 5)]):
        model.open_wars[war_id] = fronts.OpenWar(2, NAMES[a], NAMES[b], "demand", {NAMES[a], NAMES[b]},
                                                 (0.1, 0.2, 0.3)[war_id], NAMES[b], NAMES[a], 0, 3)
        model.front[a, b] = model.front[b, a] = war_id
    model.wars_begun = 3
    model.war_wealth = np.ones(6)


def test_a_front_whose_bargain_holds_closes_by_settlement_or_by_exhaustion_if_either_side_is_worn_out():
    """Year 4, no campaign: A-B settle with neither side exhausted (settlement); D, exhausted, pays
    C (exhaustion: one worn-out side is enough); E-F settle with E exhausted (exhaustion). Each war
    ends in the year the bargain held (4), the year after its last campaign: 2 years long (2 to 3),
    its record otherwise as it stood."""
    model = _world(6, 4)
    _three_fronts(model)
    year4 = _year(6, [(0, 1, SETTLED, 0, 1, 0), (2, 3, COERCED, 2, 3, 0), (4, 5, SETTLED, 4, 5, 0)],
                  tired={3, 4})
    ended, fought, begun = fronts.advance(model, year4, NAMES, set(), True)
    assert ended == [fronts.WarRecord(2, "A", "B", "demand", "B", "A", 2, 2, 0.1, 0, "settlement", 4),
                     fronts.WarRecord(2, "C", "D", "demand", "D", "C", 2, 2, 0.2, 0, "exhaustion", 4),
                     fronts.WarRecord(2, "E", "F", "demand", "F", "E", 2, 2, 0.3, 0, "exhaustion", 4)]
    assert (fought, begun, model.open_wars, _at_war(model)) == ({}, 0, {}, {})
    assert model.war_wealth.tolist() == [0.0] * 6


def test_a_state_in_two_new_campaigns_in_one_year_is_in_one_war_that_ends_by_its_conquest():
    """Year 5, no front yet: A strikes B and conquers it; in the same year, later in crisis order, B
    fights C and wins. B fought a campaign of war 0 earlier this year, so its front with C joins war
    0 (a state is in one war at a time): one war of three states, 0.1 + 0.2 destroyed, begun by A's
    demand; its last campaign was B over C. B's fronts close with it, so the war ends this year,
    and by conquest (it absorbed B)."""
    model = _world(3, 5)
    year5 = _year(3, [(0, 1, war.WAR, 0, 1, DEMAND), (1, 2, war.WAR, 1, 2, DEMAND)],
                  [(0, 1, 0.1, []), (1, 2, 0.2, [])])
    ended, fought, begun = fronts.advance(model, year5, NAMES[:3], {1}, True)
    assert ended == [fronts.WarRecord(5, "A", "B", "demand", "B", "C", 3, 1, pytest.approx(0.3), 1,
                                      "conquest", 5)]
    assert (fought, begun, model.wars_begun, model.open_wars) == ({0: pytest.approx(0.3)}, 1, 1, {})


def test_a_war_whose_fronts_close_in_several_ways_in_one_year_ends_in_the_most_decisive():
    """War 0 has two fronts, A-B and C-D, since year 2. Year 4, in crisis order: A conquers B (conquest), then C and D settle with neither
    worn out (settlement). The war's last fronts close this year: conquest outweighs the settlement
    that came after it in crisis order. And the other way round: a settlement first and an
    exhaustion later end it by exhaustion."""
    for crises, tired, absorbed, how in (
            ([(0, 1, war.WAR, 0, 1, DEMAND), (2, 3, SETTLED, 2, 3, 0)], (), {1}, "conquest"),
            ([(0, 1, SETTLED, 0, 1, 0), (2, 3, SETTLED, 2, 3, 0)], (3,), set(), "exhaustion")):
        model = _world(4, 4)
        model.open_wars[0] = fronts.OpenWar(2, "A", "B", "demand", set(NAMES[:4]), 0.5, "B", "A", 0, 3)
        model.front[0, 1] = model.front[1, 0] = model.front[2, 3] = model.front[3, 2] = 0
        model.wars_begun, model.war_wealth = 1, np.ones(4)
        campaigns = [(0, 1, 0.1, [])] if absorbed else []
        ended, _, _ = fronts.advance(model, _year(4, crises, campaigns, tired), NAMES[:4], absorbed, True)
        assert [record.ended for record in ended] == [how]
        assert model.open_wars == {}
