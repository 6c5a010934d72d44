"""Scenario files: extension, lessons, references to other scenarios, and their errors."""

from pathlib import Path

import pytest

from detente.model import STATE_FIELDS, DiplomacyModel
from detente.scenarios import _TOP_KEYS, _VARIANT_KEYS, LESSON_SECTIONS, SCHEMA, ScenarioError, load
from detente.scenarios.lines import key_line

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
