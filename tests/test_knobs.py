"""Knob validation: unknown, mistyped and out-of-range knobs fail with a message naming them."""

import math
import re
from pathlib import Path
from types import MappingProxyType

import pytest

from detente.model import DOCTRINES, WORLD_KNOBS, DiplomacyModel, ParameterError
from detente.model.knobs import Knob, parse_setting, resolve


def test_every_design_knob_exists_with_a_documented_default():
    names = set(WORLD_KNOBS)
    for knob in ("n_states", "network", "growth_rate", "growth_spread", "trade_gain", "payoffs",
                 "cost_of_war", "offense_dominance", "distinguishability", "noise", "dissatisfaction",
                 "learning_rate", "institution"):
        assert knob in names
        assert WORLD_KNOBS[knob].doc
    for doctrine in DOCTRINES.values():
        assert {"arms_reaction", "arms_fatigue", "arms_grievance"} <= set(doctrine.knobs)
    assert "relative_gains" in DOCTRINES["zero_sum"].knobs
    assert "generosity" in DOCTRINES["win_win"].knobs


@pytest.mark.parametrize("knobs, fragment", [
    ({"nois": 0.1}, "unknown knob 'nois'; did you mean 'noise'"),
    ({"noise": 0.9}, "knob 'noise' = 0.9 is not allowed (out of range): expected a number from 0 to 0.5"),
    ({"noise": "lots"}, "knob 'noise' = 'lots'"),
    ({"n_states": 2.5}, "knob 'n_states' = 2.5 is not allowed (not a whole number)"),
    ({"n_states": 1}, "from 2 to 5000"),
    ({"war": "maybe"}, "knob 'war' = 'maybe' is not allowed (not true or false): expected true or false"),
    ({"zero_sum.arms_reaction": -1}, "knob 'zero_sum.arms_reaction' = -1"),
    ({"zero_sum.generosity": 0.1}, "unknown knob 'zero_sum.generosity'; zero_sum knobs are"),
    ({"realist.arms_reaction": 0.1}, "unknown doctrine 'realist'"),
    ({"payoffs": [1, 2, 3]}, "need exactly four numbers"),
    ({"payoffs": [5, 1, 3, 0]}, "mutual cooperation R must pay more than mutual defection P"),
    ({"network": "torus"}, "knob 'network' = 'torus'"),
    ({"network": [[0, 0]]}, "is not between two different states"),
    ({"network": [[0, 99]]}, "edge [0, 99] names a state beyond the 20 states"),
    ({"doctrine": "liberal"}, "unknown doctrine 'liberal'"),
    ({"doctrine": {"zero_sum": 0.5, "win_win": 0.2}}, "shares must be non-negative and sum to 1"),
])
def test_bad_knobs_raise_a_clear_error(knobs, fragment):
    with pytest.raises(ParameterError) as caught:
        DiplomacyModel(rng=0, **knobs)
    assert fragment in str(caught.value)


def test_bare_doctrine_knob_sets_it_for_every_doctrine_that_has_it():
    params = resolve({"arms_reaction": 0.05, "generosity": 0.4})
    assert params.doctrine_knobs["zero_sum"].arms_reaction == 0.05
    assert params.doctrine_knobs["win_win"].arms_reaction == 0.05
    assert params.doctrine_knobs["win_win"].generosity == 0.4


def test_nested_and_dotted_doctrine_knobs_are_equivalent():
    nested = resolve({"zero_sum": {"relative_gains": 3.0}})
    dotted = resolve({"zero_sum.relative_gains": 3.0})
    assert nested.doctrine_knobs["zero_sum"].relative_gains == dotted.doctrine_knobs["zero_sum"].relative_gains == 3.0


def test_string_values_from_the_command_line_are_coerced():
    params = resolve({"war": "false", "noise": "0.1", "n_states": "7"})
    assert params.war is False and params.noise == 0.1 and params.n_states == 7


def test_doctrine_shares_assign_that_many_states():
    model = DiplomacyModel(rng=3, n_states=10, doctrine={"zero_sum": 0.3, "win_win": 0.7})
    doctrines = model.agents.get("doctrine")
    assert doctrines.count("zero_sum") == 3 and doctrines.count("win_win") == 7


