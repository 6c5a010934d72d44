"""Knobs: every parameter a user or a scenario can set, with its default, range and source.

One table (``WORLD_KNOBS``) holds the knobs of the world; each doctrine holds its own table
(``Doctrine.knobs``), addressed as ``<doctrine>.<knob>`` (``zero_sum.arms_reaction``). Validation
happens once, in :func:`resolve`, and every error names the knob and what is allowed, so a typo in a
scenario file or on the command line never runs silently with a default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType, SimpleNamespace
from typing import Any, Mapping


class ParameterError(ValueError):
    """A knob is unknown, of the wrong type or out of its allowed range."""


class SettingError(ParameterError):
    """A setting (--set, a URL's scenario=ID;knob=value) that is not knob=value."""


def shown(value: Any, width: int = 60) -> str:
    """A value as a message shows it: its repr, cut to about ``width`` characters."""
    text = repr(value)
    return text if len(text) <= width else text[:width - 4] + " ..."


@dataclass(frozen=True)
class Knob:
    """One parameter: its default, its kind, its allowed range, what it means and where it comes from.

    ``kind`` is one of ``float``, ``int``, ``bool``, ``choice`` (one of ``choices``), ``payoffs``
    (T, R, P, S), ``network`` (a named topology or a list of edges) or ``doctrine`` (one doctrine
    name, or a mapping of doctrine names to shares).
    """

    name: str
    default: Any
    kind: str
    doc: str
    source: str = ""
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()

    def allowed(self) -> str:
        """Human-readable description of the allowed values."""
        if self.kind in ("float", "int"):
            low = "-inf" if self.low is None else f"{self.low:g}"
            high = "inf" if self.high is None else f"{self.high:g}"
            what = "a number" if self.kind == "float" else "a whole number"
            return f"{what} from {low} to {high}"
        if self.kind == "bool":
            return "true or false"
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "payoffs":
            return "four numbers [T, R, P, S] with R > P and R > 0"
        if self.kind == "network":
            return "one of complete, ring, grid, geometric, or a list of [i, j] edges"
        if self.kind == "doctrine":
            return "a doctrine name, or a table of doctrine names to shares that sum to 1"
        raise AssertionError(self.kind)

    def check(self, value: Any, label: str | None = None) -> Any:
        """Return ``value`` coerced to this knob's kind, or raise :class:`ParameterError`."""
        label = label or self.name
        checker = _CHECKERS[self.kind]
        try:
            return checker(self, value)
        except (TypeError, ValueError) as err:
            detail = f" ({err})" if str(err) else ""
            raise ParameterError(
                f"knob {label!r} = {shown(value)} is not allowed{detail}: expected {self.allowed()}"
            ) from None


def _number(knob: Knob, value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:  # text (a URL's query, --set's unquoted words): read as a number, "1e3" too
            value = float(value) if isinstance(value, str) else None
        except ValueError:
            value = None
        if value is None:
            raise TypeError("not a number")
    if knob.kind == "int":
        if isinstance(value, float) and not value.is_integer():
            raise ValueError("not a whole number")
        value = int(value)
    else:
        value = float(value)
        if not math.isfinite(value):
            raise ValueError("not finite")
    if (knob.low is not None and value < knob.low) or (knob.high is not None and value > knob.high):
        raise ValueError("out of range")
    return value


def _boolean(knob: Knob, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false", "on", "off", "yes", "no", "1", "0"):
        return value.lower() in ("true", "on", "yes", "1")
    raise TypeError("not true or false")


def _choice(knob: Knob, value: Any) -> str:
    if value not in knob.choices:
        raise ValueError("unknown choice")
    return value


def _payoffs(knob: Knob, value: Any) -> tuple[float, float, float, float]:
    if isinstance(value, str):
        value = [part for part in value.replace("[", "").replace("]", "").split(",") if part.strip()]
    if not isinstance(value, (list, tuple)) or len(value) != 4:
        raise TypeError("need exactly four numbers")
    t, r, p, s = (float(v) for v in value)
    if not all(map(math.isfinite, (t, r, p, s))):
        raise ValueError("not finite")
    if not (r > p and r > 0):
        raise ValueError("mutual cooperation R must pay more than mutual defection P, and R > 0")
    return (t, r, p, s)


def _network(knob: Knob, value: Any) -> str | tuple[tuple[int, int], ...]:
    if isinstance(value, str):
        if value not in ("complete", "ring", "grid", "geometric"):
            raise ValueError("unknown topology")
        return value
    if isinstance(value, (list, tuple)):
        edges = []
        for edge in value:
            if not isinstance(edge, (list, tuple)) or len(edge) != 2:
                raise TypeError("each edge must be a pair [i, j]")
            i, j = edge
            if isinstance(i, bool) or isinstance(j, bool) or not isinstance(i, int) or not isinstance(j, int):
                raise TypeError("edge ends must be state indices (whole numbers)")
            if i == j or i < 0 or j < 0:
                raise ValueError(f"edge {list(edge)} is not between two different states")
            edges.append((i, j))
        return tuple(edges)
    raise TypeError("not a topology name or an edge list")


def _doctrine(knob: Knob, value: Any) -> MappingProxyType:
    from .doctrines import DOCTRINES  # late: doctrines import this module

    shares = {value: 1.0} if isinstance(value, str) else value
    if not isinstance(shares, Mapping) or not shares:
        raise TypeError("not a doctrine name or a table of shares")
    unknown = [name for name in shares if name not in DOCTRINES]
    if unknown:
        raise ValueError(f"unknown doctrine {unknown[0]!r}; known: {', '.join(DOCTRINES)}")
    clean = {name: float(share) for name, share in shares.items()}
    if any(share < 0 for share in clean.values()) or abs(sum(clean.values()) - 1) > 1e-9:
        raise ValueError("shares must be non-negative and sum to 1")
    return MappingProxyType(clean)


_CHECKERS = {
    "float": _number,
    "int": _number,
    "bool": _boolean,
    "choice": _choice,
    "payoffs": _payoffs,
    "network": _network,
    "doctrine": _doctrine,
}


def knob_table(*knobs: Knob) -> MappingProxyType:
    return MappingProxyType({knob.name: knob for knob in knobs})


#: Knobs of the world that no single mechanism owns. The full table, ``WORLD_KNOBS``, adds each
#: registered mechanism's switch and knobs (see the end of this module).
_GENERAL_KNOBS = (
    Knob("n_states", 20, "int", "number of states (ignored when a scenario lists its states)",
         "", low=2, high=5000),
    Knob("network", "complete", "network",
         "who neighbours whom: complete, ring, grid, geometric (random geometric graph), or edges",
         "Boulding 1962 (loss-of-strength gradient)"),
    Knob("network_radius", 0.35, "float", "neighbour radius of the random geometric network "
         "(states placed uniformly in the unit square)", "", low=0.0, high=1.5),
    Knob("distance_decay", 0.0, "float", "loss-of-strength gradient: power projected over "
         "distance d is divided by 1 + distance_decay * d", "Boulding 1962", low=0.0, high=100.0),
    Knob("doctrine", "zero_sum", "doctrine", "doctrine of every state, or shares of doctrines "
         "assigned at random (and of the states a scenario lists without a doctrine)", ""),
    Knob("initial_wealth", 1.0, "float", "mean initial wealth of a state", "", low=1e-9, high=1e12),
    Knob("wealth_spread", 0.0, "float", "log-normal sigma of initial wealth across states", "",
         low=0.0, high=3.0),
    Knob("initial_burden", 0.03, "float", "initial arms spending as a share of wealth", "",
         low=0.0, high=1.0),
    Knob("growth_rate", 0.03, "float", "mean yearly economic growth", "Gilpin 1981; Organski 1958",
         low=-0.2, high=0.5),
    Knob("growth_spread", 0.01, "float", "standard deviation of yearly growth across states "
         "(uneven growth shifts power)", "Gilpin 1981", low=0.0, high=0.5),
    Knob("trade_gain", 0.02, "float", "yearly gain of full mutual cooperation as a share of the "
         "smaller partner's wealth, averaged over neighbours", "Keohane & Nye 1977",
         low=0.0, high=1.0),
    Knob("payoffs", (5.0, 3.0, 1.0, 0.0), "payoffs", "stage game [T, R, P, S] of each dyad each year",
         "Axelrod 1984"),
    Knob("cost_of_war", 0.1, "float", "share of wealth and arms a war destroys on both sides",
         "Powell 1991; Fearon 1995", low=0.0, high=1.0),
    Knob("war_spoils", 0.2, "float", "share of the loser's wealth the winner takes (also the "
         "tribute a coerced state pays)", "", low=0.0, high=1.0),
    Knob("absorb_floor", 0.15, "float", "a state left with less than this share of its victor's "
         "wealth after losing a war is absorbed by it", "Cederman 1997; Fazal 2007",
         low=0.0, high=1.0),
    Knob("offense_dominance", 1.0, "float", "how much arms threaten and conquer relative to how "
         "much they defend (1 = neutral)", "Jervis 1978", low=0.1, high=10.0),
    Knob("distinguishability", 0.5, "float", "how far defensive and offensive postures can be told "
         "apart", "Jervis 1978", low=0.0, high=1.0),
    Knob("max_burden", 0.3, "float", "most of its wealth a state can spend on arms in a year", "",
         low=0.0, high=1.0),
    Knob("arms_drag", 0.3, "float", "growth lost per unit of military burden (guns vs butter)",
         "Kennedy 1987", low=0.0, high=5.0),
    Knob("latent_power", 0.1, "float", "weight of wealth in power (power = arms + latent_power * "
         "wealth)", "Mearsheimer 2001", low=0.0, high=10.0),
    Knob("noise", 0.02, "float", "chance that a move is misread, and relative error of perceived "
         "arms and power", "Jervis 1976; Cusack & Stoll 1990", low=0.0, high=0.5),
    Knob("dissatisfaction", 0.0, "float", "motive: 0 = a security seeker, which wants only to keep "
         "what it has; above 0 = greedy (revisionist), valuing gains from war at this share; "
         "scenario states may set their own", "Glaser 2010; Kydd 2005; Schweller 1994; "
         "Organski & Kugler 1980", low=0.0, high=1.0),
    Knob("greedy_share", 0.0, "float", "share of the generated (and listed, without a "
         "dissatisfaction of their own) states that are greedy, drawn at random", "Schweller 1994; "
         "Glaser 2010", low=0.0, high=1.0),
    Knob("greedy_dissatisfaction", 0.6, "float", "the dissatisfaction of the states drawn greedy by "
         "greedy_share", "Schweller 1994", low=0.0, high=1.0),
    Knob("crisis_rate", 0.1, "float", "yearly crisis hazard of a state at full mistrust with all "
         "its neighbours, before arms races, fear and power transitions add to it (shared among "
         "its neighbours)", "Jervis 1976; Kydd 2005", low=0.0, high=5.0),
    Knob("community_threshold", 0.65, "float", "mutual trust (each one's belief that the other is a "
         "security seeker) at or above which win-win neighbours form a security community; steady "
         "cooperation takes a neutral prior of 0.5 toward about 0.68, past 0.65 in about two "
         "decades", "Deutsch 1957; Adler & "
         "Barnett 1998", low=0.0, high=1.0),
    Knob("learning_rate", 0.0, "float", "chance per year that a state compares itself with a "
         "neighbour and imitates a more successful doctrine", "Axelrod 1984; Nowak & Sigmund 1992",
         low=0.0, high=1.0),
    Knob("collect_states", True, "bool", "collect the per-state outputs each year", ""),
)


def resolve(overrides: Mapping[str, Any] | None = None) -> SimpleNamespace:
    """Validate ``overrides`` against the knob tables and return the full parameter set.

    Keys are world knobs (``noise``), dotted doctrine knobs (``zero_sum.arms_reaction``), a doctrine
    name mapping to a table of its knobs (``{"zero_sum": {"arms_reaction": 0.3}}``), or a bare
    doctrine knob (``generosity``), which sets that knob for every doctrine that has it.
    The result has the world knobs as attributes and ``params.doctrine_knobs[name]`` per doctrine.
    """
    from .doctrines import DOCTRINES

    world, defaults = WORLD_KNOBS.current()
    values = dict(defaults)
    per_doctrine = {
        name: {knob.name: knob.default for knob in cls.knobs.values()} for name, cls in DOCTRINES.items()
    }
    for key, value in _flatten(overrides or {}):
        if key in world:
            values[key] = world[key].check(value)
            continue
        doctrine, _, knob = key.partition(".")
        if knob:
            if doctrine not in DOCTRINES:
                raise ParameterError(
                    f"unknown doctrine {doctrine!r} in knob {key!r}; known: {', '.join(DOCTRINES)}"
                )
            table = DOCTRINES[doctrine].knobs
            if knob not in table:
                raise ParameterError(
                    f"unknown knob {key!r}; {doctrine} knobs are: {', '.join(table)}"
                )
            per_doctrine[doctrine][knob] = table[knob].check(value, key)
            continue
        owners = [name for name, cls in DOCTRINES.items() if key in cls.knobs]
        if not owners:
            raise ParameterError(f"unknown knob {key!r}{_suggest(key)}")
        for name in owners:
            per_doctrine[name][key] = DOCTRINES[name].knobs[key].check(value, f"{name}.{key}")
    params = SimpleNamespace(**values)
    params.doctrine_knobs = {name: SimpleNamespace(**knobs) for name, knobs in per_doctrine.items()}
    return params


def parse_setting(text: str) -> tuple[str, Any]:
    """``knob=value`` → (knob, value); the value is read as TOML (numbers, true/false, [lists]) and
    otherwise kept as a string (``network=ring``). SettingError if it is not ``knob=value``,
    ParameterError if its value is nested too deeply."""
    from ..scenarios import tomlfile  # late: scenarios import the model

    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise SettingError(f"--set {shown(text)}: expected knob=value, e.g. --set zero_sum.arms_reaction=0.3")
    try:
        value = tomlfile.loads(f"v = {raw.strip()}")["v"]
    except tomlfile.TooDeep:
        raise ParameterError(f"knob {key.strip()!r} = {shown(raw.strip())}: {tomlfile.TOO_DEEP}") from None
    except tomlfile.TomlError:
        value = raw.strip()
    return key.strip(), value


def _flatten(overrides: Mapping[str, Any]):
    from .doctrines import DOCTRINES

    for key, value in overrides.items():
        if key in DOCTRINES and isinstance(value, Mapping):
            for sub, sub_value in value.items():
                yield f"{key}.{sub}", sub_value
        else:
            yield key, value


def all_knob_names() -> list[str]:
    """Every settable knob name: world knobs, then dotted doctrine knobs."""
    from .doctrines import DOCTRINES

    dotted = [f"{name}.{knob}" for name, cls in DOCTRINES.items() for knob in cls.knobs]
    return [*WORLD_KNOBS, *dotted]


def _suggest(key: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, all_knob_names(), n=3, cutoff=0.6)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else (
        "; run `detente knobs` to list them"
    )


class _WorldKnobs(Mapping):
    """Every world knob, read from the registry when asked: each registered mechanism's switch (in
    the order a year runs them), the general knobs, then each mechanism's own knobs. Read live, so a
    mechanism registered after import (one line in ``model/mechanisms/__init__.py``, or a test's)
    has its knobs everywhere. The table is rebuilt only when the registry changes (building a
    model reads it dozens of times)."""

    _built_for: tuple = ()
    _built: dict[str, Knob] = {}
    _defaults: dict[str, Any] = {}

    def _table(self) -> dict[str, Knob]:
        from .mechanisms import MECHANISMS  # late: mechanisms import this module for Knob

        registry = tuple(MECHANISMS.values())
        if registry != self._built_for:
            switches = (Knob(m.name, m.on_by_default, "bool", m.doc, m.source) for m in registry)
            owned = (knob for m in registry for knob in m.knobs.values())
            self._built = {knob.name: knob for knob in (*switches, *_GENERAL_KNOBS, *owned)}
            self._defaults = {name: knob.check(knob.default) for name, knob in self._built.items()}
            self._built_for = registry
        return self._built

    def current(self) -> tuple[dict[str, Knob], dict[str, Any]]:
        """The table and every knob's checked default, as the registry stands now (one registry
        check for a whole :func:`resolve`, rather than one per knob looked up)."""
        return self._table(), self._defaults

    def __getitem__(self, name: str) -> Knob:
        return self._table()[name]

    def __iter__(self):
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


#: Every world knob (see :class:`_WorldKnobs`).
WORLD_KNOBS = _WorldKnobs()
