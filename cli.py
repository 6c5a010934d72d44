"""The `detente` command line: run scenarios headless, list knobs, show the demo comparison."""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from pathlib import Path
from typing import Any

from .model import ParameterError
from .model.diplomacy import STATE_FIELDS
from .model.knobs import WORLD_KNOBS
from .model.doctrines import DOCTRINES
from . import runs
from .scenarios import ScenarioError, load

MAIN_OUTPUTS = ("welfare", "military_burden", "wars", "cooperation_rate", "mean_trust",
                "power_concentration", "states_alive", "security")


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
    run.add_argument("--years", type=_positive, help="years to simulate (default: the scenario's)")
    run.add_argument("--seed", type=_natural, default=0, help="first seed (default 0)")
    run.add_argument("--seeds", type=_positive, help="number of seeds, from --seed on (default 1)")
    run.add_argument("--set", action="append", metavar="KNOB=VALUE",
                     help="override a knob; repeatable (zero_sum.arms_reaction=0.3, war=false)")
    run.add_argument("--out", metavar="FILE", help="per-year world outputs, .csv or .parquet")
    run.add_argument("--agents", metavar="FILE", help="per-state outputs per year, .csv or .parquet")
    run.set_defaults(handler=cmd_run)

    demo = sub.add_parser("demo", help="security-dilemma vs common-security, final outcomes side by side")
    demo.add_argument("--years", type=_positive, default=200)
    demo.add_argument("--seeds", type=_positive, default=10)
    demo.set_defaults(handler=cmd_demo)

    knobs = sub.add_parser("knobs", help="list every knob with its default, range and source")
    knobs.set_defaults(handler=cmd_knobs)
    return parser


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


if __name__ == "__main__":
    sys.exit(main())
