"""Alliances (switch: ``alliances``, off by default): balancing, bandwagoning and collective security.

States that do not stand alone count, in a crisis, on the power of those committed to them:

    power in a crisis_i = power_i + backing_i,     backing_i = reliability · Σ_j committed_ij · power_j

which both sides of every crisis weigh when they bargain, and which decides the odds of the war
that follows (``Year.backing``, read by the war mechanism; a state weighing preventive war projects
its own power at the growth of its economy, not its allies'). Committed partners are

- **allies**, for states whose doctrine seeks allies (zero-sum: ``Doctrine.alignment = "balance"``).
  Each year such a state finds its most threatening neighbour by Walt's (1987) balance of threat:
  ``reach_ik · power_k · (1 − trust_ik)`` (power, nearness and offensive reach, intentions). If that
  threat is stronger than the state and its allies together, it **balances** (Waltz 1979; Walt 1987):
  it allies with its strongest neighbour that also borders the threat, fears the threat more than it
  fears the state (trust), is not in conflict with it and is not allied with the threat. A state
  weaker than ``bandwagon_below`` times the threat cannot balance it and **bandwagons**: it allies
  with the threat itself (Walt 1987; Schweller 1994). One new alliance per state a year.
- **fellow members of collective security**, for states whose doctrine practises it (win-win:
  ``alignment = "collective"``): each counts on every neighbour that practises it too, against any
  aggressor, whoever it is (Claude 1962; Kupchan & Kupchan 1991).

Commitments are honoured with probability ``alliance_reliability`` (Leeds, Long & Mitchell 2000 find
allies honoured about three in four commitments in wars 1816–1944): in bargaining a state counts on
that share of its partners' power. When a state goes to war, each of its partners is put to the test
(once a year, by the war mechanism). Where wars are protracted (``fronts.py``), an ally of a
self-help state weighs it as well: it comes only if its ally, alone against its opponent this year,
risks losing more than fighting would cost the partner, that loss weighed as the threat the
opponent's gain would make to the partner (its reach: offence dominance over distance, as in
perception). A partner whose ally can hold, or whose enemy's gains would not reach it, waits and
passes the buck; one whose ally would fall to a power that could then strike it comes at once:
chain-ganging where offence dominates, buck-passing where defence does (Christensen & Snyder 1990;
Jervis 1978; ``gains_by_reach`` off weighs the gain by its size alone, which takes the pattern
away). Members of collective security come whatever it costs them (Claude 1962). One that
honours it fights beside it — its power counts in the
war's odds and it pays the war's cost on its own wealth and arms, so that wars spread along
alliances (Siverson & Starr 1991) and grow in severity; one that defaults is dropped, and the
betrayed state's belief that it is a security seeker falls as after a defection in the stage game
(``trust.EVIDENCE``). Alliances also end when their members come into conflict with each other, and
with conquest (the conquered state's rows leave the arrays).

Simplifications, stated: a partner's power is counted whole in every crisis of the year (it is not
divided among several crises, unless wars are protracted: see fronts.py); partners share a war's costs,
not its spoils.
"""

from __future__ import annotations

import numpy as np

from . import alliances_kernel
from ..knobs import Knob, knob_table
from ..outputs import Output
from .base import Mechanism
from .trust import EVIDENCE

# how a pair came to be allied (the compiled kernel's codes)
NOT_ALLIED, BALANCING, BANDWAGONING = (int(code) for code in alliances_kernel.Alignment)