@pytest.mark.parametrize("states, fragment", [
    ([{"name": "A", "wealth": -1}], "knob 'states[0].wealth' = -1"),
    ([{"name": "A", "colour": "red"}], "states[0]: unknown field 'colour'"),
    ([{"name": "A", "doctrine": "liberal"}], "states[0].doctrine"),
    ([{"name": "A", "position": [2, 0]}], "must be two numbers [x, y] from 0 to 1"),
    ([{"name": "A"}, {"name": "A"}], "the name 'A' is used twice"),
])
def test_bad_state_fields_raise_a_clear_error(states, fragment):
    with pytest.raises(ParameterError) as caught:
        DiplomacyModel(rng=0, states=states)
    assert fragment in str(caught.value)


@pytest.mark.parametrize("knob, allowed", [
    (Knob("x", 0.5, "float", "", low=0.0, high=1.5), "a number from 0 to 1.5"),
    (Knob("x", 3, "int", "", low=2), "a whole number from 2 to inf"),
    (Knob("x", 0.0, "float", "", high=-0.5), "a number from -inf to -0.5"),
    (Knob("x", True, "bool", ""), "true or false"),
    (Knob("x", "a", "choice", "", choices=("a", "b")), "one of a, b"),
    (Knob("x", (5, 3, 1, 0), "payoffs", ""), "four numbers [T, R, P, S] with R > P and R > 0"),
    (Knob("x", "ring", "network", ""), "one of complete, ring, grid, geometric, or a list of [i, j] edges"),
    (Knob("x", "zero_sum", "doctrine", ""), "a doctrine name, or a table of doctrine names to shares that sum to 1"),
])
def test_each_kind_of_knob_says_what_it_allows(knob, allowed):
    assert knob.allowed() == allowed


@pytest.mark.parametrize("kind, value, expected", [
    ("choice", "b", "b"), ("bool", "On", True), ("bool", "no", False), ("bool", "0", False),
    ("payoffs", "[4, 3, 1, 0]", (4.0, 3.0, 1.0, 0.0)), ("network", [[0, 2], (1, 2)], ((0, 2), (1, 2))),
    ("doctrine", {"zero_sum": 0.25, "win_win": 0.75}, MappingProxyType({"zero_sum": 0.25, "win_win": 0.75})),
    ("int", "7", 7), ("float", 1, 1.0), ("payoffs", [5, 0.5, 0, -1], (5.0, 0.5, 0.0, -1.0)),
])
def test_knob_values_are_checked_and_coerced(kind, value, expected):
    knob = Knob("x", None, kind, "", choices=("a", "b"))
    checked = knob.check(value)
    assert checked == expected and type(checked) is type(expected)


@pytest.mark.parametrize("kind, value, reason", [
    ("choice", "c", "unknown choice"), ("bool", "maybe", "not true or false"),
    ("payoffs", [3, 3, 3, 1], "mutual cooperation R must pay more than mutual defection P, and R > 0"),
    ("payoffs", [5, 0, -1, -2], "mutual cooperation R must pay more than mutual defection P, and R > 0"),
    ("payoffs", [5, 3, 1, "inf"], "not finite"), ("payoffs", [5, 3, 1], "need exactly four numbers"),
    ("network", [[0, True]], "edge ends must be state indices (whole numbers)"),
    ("network", [[-1, 2]], "edge [-1, 2] is not between two different states"),
    ("network", [[0, 1, 2]], "each edge must be a pair [i, j]"),
    ("network", 3, "not a topology name or an edge list"), ("network", "torus", "unknown topology"),
    ("doctrine", {"zero_sum": 1.5, "win_win": -0.5}, "shares must be non-negative and sum to 1"),
    ("doctrine", {}, "not a doctrine name or a table of shares"),
    ("float", float("nan"), "not finite"), ("float", True, "not a number"), ("int", 2.5, "not a whole number"),
])
def test_bad_knob_values_are_refused_with_the_reason(kind, value, reason):
    with pytest.raises(ParameterError, match=f"knob 'x' = .* is not allowed \\({re.escape(reason)}\\)"):
        Knob("x", None, kind, "", choices=("a", "b")).check(value)


