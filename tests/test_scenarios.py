"""Scenario files: extension, lessons, references to other scenarios, and their errors."""

import pytest

from detente.scenarios import ScenarioError, available, load

HEAD = 'schema = 1\nid = "{id}"\ntitle = "T"\nsummary = "S"\n'


def write(tmp_path, name, body):
    path = tmp_path / f"{name}.toml"
    path.write_text(HEAD.format(id=name) + body)
    return path


def test_shipped_scenarios_load():
    assert {"security-dilemma", "common-security"} <= set(available())
    for name in available():
        assert load(name).id == name


def test_a_scenario_extends_another_and_overrides_some_knobs(tmp_path):
    write(tmp_path, "base", 'years = 50\n[knobs]\nn_states = 6\nnoise = 0.1\n[lesson]\nwhat_is_it = "base"\n')
    child = tmp_path / "child.toml"
    child.write_text('schema = 1\nid = "child"\nextends = "base.toml"\n[knobs]\nnoise = 0.2\n')
    scenario = load(child)
    assert scenario.knobs == {"n_states": 6, "noise": 0.2}
    assert scenario.years == 50 and scenario.title == "T" and scenario.lesson["what_is_it"] == "base"


@pytest.mark.parametrize("body, fragment", [
    ('extends = "loop.toml"\n', "key 'extends' makes a cycle"),
    ('extends = "nowhere.toml"\n', "key 'extends' = 'nowhere.toml'"),
    ('compare_with = ["no-such-one"]\n', "key 'compare_with' names a missing scenario"),
    ('[lesson]\nwhat_it_is = "x"\n', "unknown key 'lesson.what_it_is'"),
    ('[lesson]\nquestions = "why?"\n', "key 'lesson.questions' must be a list of strings"),
    ('references = [1]\n', "key 'references' must be a list of strings"),
])
def test_reference_and_lesson_errors_name_the_key(tmp_path, body, fragment):
    path = write(tmp_path, "loop", body)
    with pytest.raises(ScenarioError) as caught:
        load(path)
    assert fragment in str(caught.value) and "loop.toml" in str(caught.value)
