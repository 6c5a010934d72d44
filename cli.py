"""The `detente` command line: run scenarios headless, list knobs, show the demo comparison."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
import textwrap
import unicodedata
from pathlib import Path
from typing import Any

from .model import ParameterError
from .model.diplomacy import STATE_FIELDS
from .model.knobs import WORLD_KNOBS, parse_setting
from .model.outputs import MAIN_OUTPUTS, PLOTTED_OUTPUTS, STATE_OUTPUTS, world_outputs
from .model.doctrines import DOCTRINES
from .model import reference
from . import limits, runs
from .scenarios import (HERE as SHIPPED, LESSON_SECTIONS, MAX_YEARS, ScenarioError, available, load,
                        short_labels)



#: What the demo follows over time: the spiral (trust, cooperation and arms) and the community.
DEMO_TRAJECTORY = ("mean_trust", "cooperation_rate", "military_burden", "community_size")


class UsageError(Exception):
    """A command-line value that cannot be used (exit 2)."""


def _settings(pairs: list[str] | None) -> dict[str, Any]:
    return dict(parse_setting(pair) for pair in pairs or [])


def writable(path: str | None, suffixes: tuple[str, ...], option: str) -> None:
    """Check an output path before any work: its suffix, an existing folder, and that a file can be
    made there; UsageError naming the option and the path otherwise."""
    if path is None:
        return
    target = Path(path)
    if target.suffix not in suffixes:
        raise UsageError(f"{option} {path}: the file must end in {' or '.join(suffixes)}")
    if target.is_dir():
        raise UsageError(f"{option} {path}: is a folder; give a file name")
    if not target.parent.is_dir():
        raise UsageError(f"{option} {path}: the folder {target.parent} does not exist")
    try:  # a probe file, removed at once: the only sure test that the file can be written
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", suffix=".probe"):
            pass
    except OSError as err:
        raise UsageError(f"{option} {path}: cannot write there: {err.strerror}") from None


def write_table(table, path: str) -> None:
    """Write a table to .csv or .parquet atomically (a temporary file renamed into place)."""
    target = Path(path)
    if target.suffix not in (".csv", ".parquet"):
        raise UsageError(f"{path}: output files must end in .csv or .parquet")
    if not target.parent.exists():
        raise UsageError(f"{path}: the folder {target.parent} does not exist")
    temporary = target.with_name(f".{target.name}.partial")
    try:
        if target.suffix == ".csv":
            table.to_csv(temporary, index=False)
        else:
            table.to_parquet(temporary, index=False)
        os.replace(temporary, target)
    except OSError as err:
        temporary.unlink(missing_ok=True)
        raise UsageError(f"{path}: cannot write: {err.strerror}") from None


#: Runs estimated to take longer than this (seconds) say so first and show a progress bar, on a
#: terminal or in a log
LONG_RUN_SECONDS = 5


def sized_up(scenarios, seeds: int, years: int, per_state: bool = False) -> bool:
    """Check, before any work, that the runs fit this machine's memory (UsageError with the
    estimate and how to proceed otherwise); say how long they will take if that is long. True if
    they are long (show progress)."""
    states = max(limits.states_of(s) for s in scenarios)
    total = len(scenarios) * seeds
    needed = limits.estimate(states, years, total, runs.default_workers(total, years), per_state)
    try:
        limits.check_fits(needed, f"{total:,} run(s) of {years:,} years of {states:,} states")
    except limits.TooBig as err:
        raise UsageError(str(err)) from None
    if needed.seconds > LONG_RUN_SECONDS:
        print(f"{total:,} run(s) of {years:,} years of {states:,} states: {needed.text()}",
              file=sys.stderr)
    return needed.seconds > LONG_RUN_SECONDS


def cmd_run(args) -> int:
    for option, path in (("--out", args.out), ("--agents", args.agents), ("--wars", args.wars)):
        writable(path, (".csv", ".parquet"), option)
    shown = _chosen_outputs(args.outputs, MAIN_OUTPUTS)
    scenario = load(args.scenario).with_knobs(_settings(args.set))
    years = args.years or scenario.years
    count = args.seeds or 1
    seeds = list(range(args.seed, args.seed + count))
    long = sized_up([scenario], count, years, per_state=bool(args.agents))
    world, states, wars = runs.tables(scenario, seeds, years, collect_states=bool(args.agents),
                                      collect_wars=bool(args.wars), progress=long)
    if args.out:
        write_table(world, args.out)
    if args.agents:
        write_table(states, args.agents)
    if args.wars:
        write_table(wars, args.wars)
    print(f"{scenario.id}: {count} seed(s) from {args.seed}, {years} years")
    _print_table(runs.final_outcomes(world, shown))
    return 0


def cmd_demo(args) -> int:
    scenarios = [load(name) for name in ("security-dilemma", "common-security")]
    world = runs.compare(scenarios, range(args.seeds), args.years, progress=sys.stderr.isatty())
    print(f"Final outcomes after {args.years} years, mean [{runs.INTERVAL}] over {args.seeds} seeds "
          "(wars: total per run)")
    _print_table(runs.final_outcomes(world, MAIN_OUTPUTS))
    print("\nHow the runs got there: means over seeds at some years, and the peak")
    trajectory = runs.trajectory(world, DEMO_TRAJECTORY, (0, 1, 10, 20, 50, args.years))
    print(trajectory.to_string(float_format="{:.3g}".format, na_rep="—"))
    if trajectory.isna().any().any():
        print("—: no value that year in any seed (a rate of plays has none before the first year's plays)")
    return 0


def cmd_war_sizes(args) -> int:
    import pandas as pd

    from . import war_sizes

    writable(args.plot, (".png",), "--plot")
    for option, path in (("--out", args.out), ("--wars", args.wars)):
        writable(path, (".csv", ".parquet"), option)
    # a scenario with variants (war-sizes) stands for all of them, as in compare
    worlds = [world.with_knobs(_settings(args.set)) for world in load(args.scenario).expand()]
    years = args.years or worlds[0].years
    seeds = list(range(args.seed, args.seed + (args.seeds or worlds[0].seeds)))
    long = sized_up(worlds, len(seeds), years)
    tables, fitted = [], []
    for scenario in worlds:
        world, _, wars = runs.tables(scenario, seeds, years, collect_wars=True, progress=long)
        tables.append((world, wars))
        sizes = war_sizes.relative_severity(world, wars)
        print(f"{scenario.id}: {len(seeds)} seed(s) from {args.seed}, {years} years: {len(wars):,} wars, "
              f"{sizes.size:,} of them destructive")
        if sizes.size < war_sizes.MIN_TAIL:
            raise UsageError(f"{scenario.id}: {sizes.size} destructive wars; a fit needs at least "
                             f"{war_sizes.MIN_TAIL}: add seeds (--seeds) or years (--years)")
        result = war_sizes.measure(sizes, draws=args.bootstrap, seed=args.seed)
        _print_war_sizes(result, sizes, args.bootstrap)
        fitted.append((scenario.id, sizes, result.fit))
    low, high = war_sizes.RICHARDSON_SLOPES
    print(f"\nseverity: the wealth a war destroyed, as a share of the world's wealth the year before it "
          f"began; Richardson's data: slope {low} to {high} (interstate wars 1820-1997, Cederman 2003)")
    if args.out:
        write_table(pd.concat([world for world, _ in tables], ignore_index=True), args.out)
    if args.wars:
        write_table(pd.concat([wars for _, wars in tables], ignore_index=True), args.wars)
    if args.plot:
        from .viz import charts  # matplotlib figures, no solara

        charts.war_sizes(fitted).savefig(args.plot, dpi=110)
        print(f"plot: {args.plot}")
    return 0


def _print_war_sizes(result, sizes, draws: int) -> None:
    from . import war_sizes

    fit = result.fit
    print(f"  power law above {fit.xmin:.2g} ({fit.tail:,} wars): CCDF slope {fit.slope:.2f} over "
          f"{fit.decades:.1f} orders of magnitude, to the largest war ({sizes[-1]:.2g})")
    plausible = ("not computed (--bootstrap 0)" if draws == 0 else
                 f"p = {result.p_value:.2f} from {draws} bootstrap samples "
                 f"(at least {war_sizes.PLAUSIBLE} is plausible)")
    print(f"  distance to the data (Kolmogorov-Smirnov) {fit.ks:.3f}; exact power law: {plausible}")
    favoured = "the power law" if result.lognormal_ratio > 0 else "the log-normal"
    print(f"  against a log-normal on the same wars: ratio {result.lognormal_ratio:+.2f} "
          f"(p = {result.lognormal_p:.2f}), favouring {favoured}"
          + ("" if result.lognormal_p < 0.1 else ", not significantly"))
    print(f"  above the median: least-squares slope {result.median_slope:.2f} over "
          f"{result.median_decades:.1f} orders of magnitude")
    print(f"  verdict: {war_sizes.verdict(result)}")


def cmd_scenarios(args) -> int:
    rows = []
    for name in available():
        scenario = load(name)
        rows.append((name, scenario.summary))
        rows += [(f"  {world.id}", world.summary) for world in scenario.expand() if scenario.variants]
    width = max(len(name) for name, _ in rows) + 2
    for name, summary in rows:
        print(f"{name:{width}}{summary}")
    return 0


def cmd_explain(args) -> int:
    scenario = load(args.scenario)
    print(f"{scenario.title} ({scenario.id})\n{scenario.summary}\n")
    if scenario.theory:
        print(f"THEORY\n{textwrap.fill(scenario.theory, 96)}\n")
    for key, heading in LESSON_SECTIONS.items():
        if scenario.lesson.get(key):
            print(f"{heading}\n{textwrap.fill(scenario.lesson[key], 96)}\n")
    if scenario.lesson.get("questions"):
        print("DISCUSSION QUESTIONS")
        for number, question in enumerate(scenario.lesson["questions"], 1):
            print(textwrap.fill(question, 96, initial_indent=f"{number}. ", subsequent_indent="   "))
        print()
    shipped = scenario.path is not None and scenario.path.parent == SHIPPED
    name = scenario.id if shipped else str(scenario.path or scenario.id)  # what the commands accept
    if scenario.variants:
        print(f"VARIANTS (detente compare {name} runs them all)")
        for world in scenario.expand():
            print(textwrap.fill(f"{world.id}: {world.summary}", 96, subsequent_indent="    "))
        print()
    if scenario.compare_with:
        print(f"COMPARE WITH\n{', '.join(scenario.compare_with)}  "
              f"(detente compare {name} {' '.join(scenario.compare_with)})\n")
    if scenario.references:
        print("REFERENCES\n" + "\n".join(f"- {ref}" for ref in scenario.references) + "\n")
    print(f"FILE\n{scenario.path}  (copy it, or write a file with extends = \"{scenario.id}\")")
    return 0


def cmd_validate(args) -> int:
    scenario = load(args.file)
    print(f"{args.file}: valid scenario '{scenario.id}' ({len(scenario.knobs)} knobs set, "
          f"{len(scenario.states) if scenario.states else 'no'} named states)")
    return 0


def cmd_compare(args) -> int:
    printed = _chosen_outputs(args.outputs, MAIN_OUTPUTS)
    plotted = _chosen_outputs(args.outputs, PLOTTED_OUTPUTS)
    settings = _settings(args.set)
    writable(args.plot, (".png",), "--plot")
    writable(args.out, (".csv", ".parquet"), "--out")
    # a scenario with variants (jervis-four-worlds) stands for all of them
    loaded = [load(name) for name in args.scenarios]
    scenarios = [world.with_knobs(settings) for scenario in loaded for world in scenario.expand()]
    ids = [s.id for s in scenarios]
    if len(set(ids)) < len(ids):
        raise UsageError(f"compare: scenario ids must differ, got {ids}")
    years = args.years or scenarios[0].years
    seeds = list(range(args.seed, args.seed + (args.seeds or scenarios[0].seeds)))
    long = sized_up(scenarios, len(seeds), years)
    for name, scenario in zip(args.scenarios, loaded):  # once all is checked: an error is one line
        if scenario.variants:
            print(f"{name}: comparing its variants ({', '.join(scenario.variants)}), not its base world",
                  file=sys.stderr)
    world = runs.compare(scenarios, seeds, years, progress=long)
    if args.out:
        write_table(world, args.out)
    labels = short_labels(ids)
    shown = world.assign(scenario=world.scenario.map(labels))
    if labels[ids[0]] != ids[0]:
        print(f"{ids[0].partition('/')[0]}: its {len(ids)} variants, labelled by variant name")
    print(f"{len(seeds)} seeds ({seeds[0]}..{seeds[-1]}, the same for every scenario), {years} years; "
          f"final outcomes, mean [{runs.INTERVAL}] (wars: total per run)")
    _print_table(runs.final_outcomes(shown, printed))
    if len(scenarios) > 1:
        print(f"\nDifferences to {ids[0]}, paired by seed, mean [{runs.INTERVAL}]")
        _print_table(runs.paired_differences(shown, printed))
    if args.plot:
        runs.plot_over_time(shown, plotted, args.plot)
        print(f"\nplot: {args.plot}")
    return 0


def _chosen_outputs(text: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    """The world outputs named by --outputs (comma-separated), checked before any run; the default
    when it is not given."""
    if text is None:
        return default
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    known = [output.name for output in world_outputs()]
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise UsageError(f"--outputs: {name!r} is not a world output{hint} (`detente outputs` lists them)")
    if not names:
        raise UsageError("--outputs: name at least one world output, e.g. --outputs wars,states_alive")
    return names


def _print_table(summary) -> None:
    """A table of outcomes, with a note when some cells rest on fewer seeds than the run had."""
    table = runs.side_by_side(summary)
    print(table)
    if "(n=" in table:
        print("(n=k): only k seeds had a value, e.g. no cooperation rate once a single state is left")


def cmd_knobs(args) -> int:
    if args.markdown:
        print(reference.markdown(), end="")
        return 0
    print("World knobs (set with --set name=value):")
    for knob in WORLD_KNOBS.values():
        print(f"  {knob.name:22} default {knob.default!s:18} {knob.allowed()}")
        print(f"  {'':22} {knob.doc}" + (f" [{knob.source}]" if knob.source else ""))
    for name, cls in DOCTRINES.items():
        print(f"\n{name} knobs (set with --set {name}.knob=value):")
        for knob in cls.knobs.values():
            print(f"  {knob.name:22} default {knob.default!s:18} {knob.allowed()}")
            print(f"  {'':22} {knob.doc}" + (f" [{knob.source}]" if knob.source else ""))
    print("\nFields of a named state in a scenario's [[states]]: " + ", ".join(STATE_FIELDS))
    return 0


def cmd_outputs(args) -> int:
    print("Yearly world outputs (columns of --out tables; a count is summed over a run in the "
          "outcome tables, a level is read in the final year):")
    for output in world_outputs():
        print(f"  {output.name:22} {output.kind:6} {output.range_text():10} {output.unit}")
        print(f"  {'':22} {output.meaning}")
    print("\nPer-state outputs (columns of --agents tables):")
    for name, meaning in STATE_OUTPUTS.items():
        print(f"  {name:22} {meaning}")
    return 0


def cmd_limits(args) -> int:
    print("Limits, the same wherever they apply: scenario files, sweep specs, this command line and "
          "the dashboard:")
    for limit in limits.LIMITS.values():
        print(f"  {limit.name:8} {limit.low:>9,} to {limit.high:>9,}  {limit.meaning}")
    print("\n" + textwrap.fill(
        f"Within them a run must also fit this machine: {limits.available_memory() / 2**30:.1f} GB of "
        "memory available now. `run` and `compare` estimate a run's time and peak memory before it "
        "starts and refuse one whose memory would not fit (a world's memory grows as the square of "
        "its states).", 96))
    return 0


def cmd_dashboard(args) -> int:
    """Serve the dashboard with solara (replacing this process), its assets from the local cache."""
    from .viz import assets
    from .viz.sweep_stores import SWEEPS_ENV

    try:
        assets.install()
    except RuntimeError as err:
        raise UsageError(str(err)) from None
    # no telemetry calls (offline classrooms); and no warning on every start that cookies on plain
    # http fall back to samesite=lax, which is what a dashboard served on this machine wants (after
    # the user's own warning filters, so that it wins for this one message)
    cookie_warning = "ignore:Cookies with samesite=none require https:UserWarning"
    # the Sweeps page lists the stores in this one folder (absolute: solara may change directory)
    # no "This website runs on Solara" banner: it sits over the bottom right of the page, on a chart
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "SOLARA_THEME_SHOW_BANNER": "False",
           "PYTHONWARNINGS": ",".join(filter(None, [os.environ.get("PYTHONWARNINGS"), cookie_warning])),
           SWEEPS_ENV: str(Path(args.sweeps).expanduser().absolute())}
    command = [sys.executable, "-m", "solara", "run", "detente.viz.app", "--host", args.host,
               "--port", str(args.port), "--production"]
    print(f"detente dashboard: http://{args.host}:{args.port}/ (Ctrl-C stops it); sweeps from "
          f"{env[SWEEPS_ENV]}", flush=True)
    os.execve(sys.executable, command, env)


EXAMPLES = """examples:
  detente scenarios
  detente explain thucydides-trap
  detente compare thucydides-trap peaceful-transition --plot transition.png
  detente run security-dilemma --seeds 10 --out world.csv
  detente dashboard