@pytest.mark.parametrize("text, setting", [
    ("zero_sum.arms_reaction=0.3", ("zero_sum.arms_reaction", 0.3)), (" network = ring ", ("network", "ring")),
    ("payoffs=[5, 3, 1, 0]", ("payoffs", [5, 3, 1, 0])), ("war=false", ("war", False)),
    ("label=a=b", ("label", "a=b")),
])
def test_a_setting_from_the_command_line_is_read_as_toml_or_kept_as_text(text, setting):
    assert parse_setting(text) == setting


@pytest.mark.parametrize("text", ["noise", "=0.1", " =0.1"])
def test_a_setting_without_a_knob_or_an_equals_sign_is_refused(text):
    with pytest.raises(ParameterError, match=re.escape(f"--set '{text}': expected knob=value, e.g. "
                                                       "--set zero_sum.arms_reaction=0.3")):
        parse_setting(text)


def test_an_unknown_knob_like_none_points_to_the_listing_and_one_like_several_names_the_closest_three():
    with pytest.raises(ParameterError, match=re.escape("unknown knob 'qqqq'; run `detente knobs` to list them")):
        resolve({"qqqq": 1})
    with pytest.raises(ParameterError, match=re.escape(
            "unknown knob 'arms_reactio'; did you mean 'win_win.arms_reaction' or 'zero_sum.arms_reaction' "
            "or 'arms_drag'?")):
        resolve({"arms_reactio": 1})


_DOCTRINE_NUMBERS = [(doctrine, knob) for doctrine, cls in DOCTRINES.items()
                     for knob in cls.knobs.values() if knob.kind in ("float", "int")]


@pytest.mark.parametrize("doctrine, knob", _DOCTRINE_NUMBERS,
                         ids=[f"{d}.{k.name}" for d, k in _DOCTRINE_NUMBERS])
def test_every_doctrine_number_knob_enforces_its_range_at_both_ends(doctrine, knob):
    """Every numeric doctrine knob has a finite range (each is a share, a chance, a belief, a weight
    or a multiple: none is unbounded); the bounds themselves are accepted, the nearest float just
    outside is refused with a ParameterError naming the knob and the range, the nearest inside is
    accepted."""
    assert knob.low is not None and knob.high is not None and knob.low < knob.high
    label = f"{doctrine}.{knob.name}"
    expected = f"expected a number from {knob.low:g} to {knob.high:g}"
    for bound, outward in ((knob.high, math.inf), (knob.low, -math.inf)):
        inside = math.nextafter(bound, -outward)
        for value in (bound, inside):
            assert getattr(resolve({label: value}).doctrine_knobs[doctrine], knob.name) == value
        outside = math.nextafter(bound, outward)
        with pytest.raises(ParameterError) as caught:
            resolve({label: outside})
        assert f"knob {label!r} = {outside!r} is not allowed (out of range): {expected}" in str(caught.value)


# The documented range of each doctrine's numeric knobs. The docs that state them: the knob's own
# doc (shown by `detente knobs`) and the doctrines' docstrings / docs/ODD.md; where the docs give
# only the meaning, the bound follows from it as noted.
_COMMON = {
    "arms_reaction": (0.0, 10.0),   # k >= 0 (arms added per unit of threat); at most 10, the table's cap
    "arms_fatigue": (0.0, 1.0),     # a: a *share* of its own arms let go each year
    "arms_grievance": (0.0, 1.0),   # g: a *share* of own wealth added each year
    "prior_trust": (0.01, 0.99),    # a prior *belief* (a probability), kept off the certain 0 and 1
    "empathy": (0.0, 1.0),          # "how far" it counts its own arms: 0 (not at all) to 1 (fully)
    "overmatch": (0.0, 10.0),       # a multiple of the enemy's force, >= 0 (below 1: it fields less); cap 10
}
DOCUMENTED_RANGES = {
    "zero_sum": {**_COMMON,
                 "relative_gains": (0.0, 100.0),    # rho >= 0 (0: absolute gains, README's relative-gains scenarios); cap 100
                 "shadow_of_future": (0.0, 0.99)},  # w: the stage game divides by (1 - w), so w < 1
    "win_win": {**_COMMON,
                "generosity": (0.0, 1.0),         # a *chance* of forgiving a defection
                "sufficiency": (0.0, 1000.0),     # a multiple of the perceived threat, >= 0; cap 1000
                "minimum_force": (0.0, 1.0)},     # a *share* of wealth
}


