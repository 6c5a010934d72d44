"""Scenario files: extension, lessons, references to other scenarios, and their errors."""

from dataclasses import replace
from pathlib import Path

import pytest

from detente.model import STATE_FIELDS, DiplomacyModel
from detente.scenarios import (_TOP_KEYS, _VARIANT_KEYS, LESSON_SECTIONS, SCHEMA, Scenario, ScenarioError,
                               available, load, short_labels)
from detente.scenarios import tomlfile
from detente.scenarios.lines import dotted, key_line
from detente.scenarios.tomlfile import MAX_NESTING

HEAD = 'schema = 1\nid = "{id}"\ntitle = "T"\nsummary = "S"\n'


def write(tmp_path, name, body):
    path = tmp_path / f"{name}.toml"
    path.write_text(HEAD.format(id=name) + body)
    return path


def test_a_scenario_extends_another_and_overrides_some_knobs(tmp_path):
    write(tmp_path, "base", 'years = 50\n[knobs]\nn_states = 6\nnoise = 0.1\n[lesson]\nwhat_is_it = "base"\n')
    child = tmp_path / "child.toml"
    child.write_text('schema = 1\nid = "child"\nextends = "base.toml"\n[knobs]\nnoise = 0.2\n')
    scenario = load(child)
    assert scenario.knobs == {"n_states": 6, "noise": 0.2}
    assert scenario.years == 50 and scenario.title == "T" and scenario.lesson["what_is_it"] == "base"


def test_a_scenario_may_extend_a_variant_and_compare_with_one(tmp_path):
    path = write(tmp_path, "mine", 'extends = "jervis-four-worlds/defense-distinguishable"\n'
                                   'compare_with = ["jervis-four-worlds/offense-indistinguishable"]\n'
                                   '[knobs]\ndoctrine = "win_win"\n')
    scenario = load(path)
    assert scenario.knobs["offense_dominance"] == 0.5 and scenario.knobs["doctrine"] == "win_win"


def test_a_file_that_extends_itself_is_a_cycle_at_the_line_of_extends(tmp_path):
    path = write(tmp_path, "loop", 'years = 10\nextends = "loop.toml"\n')
    with pytest.raises(ScenarioError, match=r"loop.toml, line 6: key 'extends' = 'loop.toml' makes a "
                                            r"cycle: loop.toml -> loop.toml$"):
        load(path)


@pytest.mark.parametrize("knobs", ['doctrine = { zero_sum = 0.25, win_win = 0.75 }',
                                   '[knobs.doctrine]\nzero_sum = 0.25\nwin_win = 0.75'])
def test_doctrine_shares_can_be_set_in_a_file(tmp_path, knobs):
    path = write(tmp_path, "mixed", f"[knobs]\nn_states = 8\n{knobs}\n")
    model = load(path).model(seed=0)
    assert sorted(model.code.tolist()) == [0, 0, 1, 1, 1, 1, 1, 1]


def test_an_error_from_knobs_of_two_files_names_the_file_being_loaded(tmp_path):
    write(tmp_path, "base", '[knobs]\nn_states = 6\nnetwork = [[0, 1], [4, 5]]\n')
    path = write(tmp_path, "child", 'extends = "base.toml"\n[knobs]\nn_states = 3\n')
    with pytest.raises(ScenarioError, match=r"child.toml, line 6: knob 'network': edge \[4, 5\] names a "
                                            r"state beyond the 3 states"):
        load(path)


def test_an_empty_file_and_a_folder_are_reported(tmp_path):
    (tmp_path / "empty.toml").write_bytes(b"")
    with pytest.raises(ScenarioError, match="empty.toml: the file sets no keys"):
        load(tmp_path / "empty.toml")
    (tmp_path / "folder.toml").mkdir()
    with pytest.raises(ScenarioError, match="folder.toml: cannot read"):
        load(tmp_path / "folder.toml")


def test_a_byte_order_mark_is_accepted_and_bad_bytes_are_placed_after_it(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + HEAD.format(id="bom").encode())
    assert load(path).id == "bom"
    path.write_bytes(b"\xef\xbb\xbf" + HEAD.format(id="bom").encode() + b'theory = "\xff"\n')
    with pytest.raises(ScenarioError, match=r"bom.toml, line 5: not UTF-8 text \(byte 0xff\)"):
        load(path)


