"""Analysis of a sweep's store: sensitivity indices and the claim map, as plain functions over the
store's tables (``runs``: one row per run; ``points``: the sampled points in sampler order).

What is computed
----------------
* :func:`point_means` — an outcome's mean over the replications at each sampled point.
* :func:`sensitivity` — how much each swept knob drives an outcome, from those means:

  - Sobol indices (Sobol' 1993; estimators of Saltelli 2002 and Saltelli et al. 2010, via
    ``SALib.analyze.sobol``): S1, the share of the outcome's variance due to the knob alone, and
    ST, the share including all its interactions (ST − S1 is what the knob does only together
    with others). Confidence intervals by bootstrap over the base sample.
  - Morris screening (Morris 1991; μ*, the mean absolute elementary effect, of Campolongo,
    Cariboni & Saltelli 2007, via ``SALib.analyze.morris``): μ* ranks the knobs (in outcome units
    per step of the knob's whole range), σ flags interactions or non-linearity.

  Both need the sampler's own design (Saltelli's or Morris's points, in order, an outcome at
  every one); a grid or Latin-hypercube sweep has no such design and is refused.
* :func:`paired_advantage` — the claim's first world against its second at the same point and
  replication, hence on the same seed (common random numbers: the difference is the doctrine's,
  not the dice's), signed so that a positive advantage always means the first world does better.
* :func:`claim_map` — where the first world does better: a classification tree (CART, Breiman,
  Friedman, Olshen & Stone 1984; ``sklearn.tree.DecisionTreeClassifier``) on the swept knobs,
  whose leaves are boxes of knob ranges, each with its coverage (share of all paired runs) and
  density (share of its runs where the first world does better), the two measures of scenario
  discovery (Bryant & Lempert 2010). PRIM (Friedman & Fisher 1999), as in the EMA Workbench
  (Kwakkel 2017), is the usual alternative: it peels one box at a time and can find denser
  boxes, but needs a person to choose along its peeling trajectory and an extra dependency. A
  shallow tree gives a few disjoint boxes that tile the whole swept space, readable as sentences,
  with scikit-learn that the project already uses.

Ties (the same outcome in both worlds, common for counts such as war onsets) are a class of their
own in the tree: neither dropped (that would shrink the denominators and inflate the densities)
nor counted against the first world (that would hide where the second one wins). Each region
reports the shares where the first world, the second world, or neither does better.

Failed runs have no outcome: they are left out, and the results say how many (``attrs`` of the
tables, ``left_out`` of a claim map).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.tree import DecisionTreeClassifier

from .spec import SweepSpec

#: The samplers whose designs the sensitivity analyses read.
SENSITIVITY_METHODS = ("sobol", "morris")


def point_means(runs: pd.DataFrame, outcome: str, world: str = "",
                n_points: int | None = None) -> np.ndarray:
    """The outcome's mean over the finished replications at each point, in point order (NaN at a
    point without a finished run). ``n_points`` (default: up to the largest point in ``runs``)
    keeps points that never ran."""
    rows = runs[runs["world"] == world]
    done = rows[(rows["status"] == "done") & rows[outcome].notna()]
    size = int(runs["point"].max()) + 1 if n_points is None else n_points
    return done.groupby("point")[outcome].mean().reindex(range(size)).to_numpy(float)


def sensitivity(spec: SweepSpec, points: pd.DataFrame, runs: pd.DataFrame, outcome: str,
                world: str | None = None, seed: int = 0, num_resamples: int = 100,
                conf_level: float = 0.95) -> pd.DataFrame:
    """Sensitivity indices of an outcome (mean over replications) to each swept knob, one row per
    knob: ``S1, S1_conf, ST, ST_conf`` (sobol) or ``mu_star, mu_star_conf, sigma`` (morris).

    ``world`` defaults to the claim's first world (or the scenario alone without a claim). The
    bootstrap of the confidence intervals draws from ``seed``, so the table is the same on every
    call. ``attrs`` holds the method, outcome, world, confidence level, the number of failed runs
    left out and, for second-order Sobol, the pair indices ``S2`` and ``S2_conf`` (knob × knob)."""
    method = spec.sampler.method
    if method not in SENSITIVITY_METHODS:
        raise ValueError(f"sensitivity indices need a sobol or morris sample, and this sweep's "
                         f"sampler is '{method}': set method = \"sobol\" (or \"morris\" to screen "
                         "many knobs cheaply) under [sampler] in the spec and run the sweep again")
    world = spec.worlds[0] if world is None else world
    if world not in spec.worlds:
        raise ValueError(f"no world '{world}' in this sweep (worlds: {', '.join(map(repr, spec.worlds))})")
    points = points.sort_values("point")
    means = point_means(runs, outcome, world, n_points=len(points))
    missing = int(np.isnan(means).sum())
    if missing:
        where = f" in world '{world}'" if world else ""
        raise ValueError(f"{method} indices need '{outcome}' at every sampled point: {missing} of "
                         f"{len(means)} points have no finished run{where} (resume the sweep to run them)")
    problem, names = spec.problem(), spec.names
    # a Generator, not the int: SALib's sobol.analyze tests `if seed:` and so ignores a seed of 0
    rng = np.random.default_rng(seed)
    if method == "sobol":
        from SALib.analyze import sobol

        if np.ptp(means) == 0:
            raise ValueError(f"'{outcome}' is the same at every point: there is no variance to apportion")
        result = sobol.analyze(problem, means, calc_second_order=spec.sampler.second_order,
                               num_resamples=num_resamples, conf_level=conf_level, seed=rng)
        table = pd.DataFrame({key: result[key] for key in ("S1", "S1_conf", "ST", "ST_conf")}, index=names)
        if spec.sampler.second_order:
            for key in ("S2", "S2_conf"):
                table.attrs[key] = pd.DataFrame(result[key], index=names, columns=names)
    else:
        from SALib.analyze import morris

        result = morris.analyze(problem, points[names].to_numpy(float), means,
                                num_resamples=num_resamples, conf_level=conf_level,
                                num_levels=spec.sampler.levels, seed=rng)
        table = pd.DataFrame({key: result[key] for key in ("mu_star", "mu_star_conf", "sigma")}, index=names)
    table.index.name = "knob"
    failed = int(((runs["world"] == world) & (runs["status"] != "done")).sum())
    table.attrs.update(method=method, outcome=outcome, world=world, conf_level=conf_level, left_out=failed)
    return table


def _claim_worlds(spec: SweepSpec) -> tuple[str, str]:
    if spec.claim is None or len(spec.claim.worlds) < 2:
        raise ValueError("a paired comparison needs a claim with at least two worlds: add "
                         "[claim.worlds.NAME] tables (or variants = [...]) to the spec")
    first, second = list(spec.claim.worlds)[:2]
    return first, second


def paired_advantage(spec: SweepSpec, runs: pd.DataFrame) -> pd.DataFrame:
    """The claim's first world (A) against its second (B), one row per (point, replication) where
    both finished: ``point, replication``, the knob values, and ``advantage_<criterion>`` for each
    criterion, A − B where higher is better and B − A where lower is better, so that a positive
    advantage always means A does better. ``attrs``: ``worlds`` (A, B) and ``left_out``, the
    number of pairs dropped because a run of theirs failed or is missing."""
    first, second = _claim_worlds(spec)
    keys = ["point", "replication"]
    done = runs[runs["status"] == "done"]
    a = done[done["world"] == first].set_index(keys)
    b = done[done["world"] == second].set_index(keys)
    paired = a.index.intersection(b.index).sort_values()
    a, b = a.loc[paired], b.loc[paired]
    frame = a[spec.names].reset_index()
    for criterion, better in spec.claim.criteria.items():
        difference = (a[criterion] - b[criterion]).to_numpy()
        frame[f"advantage_{criterion}"] = difference if better == "higher" else -difference
    attempted = runs[runs["world"].isin([first, second])].groupby(keys).ngroups
    frame.attrs.update(worlds=(first, second), left_out=attempted - len(frame))
    return frame


def _number(value: float) -> str:
    """Three significant digits, without an exponent for large values (1,230 not 1.23e+03)."""
    rounded = float(f"{value:.3g}")
    return f"{rounded:,.0f}" if abs(rounded) >= 1000 else f"{rounded:g}"


def _percent(share: float) -> str:
    """Whole percents, except that a share above 0 or below 1 never reads as 0 % or 100 %."""
    if 0 < share < 0.005:
        return "under 1 %"
    if 0.995 < share < 1:
        return "over 99 %"
    return f"{100 * share:.0f} %"


@dataclass(frozen=True)
class Region:
    """A box of the swept space: knob → (low, high), low < value ≤ high (the tree's cuts), None
    for an open side; knobs not named are unconstrained."""

    box: dict[str, tuple[float | None, float | None]]
    coverage: float  # share of all paired runs that fall in the box
    density: float  # share of the box's runs where A does better
    density_b: float  # share of the box's runs where B does better (the rest are ties)
    runs: int
    mean_advantage: float

    def contains(self, frame: pd.DataFrame) -> pd.Series:
        """Which rows of a frame with the knob columns lie in the box."""
        inside = pd.Series(True, index=frame.index)
        for name, (low, high) in self.box.items():
            if low is not None:
                inside &= frame[name] > low
            if high is not None:
                inside &= frame[name] <= high
        return inside

    def condition(self, short: bool = False) -> str:
        """The box in words ("0.2 ≤ a < 0.4 and b ≥ 1.3"), or compact ("0.2≤a<0.4, b≥1.3") for
        labels. The tree cuts midway between sampled values, so no run sits on a bound and the
        words can say "<" and "≥" as one reads them."""
        space, joiner = ("", ", ") if short else (" ", " and ")
        parts = []
        for name, (low, high) in self.box.items():
            if low is None:
                parts.append(f"{name}{space}<{space}{_number(high)}")
            elif high is None:
                parts.append(f"{name}{space}≥{space}{_number(low)}")
            else:
                parts.append(f"{_number(low)}{space}≤{space}{name}{space}<{space}{_number(high)}")
        return joiner.join(parts) if parts else "all"


@dataclass(frozen=True)
class ClaimMap:
    """Where world A does better than world B on one criterion."""

    criterion: str
    world_a: str
    world_b: str
    label: str  # plain words for "does better" on the criterion ("ends richer")
    share: float  # share of all paired runs where A does better
    share_b: float  # ... where B does better (the rest are ties)
    runs: int  # paired runs with both outcomes
    left_out: int  # pairs without both outcomes (a run failed or is missing)
    regions: tuple[Region, ...]  # by density, highest first

    def sentences(self) -> list[str]:
        """The map in plain sentences: overall, then one per region."""
        a, b, label = self.world_a, self.world_b, self.label
        ties = 1 - self.share - self.share_b
        overall = (f"Overall, {a} {label} than {b} in {_percent(self.share)} of {self.runs:,} paired "
                   f"runs, {b} in {_percent(self.share_b)}" + (f", tied in {_percent(ties)}" if ties > 0 else ""))
        if self.left_out:
            overall += f" ({self.left_out:,} pairs with a failed or missing run left out)"
        lines = [overall + "."]
        for region in self.regions:
            where = f"where {region.condition()}" if region.box else "across the whole swept range"
            share_of_all = f"({_percent(region.coverage)} of all runs)"
            ties = 1 - region.density - region.density_b
            if region.density > 0.5:
                lines.append(f"{a} {label} than {b} in {_percent(region.density)} of runs {where} {share_of_all}.")
            elif region.density_b > 0.5:
                lines.append(f"{b} {label} than {a} in {_percent(region.density_b)} of runs {where} {share_of_all}.")
            elif ties > 0.5:
                lines.append(f"{a} and {b} tie on {self.criterion} in {_percent(ties)} of runs {where} "
                             f"{share_of_all}.")
            else:
                lines.append(f"Neither world does better in most runs {where} {share_of_all}: {a} "
                             f"{label} than {b} in {_percent(region.density)}, {b} in "
                             f"{_percent(region.density_b)}, tied in {_percent(ties)}.")
        return lines


def _leaf_boxes(tree, names: list[str], node: int = 0, box: dict | None = None):
    """(leaf, box) of every leaf of a fitted sklearn tree: the cuts along the path to it."""
    box = box or {}
    left, right = tree.children_left[node], tree.children_right[node]
    if left == right:  # both -1: a leaf
        yield node, box
        return
    name, cut = names[tree.feature[node]], float(tree.threshold[node])
    low, high = box.get(name, (None, None))
    yield from _leaf_boxes(tree, names, left, {**box, name: (low, cut)})  # value ≤ cut
    yield from _leaf_boxes(tree, names, right, {**box, name: (cut, high)})


def _claim_map(spec: SweepSpec, advantage: pd.DataFrame, criterion: str, max_depth: int,
               min_share: float) -> ClaimMap:
    if criterion not in spec.claim.criteria:
        raise ValueError(f"'{criterion}' is not a criterion of the claim (criteria: "
                         f"{', '.join(spec.claim.criteria)})")
    column = f"advantage_{criterion}"
    rows = advantage.dropna(subset=[column])
    if rows.empty:
        raise ValueError(f"no pair of finished runs has '{criterion}' in both worlds")
    knobs, values = rows[spec.names].to_numpy(float), rows[column].to_numpy(float)
    outcome = np.sign(values)  # +1: A better, -1: B better, 0: tied
    tree = DecisionTreeClassifier(max_depth=max_depth, random_state=0,
                                  min_samples_leaf=max(1, math.ceil(min_share * len(rows))))
    leaves = tree.fit(knobs, outcome).apply(knobs)
    regions = []
    for leaf, box in _leaf_boxes(tree.tree_, spec.names):
        inside = leaves == leaf
        regions.append(Region(
            box={name: box[name] for name in spec.names if name in box},
            coverage=float(inside.mean()), density=float((outcome[inside] > 0).mean()),
            density_b=float((outcome[inside] < 0).mean()), runs=int(inside.sum()),
            mean_advantage=float(values[inside].mean())))
    regions.sort(key=lambda region: (-region.density, -region.coverage))
    a, b = advantage.attrs["worlds"]
    return ClaimMap(
        criterion=criterion, world_a=a, world_b=b,
        label=spec.claim.labels.get(criterion, f"does better on {criterion}"),
        share=float((outcome > 0).mean()), share_b=float((outcome < 0).mean()), runs=len(rows),
        left_out=advantage.attrs["left_out"] + len(advantage) - len(rows), regions=tuple(regions))


def claim_map(spec: SweepSpec, runs: pd.DataFrame, criterion: str, max_depth: int = 2,
              min_share: float = 0.05) -> ClaimMap:
    """Where the claim's first world does better than its second on one criterion: the leaves of
    a classification tree (at most ``max_depth`` cuts deep, each leaf holding at least
    ``min_share`` of the paired runs) over the knob values, labelled by the sign of the paired
    advantage (A better, B better, tied)."""
    return _claim_map(spec, paired_advantage(spec, runs), criterion, max_depth, min_share)


def map_axes(spec: SweepSpec, claim: ClaimMap) -> tuple[str, str]:
    """The two knobs a claim map's heatmap is drawn over: those its regions cut most, then the
    first swept ones (the same knob twice when only one is swept)."""
    cuts = [name for region in claim.regions for name in region.box]
    ranked = sorted(dict.fromkeys(cuts), key=lambda name: -cuts.count(name))
    axes = list(dict.fromkeys([*ranked, *spec.names]))
    return axes[0], axes[1] if len(axes) > 1 else axes[0]


def claim_maps(spec: SweepSpec, runs: pd.DataFrame, max_depth: int = 2,
               min_share: float = 0.05) -> dict[str, ClaimMap]:
    """The claim map of every criterion of the claim, in the claim's order."""
    advantage = paired_advantage(spec, runs)
    return {criterion: _claim_map(spec, advantage, criterion, max_depth, min_share)
            for criterion in spec.claim.criteria}