"""


def _spec(name_or_path: str):
    """A sweep spec: a shipped one by id (sweeps/specs/ID.toml) or a .toml path."""
    from .sweeps import load_spec
    from .sweeps.spec import shipped_spec

    return load_spec(shipped_spec(name_or_path) or name_or_path)


def cmd_sweep(args) -> int:
    from .sweeps.run import executor_for, run_sweep

    spec = _spec(args.spec)
    store = args.store or f"{spec.id}-sweep"
    with executor_for(args.workers, args.scheduler, args.dask_local) as (executor, workers):
        where = (f"the Dask cluster at {args.scheduler}" if args.scheduler else
                 f"a Dask LocalCluster of {workers}" if args.dask_local else f"{workers} local processes")
        print(f"sweep {spec.id}: {len(spec.factors)} knobs, sampler {spec.sampler.method}, "
              f"{spec.seeds} seeds x {len(spec.worlds)} world(s) per point, {spec.years} years; "
              f"on {where}; store {store}", file=sys.stderr)
        summary = run_sweep(spec, store, executor, workers, resume=args.resume, progress=True)
    if summary["redone"]:
        print(f"{summary['redone']:,} runs whose stored series was damaged ran again", file=sys.stderr)
    print(f"{summary['ran']:,} runs in {summary['seconds']:.1f} s ({summary['failed']:,} failed; "
          f"{summary['skipped']:,} already in the store); store: {store}")
    if summary["failed"]:
        print(f"failed runs are listed with their errors: SELECT run, error FROM runs WHERE status = "
              f"'failed' (duckdb {store}/sweep.duckdb)", file=sys.stderr)
    return 0


def cmd_analyze(args) -> int:
    from .sweeps import analyze, load, load_points
    from .sweeps.store import stored_spec

    spec = stored_spec(args.store)
    frame = load(args.store)
    points = load_points(args.store)
    failed = int((frame.status == "failed").sum())
    planned = len(points) * len(spec.worlds) * spec.seeds
    print(f"{spec.id}: {len(frame):,} of {planned:,} runs in the store ({failed:,} failed); "
          f"sampler {spec.sampler.method} over {', '.join(spec.names)}")
    columns = spec.outcomes.columns()
    if args.outcome and args.outcome not in columns:
        raise UsageError(f"--outcome {args.outcome}: not a recorded outcome (recorded: {', '.join(columns)})")
    outcomes = [args.outcome] if args.outcome else columns
    plots = Path(args.plots) if args.plots else None
    if plots:
        from .sweeps import plots as draw

        plots.mkdir(parents=True, exist_ok=True)
    if spec.sampler.method in ("sobol", "morris"):
        for outcome in outcomes:
            for world in spec.worlds:
                table = analyze.sensitivity(spec, points, frame, outcome, world=world)
                print(f"\nsensitivity of {outcome}{f' ({world})' if world else ''}:")
                print(table.round(3).to_string())
                if plots:
                    draw.sensitivity_bars(table, plots / f"sensitivity-{outcome}{f'-{world}' if world else ''}.png",
                                          outcome)
    if spec.claim:
        maps = analyze.claim_maps(spec, frame)
        advantage = analyze.paired_advantage(spec, frame)
        for criterion, claim in maps.items():
            if args.outcome and criterion != args.outcome:
                continue
            print(f"\nclaim map, {criterion}:")
            for sentence in claim.sentences():
                print(textwrap.fill(sentence, 100, initial_indent="  ", subsequent_indent="    "))
            if plots:
                x, y = analyze.map_axes(spec, claim)
                draw.heatmap(advantage, x, y, f"advantage_{criterion}", plots / f"claim-{criterion}.png",
                             regions=claim)
                draw.distributions(advantage, claim, plots / f"claim-{criterion}-by-region.png")
    elif spec.sampler.method not in ("sobol", "morris"):
        print("\nno claim and no sensitivity sample: read the store with detente.sweeps.load() or SQL")
    if plots:
        print(f"\nplots in {plots}/")
    return 0


def _command(sub, name: str, help: str, handler, *examples: str) -> argparse.ArgumentParser:
    """A subcommand whose --help ends with worked examples."""
    epilog = "examples:\n" + "\n".join(f"  detente {name} {example}".rstrip() for example in examples)
    command = sub.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".",
                             epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    command.set_defaults(handler=handler)
    return command


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="detente", description="Agent-based simulation of international relations: "
        "zero-sum and win-win doctrines side by side.", epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = _command(sub, "run", "run a scenario headless and write its outputs", cmd_run,
                   "security-dilemma --years 200 --seed 1 --seeds 10",
                   "common-security --set win_win.generosity=0.3 --set war=false --out world.csv",
                   "jervis-four-worlds/defense-distinguishable --seeds 12",
                   "my-world.toml --agents states.parquet",
                   "realpolitik --seeds 10 --wars wars.csv")
    run.add_argument("scenario", metavar="NAME_OR_FILE",
                     help="a shipped scenario id, ID/VARIANT, or a .toml path")
    _add_ensemble_options(run, seeds_default="1")
    _add_outputs_option(run, "print")
    run.add_argument("--agents", metavar="FILE", help="per-state outputs per year, .csv or .parquet")
    _add_wars_option(run)

    demo = _command(sub, "demo", "security-dilemma vs common-security, final outcomes side by side",
                    cmd_demo, "", "--seeds 20 --years 100")
    demo.add_argument("--years", type=_years, default=200)
    demo.add_argument("--seeds", type=_seeds, default=10)

    sizes = _command(sub, "war-sizes", "fit Richardson's power law to the sizes of a scenario's wars",
                     cmd_war_sizes, "war-sizes --plot war-sizes.png",
                     "war-sizes/escalating --set zero_sum.overmatch=3 --wars wars.csv",
                     "realpolitik --seeds 24 --years 500 --set protracted_wars=true --set escalation=true",
                     "my-world.toml --bootstrap 0")
    sizes.add_argument("scenario", metavar="NAME_OR_FILE",
                       help="a shipped scenario id (with variants: each of them), ID/VARIANT, or a .toml path")
    _add_ensemble_options(sizes, seeds_default="the scenario's")
    _add_wars_option(sizes)
    sizes.add_argument("--bootstrap", type=_natural, default=100, metavar="N",
                       help="synthetic samples for the fit's plausibility (default 100; 0 skips it)")
    sizes.add_argument("--plot", metavar="FILE.png", help="the wars' CCDF on log-log axes, with the fit")

    _command(sub, "scenarios", "list the shipped scenarios with one-line summaries", cmd_scenarios, "")

    explain = _command(sub, "explain", "print a scenario's lesson", cmd_explain,
                       "security-dilemma", "jervis-four-worlds", "my-world.toml")
    explain.add_argument("scenario", metavar="NAME_OR_FILE")

    validate = _command(sub, "validate", "check a scenario file and say what is wrong", cmd_validate,
                        "my-world.toml")
    validate.add_argument("file", metavar="FILE")

    compare = _command(sub, "compare", "run scenarios on the same seeds and compare their outcomes",
                       cmd_compare, "security-dilemma common-security --seeds 20 --plot compare.png",
                       "jervis-four-worlds --years 100 --out jervis.parquet",
                       "cost-of-war relative-gains --set noise=0.1",
                       "chain-gang --outputs allies_came,allies_stayed_out,war_onsets,states_alive")
    compare.add_argument("scenarios", nargs="+", metavar="NAME_OR_FILE")
    _add_ensemble_options(compare, seeds_default="the first scenario's")
    _add_outputs_option(compare, "print and plot")
    compare.add_argument("--plot", metavar="FILE.png", help="main outputs over time, mean and 5-95%% band")

    sweep = _command(sub, "sweep", "sweep knobs over many points and seeds into a crash-safe store",
                     cmd_sweep, "claim-map", "claim-map --workers 2 --store runs/claim",
                     "my-sweep.toml --resume --store runs/mine",
                     "my-sweep.toml --scheduler tcp://10.0.0.5:8786", "my-sweep.toml --dask-local 4")
    sweep.add_argument("spec", metavar="SPEC", help="a shipped sweep spec id or a .toml path")
    where = sweep.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_workers, help="local worker processes (default: one per core; "
                       f"at most {limits.LIMITS['workers'].high})")
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on an existing Dask cluster")
    where.add_argument("--dask-local", type=_workers, metavar="N",
                       help=f"start a Dask LocalCluster of N workers (at most {limits.LIMITS['workers'].high}) "
                            "and run on it")
    sweep.add_argument("--store", metavar="FOLDER", help="where to keep the results (default: ID-sweep)")
    sweep.add_argument("--resume", action="store_true", help="run only what the store lacks")

    analyze = _command(sub, "analyze", "sensitivity indices and the claim map of a sweep's store",
                       cmd_analyze, "claim-map-sweep", "claim-map-sweep --plots plots/",
                       "runs/mine --outcome welfare_final")
    analyze.add_argument("store", metavar="STORE", help="the folder a sweep wrote (its --store)")
    analyze.add_argument("--outcome", help="only this outcome (a recorded column, e.g. welfare_final)")
    analyze.add_argument("--plots", metavar="FOLDER", help="write PNG plots there")

    knobs = _command(sub, "knobs", "list every knob with its default, range and source", cmd_knobs, "",
                     "--markdown > docs/knobs.md")
    knobs.add_argument("--markdown", action="store_true",
                       help="print the knob reference page (docs/knobs.md) instead")
    _command(sub, "outputs", "list every output with its meaning, unit, kind and range", cmd_outputs, "")
    _command(sub, "limits", "list the limits of years, seeds, states and sweep points", cmd_limits, "")

    dashboard = _command(sub, "dashboard", "serve the dashboard (compare, lessons, explore, sweeps) in "
                         "the browser, offline", cmd_dashboard, "", "--host 0.0.0.0 --port 9000",
                         "--sweeps runs/")
    dashboard.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    dashboard.add_argument("--port", type=_port, default=8765, help="port (default 8765)")
    from .viz.sweep_stores import DEFAULT_SWEEPS  # no solara: a plain module

    dashboard.add_argument("--sweeps", metavar="FOLDER", default=DEFAULT_SWEEPS,
                           help="the folder whose sweep stores the Sweeps page lists: each sub-folder "
                                "a `detente sweep SPEC --store FOLDER/NAME` wrote (default ./"
                                f"{DEFAULT_SWEEPS}); the page reads nothing outside it")
    return parser


def _add_ensemble_options(parser: argparse.ArgumentParser, seeds_default: str) -> None:
    """The options shared by commands that run an ensemble of seeds."""
    parser.add_argument("--years", type=_years, help=f"years to simulate, 1 to {MAX_YEARS:,} (default: the scenario's)")
    parser.add_argument("--seed", type=_natural, default=0, help="first seed (default 0)")
    parser.add_argument("--seeds", type=_seeds,
                        help=f"number of seeds, from --seed on, 1 to {limits.LIMITS['seeds'].high:,} "
                             f"(default: {seeds_default})")
    parser.add_argument("--set", action="append", metavar="KNOB=VALUE",
                        help="override a knob in every scenario; repeatable "
                             "(zero_sum.arms_reaction=0.3, war=false)")
    parser.add_argument("--out", metavar="FILE", help="per-year world outputs, .csv or .parquet")


def _add_outputs_option(parser: argparse.ArgumentParser, verb: str) -> None:
    parser.add_argument("--outputs", metavar="NAME,NAME", help=f"world outputs to {verb}, comma-separated "
                        "(default: the main ones; `detente outputs` lists every one)")


def _add_wars_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wars", metavar="FILE", help="every war, one row each (year, sides, cause, "
                        "winner, severity, conquest), .csv or .parquet")


def _positive(text: str) -> int:
    value = _natural(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _at_most(limit: limits.Limit, note: str = ""):
    """An argparse type: a whole number from 1 to a limit of the table (limits.LIMITS)."""
    def whole(text: str) -> int:
        value = _positive(text)
        if value > limit.high:
            raise argparse.ArgumentTypeError(f"{text!r} is more than {limit.high:,} {limit.name}{note}")
        return value
    return whole


_years = _at_most(limits.LIMITS["years"], " (the same limit as scenario files)")
_seeds = _at_most(limits.LIMITS["seeds"], " (the same limit as scenario files)")
_workers = _at_most(limits.LIMITS["workers"])


def _port(text: str) -> int:
    value = _natural(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (1 to 65535)")
    return value


def _natural(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must not be negative")
    return value


def _one_line(message: str) -> str:
    """A message on one line: control characters in what it quotes as given (a path with a newline)
    are shown escaped, as repr() shows them (names and keys are quoted with repr already)."""
    return "".join(repr(char)[1:-1] if unicodedata.category(char) == "Cc" else char for char in message)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (ScenarioError, ParameterError, UsageError) as err:
        print(f"detente: error: {_one_line(str(err))}", file=sys.stderr)
        return 2
    except runs.Stopped as err:  # a fault outside the model; the message says what was kept
        print(f"detente: stopped: {_one_line(str(err))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("detente: interrupted" + (" (finished runs are kept in the store: add --resume to go on)"
                                        if args.command == "sweep" else ""), file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and cut: not an error of ours
        sys.stdout = open(os.devnull, "w")
        return 0


if __name__ == "__main__":
    sys.exit(main())