def test_a_misspelled_variant_gets_a_suggestion():
    with pytest.raises(ScenarioError, match="no variant 'offense-distinguishabel'; did you mean "
                                            "'offense-distinguishable'?"):
        load("jervis-four-worlds/offense-distinguishabel")


def test_settings_from_the_command_line_are_named_in_their_error():
    with pytest.raises(ScenarioError, match=r"with the settings \{'noise': 2\}: knob 'noise' = 2 "):
        load("security-dilemma").with_knobs({"noise": 2})


TEXT = """schema = 1
lesson.what_is_it = \"\"\"
[knobs]
noise = 1
\"\"\"
[knobs]
 zero_sum . arms_reaction = 0.3  # a dotted key
[knobs.win_win]
generosity = 0.2
[[states]]
name = "A"
[[states]]
name = "B"
wealth = 2.0
states_note = "x = [1]"
[variants.offense]
knobs = { offense_dominance = 2.0 }
notes = [
  '''a note
x = 1''',
]
[ variants . "quoted" ]
title = "Q"
"""


@pytest.mark.parametrize("key, line", [
    (("schema",), 1),
    (("lesson", "what_is_it"), 2),
    (("knobs", "noise"), 6),  # not set: the [knobs] table, not the text inside the string
    (("knobs", "zero_sum", "arms_reaction"), 7),
    (("knobs", "win_win", "generosity"), 9),
    (("knobs", "win_win", "sufficiency"), 8),
    (("states",), 10),
    (("states", 0, "name"), 11),
    (("states", 1, "wealth"), 14),
    (("states", 1, "growth"), 12),
    (("variants", "offense", "knobs", "offense_dominance"), 17),
    (("variants", "quoted", "title"), 23),
    (("variants", "offense", "x"), 16),  # not the text inside the list's string
    (("years",), None),
    ((), None),
])
def test_key_line_finds_the_line_of_a_key_or_of_what_holds_it(key, line):
    assert key_line(TEXT, key) == line


def test_the_schema_document_describes_every_key_of_this_schema():
    text = (Path(__file__).parent.parent / "docs" / "scenario-schema.md").read_text(encoding="utf-8")
    assert text.startswith(f"# Scenario files: schema {SCHEMA}\n")
    for key in [*_TOP_KEYS, *STATE_FIELDS, *LESSON_SECTIONS, "questions", *_VARIANT_KEYS]:
        assert f"`{key}`" in text, key


def test_validating_a_file_checks_its_worlds_without_building_them(tmp_path, monkeypatch):
    # a file of 5,000 named states (and a variant of 5,000 generated ones) took seconds to validate
    # when each world was built: their 25 million pairs
    def refuse(*args, **kwargs):
        raise AssertionError("a model was built")

    monkeypatch.setattr(DiplomacyModel, "__init__", refuse)
    states = "".join(f'[[states]]\nname = "S{i}"\nwealth = {i + 1}\n' for i in range(5000))
    path = tmp_path / "big.toml"
    path.write_text('schema = 1\nid = "big"\ntitle = "t"\nsummary = "s"\n'
                    '[variants.generated.knobs]\nn_states = 5000\n' + states)
    assert len(load(path).states) == 5000
    path.write_text(path.read_text() + '[[states]]\nname = "S7"\n')
    with pytest.raises(ScenarioError, match=r"big.toml, line 15008: .*the name 'S7' is used twice"):
        load(path)


# --- what a file sets, what it inherits, and what its variants take (issue 14: mutants of the reader)

PARENT = """schema = 1
id = "parent"
title = "Parent world"
summary = "The parent's summary."
theory = "The parent's theory."
references = ["Herz 1950"]
compare_with = ["security-dilemma"]
years = 70
seeds = 4
[knobs]
noise = 0.1
[[states]]
name = "Athens"
wealth = 3.0
[[states]]
name = "Sparta"
"""