@pytest.mark.parametrize("doctrine", sorted(DOCUMENTED_RANGES))
def test_each_doctrines_knob_ranges_are_the_documented_ones(doctrine):
    """A changed bound in a doctrine's knob table (high=None, 11 for 10, ...) changes what users may
    set without a word in the docs: the table must match the documented ranges, knob for knob."""
    table = DOCTRINES[doctrine].knobs
    numbers = {name: (knob.low, knob.high) for name, knob in table.items() if knob.kind in ("float", "int")}
    assert numbers == DOCUMENTED_RANGES[doctrine]
    for name, (low, high) in DOCUMENTED_RANGES[doctrine].items():
        assert table[name].allowed() == f"a number from {low:g} to {high:g}"


@pytest.mark.parametrize("text, expected", [
    ("True", True), ("yes", True), ("YES", True), ("1", True), ("on", True),
    ("false", False), ("Off", False), ("OFF", False), ("no", False), ("0", False),
])
def test_every_spelling_of_true_and_false_the_docs_allow_is_read(text, expected):
    """A switch set from the command line or a URL arrives as text: true/false, on/off, yes/no and
    1/0 are accepted in any case, the first of each pair meaning true (knobs._boolean)."""
    assert Knob("x", True, "bool", "").check(text) is expected


def test_a_short_value_is_shown_whole_and_a_long_one_cut_to_the_width_with_an_ellipsis():
    """shown() is a value's repr, whole up to ``width`` (default 60) characters; beyond it, the first
    width − 4 characters and " ..." (width characters in all). 'a' * 58 has a 60-character repr
    (with its quotes): shown whole; 'a' * 59 (61) is cut to "'" + 55 a's + " ..."."""
    from detente.model.knobs import shown

    assert shown("a" * 58) == "'" + "a" * 58 + "'"
    assert shown("a" * 59) == "'" + "a" * 55 + " ..."
    assert len(shown("a" * 59)) == 60
    assert shown("abcdefghij", width=8) == "'abc ..."  # 8 − 4 = 4 characters kept: 'abc
    assert shown([1, 2], width=6) == "[1, 2]"  # exactly the width: whole


def test_a_reason_less_error_adds_no_empty_parentheses_to_the_message():
    """Knob.check puts the checker's reason in parentheses only when there is one: a value whose
    conversion fails without a word (here a payoff whose float() raises a bare ValueError) gives
    "knob 'x' = [odd, 3, 1, 0] is not allowed: expected ..." with nothing between the two."""

    class Odd:
        def __float__(self):
            raise ValueError()

        def __repr__(self):
            return "odd"

    with pytest.raises(ParameterError) as caught:
        Knob("x", None, "payoffs", "").check([Odd(), 3, 1, 0])
    assert str(caught.value) == ("knob 'x' = [odd, 3, 1, 0] is not allowed: "
                                 "expected four numbers [T, R, P, S] with R > P and R > 0")


def test_each_mechanism_switch_carries_the_mechanisms_doc_and_source():
    """The switch knob of each mechanism (what `detente knobs` lists) shows the mechanism's own doc
    and source and defaults to whether it is on by default."""
    from detente.model import MECHANISMS

    for name, mechanism in MECHANISMS.items():
        knob = WORLD_KNOBS[name]
        assert (knob.kind, knob.default, knob.doc, knob.source) == (
            "bool", mechanism.on_by_default, mechanism.doc, mechanism.source)
        assert knob.source  # every registered mechanism names where it comes from


def test_the_world_knob_table_is_built_once_while_the_registry_is_unchanged():
    """The table is rebuilt only when the registry changes (a model reads it dozens of times): two
    reads in a row give the very same table."""
    first, defaults = WORLD_KNOBS.current()
    again, defaults_again = WORLD_KNOBS.current()
    assert again is first and defaults_again is defaults