class Alliances(Mechanism):
    """Balancing and bandwagoning alliances, and collective security."""

    name = "alliances"
    doc = ("alliances: zero-sum states balance against (or bandwagon with) the most threatening "
           "neighbour, win-win states practise collective security (off: every state stands alone)")
    source = "Waltz 1979; Walt 1987; Schweller 1994; Leeds, Long & Mitchell 2000"
    on_by_default = False
    knobs = knob_table(
        Knob("bandwagon_below", 0.25, "float", "a state weaker than this share of its main threat's "
             "power bandwagons with it instead of balancing", "Walt 1987; Schweller 1994",
             low=0.0, high=1.0),
        Knob("alliance_reliability", 0.75, "float", "chance that an ally honours its commitment in "
             "a war; the share of its power a state counts on", "Leeds, Long & Mitchell 2000",
             low=0.0, high=1.0),
        Knob("gains_by_reach", True, "bool", "where wars are protracted, a self-help ally weighs what "
             "its partner's enemy would gain by the threat it makes to the ally (offence dominance "
             "over distance); off: by the gain's size alone", "Jervis 1978; Christensen & Snyder 1990"),
    )
    dyad_arrays = {"alignment": NOT_ALLIED}  # alignment[i, j]: how i and j came to be allied
    outputs = (
        Output("alliances", "alliances (blocs of two or more allied states)", "alliances", "level", 0.0),
        Output("allied_share", "share of living states in an alliance", "share", "level", 0.0, 1.0),
        Output("balancing_share", "share of allied pairs formed by balancing (the rest bandwagoned)",
               "share", "level", 0.0, 1.0),
    )

    def setup(self, model):
        model.alignment = np.zeros((model.n, model.n), dtype=np.int8)

    def decide(self, model, year):
        by_code = np.array([d.alignment for d in model.doctrine_list])[model.code]
        alignment, _ = alliances_kernel.align(
            model.alignment, model.adjacency, model.reach, model.power, model.trust, model.hostile,
            by_code == "balance", model.params.bandwagon_below)
        collective = by_code == "collective"
        year.partners = alignment != NOT_ALLIED
        if np.count_nonzero(collective):  # (a fifth of a 200-state year's alliance cost, else)
            year.partners |= collective[:, None] & collective[None, :] & model.adjacency
        year.reliability = model.params.alliance_reliability
        # self-help allies come only if it pays them (war.py), which they can judge only where a
        # war lasts: a partner can wait while its ally holds (buck-passing) only if it can still
        # come next year; where one campaign decides a war, a commitment is kept or broken at once
        year.weighs = by_code == "balance" if model.params.protracted_wars else None
        year.backing = alliances_kernel.backing(year.partners, model.power, year.reliability)
        return alignment

    def apply(self, model, year):
        alignment = year.get(self.name)
        conflict = year.get("war")
        if conflict is not None and conflict.crises:
            # allies in conflict with each other part; a partner that defaulted in a war (the war
            # mechanism put each to the test) is dropped and read as a defection (trust.py)
            alignment[conflict.i, conflict.j] = alignment[conflict.j, conflict.i] = NOT_ALLIED
            betrayed, defaulter = conflict.defaults
            alignment[betrayed, defaulter] = alignment[defaulter, betrayed] = NOT_ALLIED
            learned = year.get("trust")  # next year's (belief, trust), applied after this
            if learned is not None and betrayed.size:
                belief, trust = learned
                belief[betrayed, defaulter] -= model.params.trust_rate * EVIDENCE["defection"]
                trust[betrayed, defaulter] = 1 / (1 + np.exp(-belief[betrayed, defaulter]))
        model.alignment = alignment

    def report(self, model, year):
        if not np.count_nonzero(model.alignment):  # (always so with the switch off)
            return {"alliances": 0.0, "allied_share": 0.0, "balancing_share": float("nan")}
        labels, count, pairs, balancing = alliances_kernel.blocs(model.alignment)
        return {"alliances": float(count), "allied_share": float(np.mean(labels >= 0)),
                "balancing_share": balancing / pairs}


def bloc_name(model, slot: int) -> str:
    """The alliance bloc a state belongs to, named after its member with the lowest slot ("" if it
    has no ally); worked out once for each alignment matrix (a new one each year), when first asked."""
    key = (model.year, id(model.alignment), model.n)
    cached = getattr(model, "_alliance_blocs", None)
    if cached is None or cached[0] != key:
        labels = (alliances_kernel.blocs(model.alignment)[0] if np.count_nonzero(model.alignment)
                  else np.full(model.n, -1))
        names = [state.name for state in model.states]
        model._alliance_blocs = cached = (key, [names[label] if label >= 0 else "" for label in labels.tolist()])
    return cached[1][slot]