def test_a_file_that_extends_another_inherits_every_key_it_does_not_set(tmp_path):
    """The child sets only schema, id and extends: title, summary, theory, references, compare_with,
    years (70, not the default 200), seeds (4, not the default 10), knobs and named states all come
    from the parent; its id and path are its own."""
    (tmp_path / "parent.toml").write_text(PARENT)
    child = tmp_path / "child.toml"
    child.write_text('schema = 1\nid = "child"\nextends = "parent.toml"\n')
    scenario = load(child)
    assert (scenario.id, scenario.path) == ("child", child)
    assert (scenario.title, scenario.summary) == ("Parent world", "The parent's summary.")
    assert (scenario.theory, scenario.references) == ("The parent's theory.", ["Herz 1950"])
    assert scenario.compare_with == ["security-dilemma"]
    assert (scenario.years, scenario.seeds) == (70, 4)
    assert scenario.knobs == {"noise": 0.1}
    assert [state["name"] for state in scenario.states] == ["Athens", "Sparta"]


def test_keys_a_file_sets_override_those_it_extends(tmp_path):
    """Every key the child sets is its own, not the parent's: years 30 and seeds 3 (neither the
    parent's 70 and 4 nor the defaults 200 and 10), and a .toml in compare_with is found beside the
    file that names it."""
    (tmp_path / "parent.toml").write_text(PARENT)
    child = tmp_path / "child.toml"
    child.write_text('schema = 1\nid = "child"\nextends = "parent.toml"\ntitle = "Child world"\n'
                     'summary = "The child\'s summary."\ntheory = "The child\'s theory."\n'
                     'references = ["Jervis 1978"]\ncompare_with = ["parent.toml"]\nyears = 30\n'
                     'seeds = 3\n[[states]]\nname = "Rome"\n[[states]]\nname = "Carthage"\n'
                     '[[states]]\nname = "Veii"\n')
    scenario = load(child)
    assert (scenario.title, scenario.summary) == ("Child world", "The child's summary.")
    assert (scenario.theory, scenario.references) == ("The child's theory.", ["Jervis 1978"])
    assert scenario.compare_with == ["parent.toml"]
    assert (scenario.years, scenario.seeds) == (30, 3)
    assert [state["name"] for state in scenario.states] == ["Rome", "Carthage", "Veii"]


def test_a_file_without_extends_keeps_its_own_keys_and_the_defaults(tmp_path):
    """No parent: what the file sets, and the defaults for the rest (200 years, 10 seeds, no theory,
    references, comparisons or named states)."""
    path = write(tmp_path, "own", 'theory = "Mine."\n')
    scenario = load(path)
    assert (scenario.title, scenario.summary, scenario.theory) == ("T", "S", "Mine.")
    assert (scenario.years, scenario.seeds, scenario.states) == (200, 10, None)
    assert (scenario.references, scenario.compare_with, scenario.path) == ([], [], path)


@pytest.mark.parametrize("missing", ["id", "schema"])
def test_a_file_that_extends_another_still_needs_its_own_id_and_schema(tmp_path, missing):
    """extends supplies title and summary, never the file's own id or the schema it is written in."""
    (tmp_path / "parent.toml").write_text(PARENT)
    lines = {"schema": "schema = 1\n", "id": 'id = "child"\n'}
    child = tmp_path / "child.toml"
    child.write_text("".join(text for key, text in lines.items() if key != missing)
                     + 'extends = "parent.toml"\n')
    with pytest.raises(ScenarioError, match=rf"^{child}: missing required key '{missing}'$"):
        load(child)


VARIANTS = """[knobs]
noise = 0.1
[variants.calm]
title = "Calm seas"
summary = "Little noise."
knobs = { noise = 0.05 }
[variants.rough]
knobs = { noise = 0.3 }
[variants.named]
title = "Only a title"
"""


