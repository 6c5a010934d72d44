"""THINGS TO NOTICE of security-dilemma, each claim over the scenario's default seeds and years."""

from lesson_support import ensemble, final

NAME = "security-dilemma"


def _world():
    return ensemble(NAME)[0]


def _by_year(column):
    """The output per year (rows) and seed (columns)."""
    return _world().pivot(index="year", columns="seed", values=column)


def test_the_spiral_cooperation_stops_in_the_second_year_and_trust_drains():
    """Year 1: mutual cooperation in at least 95 % of dyads (mean over seeds; measured 1.0); years 2
    to 40: below 2 % in every seed (measured 0); mean trust from 0.3 at the start to below 0.06 by
    year 20 (measured about 0.03), lower at year 20 than at year 5 in every seed."""
    cooperation, trust = _by_year("cooperation_rate"), _by_year("mean_trust")
    assert cooperation.loc[1].mean() > 0.95
    assert (cooperation.loc[2:40].mean() < 0.02).all()
    assert abs(trust.loc[0].mean() - 0.3) < 1e-9 and trust.loc[20].mean() < 0.06
    assert (trust.loc[20] < trust.loc[5]).all()


def test_arms_race_peaks_around_a_sixth_of_wealth_and_stalls_the_economy():
    """Each seed's peak burden between 10 % and 22 % (measured 14 % to 17 %, mean about 15 %), reached
    between years 20 and 50 (measured 30 to 38); total wealth at year 50 below 1.5 times its start
    (mean; measured 24 against 20)."""
    burden = _by_year("military_burden")
    assert ((burden.max() > 0.10) & (burden.max() < 0.22)).all()
    assert burden.idxmax().between(20, 50).all()
    welfare = _by_year("welfare")
    assert welfare.loc[50].mean() < 1.5 * welfare.loc[0].mean()


def test_security_falls_as_arms_rise():
    """Mean security index at year 30 at least 0.1 below year 1 (measured 0.80 to 0.59) and at year
    200 below year 30 (measured 0.37)."""
    security = _by_year("security")
    assert security.loc[30].mean() < security.loc[1].mean() - 0.1
    assert security.loc[200].mean() < security.loc[30].mean()


def test_no_war_is_fought_though_crises_are_many():
    """No war in any seed; 150 to 450 crises a run on average (measured about 290), all settled
    (no coercion either: nobody demands); peace_share between 0.9 and 0.98 on average over the run
    (measured about 0.95: one neighbouring pair in twenty in crisis in a typical year)."""
    outcome = final(NAME)
    assert (outcome.wars == 0).all() and (outcome.coercions == 0).all()
    assert 150 <= outcome.crises.mean() <= 450
    assert 0.9 < _by_year("peace_share").loc[1:].mean().mean() < 0.98


def test_an_armed_mistrustful_peace_and_a_poor_world_at_the_end():
    """Final year: mutual cooperation below 5 % of dyads (mean; measured about 0.01), having been below
    2 % in every seed through year 150; mean trust below 0.15 (measured about 0.07); burden between
    2 % and 4 % (mean; measured 2.8 %), below each seed's own peak; welfare at most a twentieth of
    common-security's on the same seeds (ratio of means; measured about a fiftieth)."""
    outcome = final(NAME)
    assert outcome.cooperation_rate.mean() < 0.05
    assert (_by_year("cooperation_rate").loc[2:150].max() < 0.02).all()
    assert outcome.mean_trust.mean() < 0.15
    assert 0.02 < outcome.military_burden.mean() < 0.04
    assert (outcome.military_burden.values < _by_year("military_burden").max().values).all()
    assert outcome.welfare.mean() < final("common-security").welfare.mean() / 20
