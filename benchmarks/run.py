"""Speed and memory of the diplomacy model, measured against Mesa's own prisoner's dilemma in the
same run (ratios, so the figures mean the same on a faster or slower machine).

    make bench          # or: .venv/bin/python benchmarks/run.py

Prints: directed dyad-years per second for N = 50, 200, 1000 on a complete network with every
mechanism on (live dyads counted each year); the peer's directed dyad-plays per second
(mesa.examples.advanced.pd_grid, 50×50, Simultaneous, 8 neighbours each); the ratio at N = 200
(target ≥ 40), as the median over ROUNDS rounds that each time the peer and the model back to back;
the cost per dyad-year across N; the peak memory of a 200-state × 1000-year run with per-state data
collected (target ≤ 300 MB), measured in a fresh process; and the wall time of the dashboard's
compare computation (``runs.compare``: security-dilemma and common-security at 30
states × 20 seeds × 200 years; target ≤ 1 s), serially and on every core; and what alliances and
protracted wars (both off by default) add to a model-year at N = 200 (target ≤ 30 %), timed in
rounds back to back with the default world; and the dashboard map's redraw of one year at 30 and
200 states on a complete network (targets ≤ 0.3 s and ≤ 1 s), against drawing an empty figure of
the same size in the same run.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time

# N: (seeds, years timed per seed). Runs are kept short so that conquest does not shrink the world
# far below N (live dyads are counted each year all the same); construction is not timed.
SIZES = {50: (40, 25), 200: (8, 25), 1000: (1, 12)}
WARM_UP_YEARS = 3
# This machine's speed drifts by a quarter and more from one minute to the next, for the peer and
# the model alike; a ratio of two timings taken minutes apart measures the drift as much as the
# model. Each round times both back to back (a slow minute slows both), and the ratio reported is
# the median of the rounds' ratios.
ROUNDS = 5
RATIO_N = 200
# the dashboard's compare: these scenarios at this many states, seeds and years
COMPARED = ("security-dilemma", "common-security")
COMPARE_STATES, COMPARE_SEEDS, COMPARE_YEARS = 30, 20, 200
# the map: a complete network is the most a year can draw (435 pairs at 30 states, 19,900 at 200)
MAP_TARGETS = {30: 0.3, 200: 1.0}
MAP_YEARS = 12


def diplomacy_speed(n: int, seeds: int, years: int, **knobs) -> tuple[float, float]:
    """(directed dyad-years per second, seconds per year) of the model at n states."""
    from detente.model import DiplomacyModel

    dyads, elapsed = 0, 0.0
    for seed in range(seeds):
        model = DiplomacyModel(rng=seed, n_states=n, network="complete", collect_states=False, **knobs)
        model.run_for(WARM_UP_YEARS)
        start = time.perf_counter()
        for _ in range(years):
            dyads += model.directed_dyads.size
            model.step()
        elapsed += time.perf_counter() - start
    return dyads / elapsed, elapsed / (seeds * years)


def peer_speed(steps: int = 20, repeats: int = 1) -> float:
    """Directed dyad-plays per second of Mesa's spatial prisoner's dilemma, 50×50, Simultaneous: the
    best of ``repeats`` timings of ``steps`` steps."""
    from mesa.examples.advanced.pd_grid.model import PdGrid

    model = PdGrid(50, 50, activation_order="Simultaneous", rng=1)
    model.step()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            model.step()
        best = min(best, time.perf_counter() - start)
    plays = sum(len(list(agent.cell.neighborhood.agents)) for agent in model.agents)
    return plays * steps / best


def memory_run(n: int = 200, years: int = 1000) -> dict:
    """Run in this (fresh) process: peak resident memory of a run with per-state data collected."""
    from detente.model import DiplomacyModel

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # all win-win: no state is conquered, so all 200 are collected every year (the worst case)
    model = DiplomacyModel(rng=1, n_states=n, doctrine="win_win", collect_states=True)
    model.run_for(years)
    states = model.datacollector.get_agent_vars_dataframe()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"peak_mb": peak / 1024, "baseline_mb": before / 1024, "state_rows": len(states)}


def compare_speed(repeats: int = 5) -> dict:
    """Wall seconds of runs.compare: in this process, then in worker processes on every core, first
    starting them (cold: a fork server importing detente) and then reusing them (warm: the
    dashboard's case, which starts its workers when a page opens; ``repeats`` times, since this
    machine's speed drifts by 10-25 % from minute to minute). Checks that both give the same table."""
    from detente import runs
    from detente.scenarios import load

    scenarios = [load(name).with_knobs({"n_states": COMPARE_STATES}) for name in COMPARED]
    seeds = range(COMPARE_SEEDS)

    def timed(workers: int):
        start = time.perf_counter()
        table = runs.compare(scenarios, seeds, COMPARE_YEARS, workers=workers)
        return time.perf_counter() - start, table

    serial, expected = timed(1)
    cores = runs.available_cores()
    cold, table = timed(cores)
    if not table.equals(expected):
        raise AssertionError("compare in worker processes differs from the serial compare")
    warm = sorted(timed(cores)[0] for _ in range(repeats))
    model_years = len(scenarios) * COMPARE_SEEDS * COMPARE_YEARS
    return {"serial": serial, "cold": cold, "warm": warm[len(warm) // 2], "warm_best": warm[0],
            "warm_worst": warm[-1], "repeats": repeats, "cores": cores, "model_years": model_years}


def map_redraw(states: int) -> dict:
    """Seconds to show one year of the dashboard's map (take the year's snapshot from the recorded
    history, draw it, encode the PNG the browser gets), median over the years of a short run of
    common-security on a complete network; and an empty figure of the same size, drawn and encoded
    the same way (matplotlib's own fixed cost) as the peer."""
    import io

    from matplotlib.figure import Figure

    from detente.scenarios import load
    from detente.viz import charts, relations

    world = load("common-security").with_knobs({"n_states": states, "network": "complete"})
    history = relations.history(world, 0, MAP_YEARS)

    def shown(figure) -> None:  # as solara.FigureMatplotlib sends it
        figure.savefig(io.BytesIO(), format="png")

    times, empty = [], []
    for year in range(1, MAP_YEARS + 1):
        start = time.perf_counter()
        shown(charts.relation_map(*history.at(year), "year"))
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        shown(Figure(figsize=(4.6, 4.6), dpi=100))
        empty.append(time.perf_counter() - start)
    return {"redraw": statistics.median(times), "empty": statistics.median(empty),
            "pairs": states * (states - 1) // 2,
            "view": "network" if states <= charts.MATRIX_ABOVE else "matrix"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    if parser.parse_args().memory_child:
        print(json.dumps(memory_run()))
        return 0

    rounds = [(peer_speed(), *diplomacy_speed(RATIO_N, *SIZES[RATIO_N])) for _ in range(ROUNDS)]
    ratios = sorted(rate / peer for peer, rate, _ in rounds)
    peer = statistics.median(peer for peer, _, _ in rounds)
    print(f"peer  mesa pd_grid 50x50 Simultaneous: {peer / 1e6:8.2f} M directed dyad-plays/s (median "
          f"of {ROUNDS} rounds; {min(p for p, _, _ in rounds) / 1e6:.2f}-"
          f"{max(p for p, _, _ in rounds) / 1e6:.2f})")
    costs = {}
    for n, (seeds, years) in SIZES.items():
        if n == RATIO_N:
            rate = statistics.median(rate for _, rate, _ in rounds)
            per_year = statistics.median(per_year for _, _, per_year in rounds)
        else:
            rate, per_year = diplomacy_speed(n, seeds, years)
        costs[n] = 1e9 / rate
        print(f"detente N={n:5d} complete, all mechanisms: {rate / 1e6:8.2f} M directed dyad-years/s "
              f"({per_year * 1e3:7.2f} ms/year, {costs[n]:6.1f} ns per dyad-year, "
              f"{rate / peer:5.1f}x peer)")
    ratio = statistics.median(ratios)
    print(f"\nN={RATIO_N} vs peer, timed back to back in {ROUNDS} rounds: median {ratio:.1f}x "
          f"(rounds {', '.join(f'{r:.1f}' for r in ratios)}) (target >= 40x): "
          f"{'met' if ratio >= 40 else 'NOT met'}")
    spread = max(costs.values()) / min(costs.values())
    growth = costs[1000] / costs[50]
    print(f"cost per dyad-year, N=1000 / N=50: {growth:.2f} (no growth with N beyond 2x: "
          f"{'met' if growth <= 2 else 'NOT met'}); max/min over N: {spread:.1f}x "
          f"(fixed per-year overhead dominates at N=50)")

    child = subprocess.run([sys.executable, __file__, "--memory-child"], capture_output=True,
                           text=True, check=True)
    memory = json.loads(child.stdout)
    print(f"\n200 states x 1000 years, per-state data collected ({memory['state_rows']:,} state rows): "
          f"peak RSS {memory['peak_mb']:.0f} MB (interpreter and libraries alone: "
          f"{memory['baseline_mb']:.0f} MB) (target <= 300 MB): "
          f"{'met' if memory['peak_mb'] <= 300 else 'NOT met'}")

    # alliance and war bookkeeping: the same world with alliances and protracted wars on
    pairs = [(diplomacy_speed(RATIO_N, *SIZES[RATIO_N])[1],
              diplomacy_speed(RATIO_N, *SIZES[RATIO_N], alliances=True, protracted_wars=True)[1])
             for _ in range(ROUNDS)]
    extra = statistics.median(with_them / without - 1 for without, with_them in pairs)
    print(f"\nalliances and protracted wars on, N={RATIO_N}: "
          f"{statistics.median(w for _, w in pairs) * 1e3:.2f} against "
          f"{statistics.median(w for w, _ in pairs) * 1e3:.2f} ms/year, +{extra * 100:.0f} % (median of "
          f"{ROUNDS} rounds) (target <= 30 %): {'met' if extra <= 0.3 else 'NOT met'}")

    timing = compare_speed()
    print(f"\ncompare {' vs '.join(COMPARED)}, {COMPARE_STATES} states x {COMPARE_SEEDS} seeds x "
          f"{COMPARE_YEARS} years ({timing['model_years']:,} model-years): serial {timing['serial']:.2f} s "
          f"({timing['serial'] / timing['model_years'] * 1e6:.0f} us per model-year); "
          f"{timing['cores']} worker processes running: median {timing['warm']:.2f} s of {timing['repeats']} "
          f"(best {timing['warm_best']:.2f}, worst {timing['warm_worst']:.2f}); {timing['cold']:.2f} s "
          f"with their start (target <= 1 s): {'met' if timing['warm'] <= 1 else 'NOT met'}")

    print()
    for states, target in MAP_TARGETS.items():
        drawn = map_redraw(states)
        print(f"dashboard map, {states} states ({drawn['pairs']:,} pairs, {drawn['view']} view): "
              f"{drawn['redraw']:.3f} s a year (median of {MAP_YEARS}; an empty figure "
              f"{drawn['empty']:.3f} s, {drawn['redraw'] / drawn['empty']:.1f}x) (target <= {target} s): "
              f"{'met' if drawn['redraw'] <= target else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