def test_a_variant_takes_its_own_title_summary_and_knobs_and_compares_with_its_siblings(tmp_path):
    """calm sets title, summary and a knob; rough only a knob, so its title is 'T: rough' and its
    summary the scenario's 'S'; named sets no knobs and keeps noise 0.1. Each variant has no
    variants of its own and is compared with its two siblings."""
    scenario = load(write(tmp_path, "seas", 'compare_with = ["security-dilemma"]\n' + VARIANTS))
    calm, rough, named = (scenario.variant(name) for name in ("calm", "rough", "named"))
    assert (calm.id, calm.title, calm.summary, calm.knobs) == (
        "seas/calm", "Calm seas", "Little noise.", {"noise": 0.05})
    assert (rough.id, rough.title, rough.summary, rough.knobs) == ("seas/rough", "T: rough", "S", {"noise": 0.3})
    assert (named.title, named.summary, named.knobs) == ("Only a title", "S", {"noise": 0.1})
    assert calm.compare_with == ["seas/rough", "seas/named"]
    assert rough.compare_with == ["seas/calm", "seas/named"]
    assert calm.variants == rough.variants == named.variants == {}
    assert scenario.compare_with == ["security-dilemma"]


def test_a_lone_variant_compares_with_what_its_scenario_compares_with(tmp_path):
    """With no sibling to compare with, a variant keeps its scenario's compare_with."""
    scenario = load(write(tmp_path, "alone", 'compare_with = ["security-dilemma"]\n'
                                             '[variants.only]\nknobs = { noise = 0.2 }\n'))
    assert scenario.variant("only").compare_with == ["security-dilemma"]


def test_a_missing_variant_is_reported_with_the_file_and_the_variants_there_are(tmp_path):
    path = write(tmp_path, "seas", VARIANTS)
    with pytest.raises(ScenarioError) as caught:
        load(f"{path}/stormy")
    assert str(caught.value) == f"{path}: no variant 'stormy' (variants: calm, rough, named)"


def test_a_scenario_built_in_code_names_itself_by_id_and_its_lack_of_variants():
    scenario = Scenario(id="mine", title="T", summary="S")
    with pytest.raises(ScenarioError) as caught:
        scenario.variant("calm")
    assert str(caught.value) == "mine: no variant 'calm' (variants: none)"


def test_variants_are_loaded_by_path_as_FILE_toml_slash_VARIANT(tmp_path):
    """An absolute path has slashes of its own: only the part after the .toml is the variant."""
    path = write(tmp_path, "seas", VARIANTS)
    assert load(f"{path}/rough").id == "seas/rough"


def test_a_name_with_slashes_but_no_toml_is_reported_whole():
    with pytest.raises(ScenarioError, match=r"^unknown scenario 'worlds/security-dilemma/calm'; "):
        load("worlds/security-dilemma/calm")


def test_an_unknown_scenario_lists_the_shipped_ones_in_teaching_order():
    with pytest.raises(ScenarioError) as caught:
        load("no-such-world")
    assert str(caught.value) == (f"unknown scenario 'no-such-world' (shipped scenarios: "
                                 f"{', '.join(available())}; or give the path of a .toml file)")
    assert available()[:2] == ["security-dilemma", "common-security"]


def test_a_folder_a_non_toml_file_and_a_missing_file_are_each_reported(tmp_path):
    hint = "a scenario is a shipped id (`detente scenarios` lists them) or a .toml file"
    with pytest.raises(ScenarioError) as caught:
        load(tmp_path)
    assert str(caught.value) == f"{tmp_path}: a folder; {hint}"
    notes = tmp_path / "notes.txt"
    notes.write_text("schema = 1\n")
    with pytest.raises(ScenarioError) as caught:
        load(notes)
    assert str(caught.value) == f"{notes}: not a .toml file; {hint}"
    with pytest.raises(ScenarioError) as caught:
        load(tmp_path / "missing.toml")
    assert str(caught.value) == f"{tmp_path / 'missing.toml'}: no such file"


@pytest.mark.parametrize("ids, labels", [
    (["jervis/offense", "jervis/defense"], ["offense", "defense"]),
    (["jervis/offense", "other/defense"], ["jervis/offense", "other/defense"]),
    (["jervis", "jervis/offense"], ["jervis", "jervis/offense"]),
    (["security-dilemma", "common-security"], ["security-dilemma", "common-security"]),
])
def test_short_labels_drop_the_scenario_only_when_all_are_variants_of_one(ids, labels):
    assert short_labels(ids) == dict(zip(ids, labels))