def test_an_unknown_knob_names_at_most_three_close_knobs():
    """'trust_rat' is close (difflib ratio ≥ 0.6) to four knobs: trust_rate, trust, trust_memory and
    growth_rate; the message names the closest three only."""
    with pytest.raises(ParameterError) as caught:
        resolve({"trust_rat": 0.1})
    assert str(caught.value) == "unknown knob 'trust_rat'; did you mean 'trust_rate' or 'trust' or 'trust_memory'?"


def test_an_unknown_doctrine_knob_lists_that_doctrines_knobs_separated_by_commas():
    with pytest.raises(ParameterError) as caught:
        resolve({"win_win.relative_gains": 1.0})
    names = list(DOCTRINES["win_win"].knobs)
    assert str(caught.value) == f"unknown knob 'win_win.relative_gains'; win_win knobs are: {', '.join(names)}"
    assert str(caught.value).endswith("sufficiency, minimum_force, overmatch")


def test_a_setting_nested_too_deeply_is_refused_naming_the_knob_and_showing_the_value():
    """A value nested beyond the 32 levels TOML reading allows is refused with the knob, the value
    (cut by shown() to 60 characters: 56 and " ...") and the limit."""
    raw = "[" * 40 + "]" * 40
    with pytest.raises(ParameterError) as caught:
        parse_setting(f" payoffs = {raw} ")
    assert str(caught.value) == (
        "knob 'payoffs' = '" + "[" * 40 + "]" * 15 + " ...: values nested more than 32 levels deep "
        "(tables and arrays); at most 32 are allowed")


def test_text_is_read_as_a_number_and_an_int_knob_takes_only_whole_ones():
    """Text (a URL's query, --set's words) is read as a number: '12' and '1e3' are 12 and 1000 for
    an int knob, '7.5' is refused as not a whole number and 'twelve' as not a number; a float knob
    reads '0.25' as 0.25."""
    knob = Knob("x", 3, "int", "", low=2)
    assert knob.check("12") == 12 and knob.check("1e3") == 1000
    assert isinstance(knob.check("1e3"), int)
    for text, reason in (("7.5", "not a whole number"), ("twelve", "not a number")):
        with pytest.raises(ParameterError) as caught:
            knob.check(text)
        assert f"({reason})" in str(caught.value)
    assert Knob("y", 0.5, "float", "", low=0.0).check("0.25") == 0.25


@pytest.mark.parametrize("edges, expected", [
    ([[1, 0]], ((1, 0),)), ([[3, 0], [0, 2]], ((3, 0), (0, 2))),
])
def test_an_edge_may_end_at_state_zero(edges, expected):
    assert Knob("x", "complete", "network", "").check(edges) == expected


@pytest.mark.parametrize("edges", [[[0, 1.5]], [[2.0, 1]], [[0, "1"]]])
def test_an_edge_with_one_end_not_a_whole_number_is_refused(edges):
    with pytest.raises(ParameterError, match=re.escape("(edge ends must be state indices (whole numbers))")):
        Knob("x", "complete", "network", "").check(edges)


def test_a_doctrine_share_of_zero_is_allowed():
    """Shares must be non-negative and sum to 1: a doctrine given 0 is simply absent."""
    checked = Knob("x", "zero_sum", "doctrine", "").check({"zero_sum": 1.0, "win_win": 0.0})
    assert checked == {"zero_sum": 1.0, "win_win": 0.0}


def test_the_knob_reference_page_is_what_the_knob_tables_say():
    """docs/knobs.md is written by `detente knobs --markdown` from the knob tables (each knob's
    default, allowed values, meaning and source): a knob changed in the code and not in the page,
    or the other way round, fails here (regenerate the page with that command)."""
    from detente.model import reference

    page = Path(__file__).parents[1] / "docs" / "knobs.md"
    assert page.read_text() == reference.markdown()
    assert "| `zero_sum.arms_reaction` | `0.3` | a number from 0 to 10 | k: arms added per unit of " \
           "perceived threat | Richardson 1960 |" in page.read_text()
