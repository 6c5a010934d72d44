"""THINGS TO NOTICE of cost-of-war, each claim over the scenario's default seeds and years."""

from lesson_support import ensemble, final


def _name(world):
    return f"cost-of-war/{world}"


def _cooperation(world):
    """Each seed's stage-game cooperation averaged over the run."""
    return ensemble(_name(world))[0].groupby("seed").cooperation_rate.mean()


def test_with_cheap_war_the_rivals_never_cooperate_and_trust_drains():
    """cheap-war: cooperation over the run below 2 % in every seed (measured 0); final mean trust below
    0.05 (measured about 0.02, from 0.3)."""
    assert (_cooperation("cheap-war") < 0.02).all()
    assert final(_name("cheap-war")).mean_trust.mean() < 0.05


def test_with_costly_war_they_mostly_cooperate_and_end_richer():
    """costly-war: cooperation over the run between 0.55 and 0.9 on average (measured 0.73); final mean
    trust between 0.1 and 0.35 (measured 0.22); final wealth 1.8 to 3.5 times the cheap-war pair's
    (ratio of means; measured about 2.5: 70 against 28)."""
    costly, cheap = final(_name("costly-war")), final(_name("cheap-war"))
    assert 0.55 < _cooperation("costly-war").mean() < 0.9
    assert 0.1 < costly.mean_trust.mean() < 0.35
    assert 1.8 < costly.welfare.mean() / cheap.welfare.mean() < 3.5


def test_no_war_is_fought_in_either_world():
    """No war in any seed of either world (both states are security seekers, offence not dominant)."""
    assert (final(_name("cheap-war")).wars == 0).all() and (final(_name("costly-war")).wars == 0).all()


def test_costly_war_does_not_make_cooperation_safe():
    """costly-war: at least two seeds cooperate over 90 % of the run (measured 6) and at least two
    under 55 % (measured 4; range 0.31 to 0.95); in at least two seeds the pair cooperated for ten
    years in a row and then not at all in its last 30 years (a cooperation that broke for good; measured 4, last
    cooperating in years 33 to 58; a fifth broke in year 82)."""
    cooperation = _cooperation("costly-war")
    assert (cooperation > 0.9).sum() >= 2 and (cooperation < 0.55).sum() >= 2
    world = ensemble(_name("costly-war"))[0].pivot(index="year", columns="seed", values="cooperation_rate")
    had_run = world.rolling(10).min().max() == 1
    broke = world.iloc[-30:].max() == 0
    assert (had_run & broke).sum() >= 2