def test_a_scenarios_model_uses_its_seed_and_named_states(tmp_path):
    """The same seed gives the same world (growth is drawn from it), another seed another; the named
    states are the file's, with Athens' wealth 3 and Sparta's the default 1."""
    path = tmp_path / "greece.toml"
    path.write_text(PARENT.replace('id = "parent"', 'id = "greece"'))
    scenario = load(path)
    one, again, other = scenario.model(seed=3), scenario.model(seed=3), scenario.model(seed=4)
    assert [state.name for state in one.states] == ["Athens", "Sparta"]
    assert one.wealth.tolist() == [3.0, 1.0]
    assert one.growth.tolist() == again.growth.tolist() != other.growth.tolist()


def test_validate_names_the_file_or_else_the_id():
    """A Scenario built in code is checked like a file: knob 'noise' = 2 is beyond its 0 to 0.5."""
    scenario = Scenario(id="mine", title="T", summary="S", knobs={"noise": 2})
    with pytest.raises(ScenarioError, match=r"^mine: knob 'noise' = 2 is not allowed \(out of range\)"):
        scenario.validate()
    with pytest.raises(ScenarioError, match=r"^worlds/mine.toml: knob 'noise' = 2 is not allowed"):
        replace(scenario, path=Path("worlds/mine.toml")).validate()


@pytest.mark.parametrize("text, key, line", [
    # a one-line triple-quoted string opens nothing: the next line's key is found
    ('theory = """All on one line."""\nyears = 50\n', ("years",), 2),
    ("theory = '''All on one line.'''\nyears = 50\n", ("years",), 2),
    # a literal-quoted key part is read without its quotes, and keeps all of its letters
    ("[variants.'Xmas']\ntitle = \"X\"\n", ("variants", "Xmas", "title"), 2),
    # a quoted key tomllib rejects (an unknown escape) is still read without its quotes
    ('"\\eMAX" = 1\n', ("\\eMAX",), 1),
])
def test_key_line_reads_quotes_in_keys_and_strings_as_toml_does(text, key, line):
    assert key_line(text, key) == line


@pytest.mark.parametrize("key, text", [
    (("states", 2, "wealth"), "states[2].wealth"),
    (("knobs", "zero_sum", "arms_reaction"), "knobs.zero_sum.arms_reaction"),
    (("Xmas", 0), "Xmas[0]"),
])
def test_messages_write_a_key_path_with_dots_and_indices(key, text):
    assert dotted(key) == text


def nested(depth: int) -> str:
    return "a = " + "[" * depth + "1" + "]" * depth


def test_values_may_nest_32_levels_deep_counting_the_file_itself():
    """The file's table is a level (MAX_NESTING's five for variants.NAME.knobs.zero_sum.arms_reaction
    count it), so a = [[...[1]...]] may hold 31 arrays (32 levels) and not 32 (33 levels)."""
    assert MAX_NESTING == 32
    assert tomlfile.loads(nested(31))["a"] is not None
    with pytest.raises(tomlfile.TooDeep) as caught:
        tomlfile.loads("b = 2\n" + nested(32))
    assert caught.value.line == 2
    assert str(caught.value) == ("values nested more than 32 levels deep (tables and arrays); at most 32 "
                                 "are allowed")


def test_nesting_too_deep_for_tomllib_is_placed_at_the_first_line_where_it_is_deepest():
    """600 brackets are too deep for tomllib (its recursion), so the place is where the brackets
    and braces opened so far are most: 1 after line 2, 600 on line 3, 0 after line 4, 600 again on
    line 5, which is not deeper; letters, even X, count for nothing, before or after."""
    text = ("title = \"" + "X" * 1000 + "\"\na = [\n" + "[" * 599 + "\n" + "]" * 600 + "\nb = "
            + "[" * 600 + "]" * 600 + "\nnote = \"" + "X" * 1000 + "\"\n")
    with pytest.raises(tomlfile.TooDeep) as caught:
        tomlfile.loads(text)
    assert caught.value.line == 3
