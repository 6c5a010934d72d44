"""The `detente` command line: run scenarios headless, list knobs, show the demo comparison."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
import tomllib
from pathlib import Path
from typing import Any

from .model import ParameterError
from .model.diplomacy import STATE_FIELDS
from .model.knobs import WORLD_KNOBS
from .model.doctrines import DOCTRINES
from . import runs
from .scenarios import LESSON_SECTIONS, ScenarioError, available, load

MAIN_OUTPUTS = ("welfare", "military_burden", "wars", "cooperation_rate", "mean_trust",
                "power_concentration", "states_alive", "security")


PLOTTED_OUTPUTS = ("welfare", "military_burden", "wars", "cooperation_rate", "mean_trust",
                   "power_concentration")


class UsageError(Exception):
    """A command-line value that cannot be used (exit 2)."""


def parse_setting(text: str) -> tuple[str, Any]:
    """``knob=value`` → (knob, value); the value is read as TOML (numbers, true/false, [lists]) and
    otherwise kept as a string (``network=ring``)."""
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise UsageError(f"--set '{text}': expected knob=value, e.g. --set zero_sum.arms_reaction=0.3")
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    return key.strip(), value


def _settings(pairs: list[str] | None) -> dict[str, Any]:
    return dict(parse_setting(pair) for pair in pairs or [])


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


def cmd_run(args) -> int:
    scenario = load(args.scenario).with_knobs(_settings(args.set))
    years = args.years or scenario.years
    count = args.seeds or 1
    seeds = list(range(args.seed, args.seed + count))
    world, states = runs.ensemble(scenario, seeds, years, collect_states=bool(args.agents),
                                  progress=count > 1 and sys.stderr.isatty())
    if args.out:
        write_table(world, args.out)
    if args.agents:
        write_table(states, args.agents)
    print(f"{scenario.id}: {count} seed(s) from {args.seed}, {years} years")
    print(runs.side_by_side(runs.final_outcomes(world, MAIN_OUTPUTS)))
    return 0


def cmd_demo(args) -> int:
    tables = []
    for name in ("security-dilemma", "common-security"):
        scenario = load(name)
        world, _ = runs.ensemble(scenario, list(range(args.seeds)), args.years,
                                 progress=sys.stderr.isatty())
        tables.append(world)
    import pandas as pd

    summary = runs.final_outcomes(pd.concat(tables), MAIN_OUTPUTS)
    print(f"Final outcomes after {args.years} years, mean [95% interval] over {args.seeds} seeds "
          "(wars: total per run)")
    print(runs.side_by_side(summary))
    return 0


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
    if scenario.compare_with:
        print(f"COMPARE WITH\n{', '.join(scenario.compare_with)}  "
              f"(detente compare {scenario.id} {' '.join(scenario.compare_with)})\n")
    if scenario.references:
        print("REFERENCES\n" + "\n".join(f"- {ref}" for ref in scenario.references))
    return 0


def cmd_validate(args) -> int:
    scenario = load(args.file)
    print(f"{args.file}: valid scenario '{scenario.id}' ({len(scenario.knobs)} knobs set, "
          f"{len(scenario.states) if scenario.states else 'no'} named states)")
    return 0


def cmd_compare(args) -> int:
    import pandas as pd

    settings = _settings(args.set)
    # a scenario with variants (jervis-four-worlds) stands for all of them
    scenarios = [world.with_knobs(settings) for name in args.scenarios for world in load(name).expand()]
    ids = [s.id for s in scenarios]
    if len(set(ids)) < len(ids):
        raise UsageError(f"compare: scenario ids must differ, got {ids}")
    years = args.years or scenarios[0].years
    seeds = list(range(args.seed, args.seed + (args.seeds or scenarios[0].seeds)))
    tables = [runs.ensemble(s, seeds, years, progress=sys.stderr.isatty())[0] for s in scenarios]
    world = pd.concat(tables, ignore_index=True)
    print(f"{len(seeds)} seeds ({seeds[0]}..{seeds[-1]}, the same for every scenario), {years} years; "
          "final outcomes, mean [95% interval] (wars: total per run)")
    print(runs.side_by_side(runs.final_outcomes(world, MAIN_OUTPUTS)))
    if len(scenarios) > 1:
        print(f"\nDifferences to {ids[0]}, paired by seed, mean [95% interval]")
        print(runs.side_by_side(runs.paired_differences(world, MAIN_OUTPUTS)))
    if args.out:
        write_table(world, args.out)
    if args.plot:
        if not args.plot.endswith(".png"):
            raise UsageError(f"{args.plot}: the plot file must end in .png")
        runs.plot_over_time(world, PLOTTED_OUTPUTS, args.plot)
        print(f"\nplot: {args.plot}")
    return 0


def cmd_knobs(args) -> int:
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


EXAMPLES = """examples:
  detente run security-dilemma --years 200 --seed 1 --seeds 10
  detente run common-security --set win_win.generosity=0.3 --set war=false --out world.csv
  detente run my-world.toml --agents states.parquet
  detente knobs
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="detente", description="Agent-based simulation of international relations: "
        "zero-sum and win-win doctrines side by side.", epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run a scenario headless and write its outputs",
                         epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("scenario", metavar="NAME_OR_FILE", help="a shipped scenario id or a .toml path")
    _add_ensemble_options(run, seeds_default="1")
    run.add_argument("--agents", metavar="FILE", help="per-state outputs per year, .csv or .parquet")
    run.set_defaults(handler=cmd_run)

    demo = sub.add_parser("demo", help="security-dilemma vs common-security, final outcomes side by side")
    demo.add_argument("--years", type=_positive, default=200)
    demo.add_argument("--seeds", type=_positive, default=10)
    demo.set_defaults(handler=cmd_demo)

    listing = sub.add_parser("scenarios", help="list the shipped scenarios with one-line summaries")
    listing.set_defaults(handler=cmd_scenarios)

    explain = sub.add_parser("explain", help="print a scenario's lesson")
    explain.add_argument("scenario", metavar="NAME_OR_FILE")
    explain.set_defaults(handler=cmd_explain)

    validate = sub.add_parser("validate", help="check a scenario file and say what is wrong")
    validate.add_argument("file", metavar="FILE")
    validate.set_defaults(handler=cmd_validate)

    compare = sub.add_parser(
        "compare", help="run scenarios on the same seeds and compare their outcomes",
        epilog="example:\n  detente compare security-dilemma common-security --seeds 20 "
        "--plot compare.png", formatter_class=argparse.RawDescriptionHelpFormatter)
    compare.add_argument("scenarios", nargs="+", metavar="NAME_OR_FILE")
    _add_ensemble_options(compare, seeds_default="the first scenario's")
    compare.add_argument("--plot", metavar="FILE.png", help="main outputs over time, mean and 5-95%% band")
    compare.set_defaults(handler=cmd_compare)

    knobs = sub.add_parser("knobs", help="list every knob with its default, range and source")
    knobs.set_defaults(handler=cmd_knobs)
    return parser


def _add_ensemble_options(parser: argparse.ArgumentParser, seeds_default: str) -> None:
    """The options shared by commands that run an ensemble of seeds."""
    parser.add_argument("--years", type=_positive, help="years to simulate (default: the scenario's)")
    parser.add_argument("--seed", type=_natural, default=0, help="first seed (default 0)")
    parser.add_argument("--seeds", type=_positive,
                        help=f"number of seeds, from --seed on (default: {seeds_default})")
    parser.add_argument("--set", action="append", metavar="KNOB=VALUE",
                        help="override a knob in every scenario; repeatable "
                             "(zero_sum.arms_reaction=0.3, war=false)")
    parser.add_argument("--out", metavar="FILE", help="per-year world outputs, .csv or .parquet")


def _positive(text: str) -> int:
    value = _natural(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _natural(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must not be negative")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (ScenarioError, ParameterError, UsageError) as err:
        print(f"detente: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("detente: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and cut: not an error of ours
        sys.stdout = open(os.devnull, "w")
        return 0


if __name__ == "__main__":
    sys.exit(main())
