"""The corpus of malformed scenario files (tests/malformed/*.toml): each is a mistake a user could
make, and each must give its own clear error: one message that starts with the file and the line it
points at, contains the expected text (key and what is allowed), and from the CLI exit status 2 with
no traceback.

Every corpus file starts with two comment lines: ``# expect: TEXT`` (a fragment the message must
contain) and ``# line: N`` (the line the message must point at first), or ``# line: none`` when no
line can hold the mistake (a missing key). Files in tests/malformed/referenced/ are only referenced
by corpus files (through ``extends``) and are not part of the corpus.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import expectation, place

from detente import cli
from detente.scenarios import ScenarioError, available, load

CORPUS = sorted((Path(__file__).parent / "malformed").glob("*.toml"))
DETENTE = Path(sys.executable).parent / "detente"  # the installed console script


def test_the_corpus_has_at_least_thirty_files_each_with_its_expectation():
    assert len(CORPUS) >= 30
    for path in CORPUS:
        fragment, _ = expectation(path)
        assert len(fragment) >= 15, f"{path.name}: expect a specific message, not '{fragment}'"


def test_each_corpus_file_expects_a_different_error():
    fragments = [expectation(path)[0] for path in CORPUS]
    assert len(set(fragments)) == len(fragments)


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: path.stem)
def test_loading_a_malformed_file_names_file_line_key_and_what_is_allowed(path):
    fragment, line = expectation(path)
    with pytest.raises(ScenarioError) as caught:
        load(path)
    message = str(caught.value)
    assert fragment in message
    assert place(message, path) == line, message


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: path.stem)
def test_validate_exits_2_with_one_error_line(path, capsys):
    fragment, _ = expectation(path)
    assert cli.main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"detente: error: {path}") and err.count("\n") == 1
    assert fragment in err


@pytest.mark.parametrize("name", ["knob-out-of-range", "state-name-twice", "extends-cycle",
                                  "syntax-missing-equals", "not-utf8", "variant-knob-out-of-range"])
def test_the_console_script_reports_without_a_traceback(name):
    path = next(path for path in CORPUS if path.stem == name)
    fragment, line = expectation(path)
    done = subprocess.run([str(DETENTE), "validate", str(path)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("detente: error: ") and "Traceback" not in done.stderr
    assert fragment in done.stderr and f"line {line}" in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("name", available())
def test_every_shipped_scenario_validates(name, capsys):
    assert cli.main(["validate", name]) == 0
    assert f"valid scenario '{name}'" in capsys.readouterr().out
    scenario = load(name)
    assert [world.id for world in scenario.expand()] == (
        [f"{name}/{variant}" for variant in scenario.variants] or [name])


# --- whole messages, where a fragment would let a garbled start or end through (issue 14)

HEAD = 'schema = 1\nid = "my-world"\ntitle = "My world"\nsummary = "S"\n'


def message_of(tmp_path, body: str) -> tuple[Path, str]:
    path = tmp_path / "my-world.toml"
    path.write_text(HEAD + body)
    with pytest.raises(ScenarioError) as caught:
        load(path)
    return path, str(caught.value)


def test_a_knob_error_outside_variants_is_the_models_message_after_file_and_line(tmp_path):
    path, message = message_of(tmp_path, "[knobs]\nnoise = 0.9\n")
    assert message == (f"{path}, line 6: knob 'noise' = 0.9 is not allowed (out of range): "
                       "expected a number from 0 to 0.5")


def test_a_variant_name_with_a_space_says_how_variants_are_addressed(tmp_path):
    path, message = message_of(tmp_path, '[variants."calm seas"]\ntitle = "Calm"\n')
    assert message == (f"{path}, line 5: variant name 'calm seas' is not allowed: expected a name of "
                       "letters, digits, '-' and '_' (it is addressed as ID/NAME)")


def test_an_unknown_lesson_section_lists_every_section_and_questions(tmp_path):
    path, message = message_of(tmp_path, '[lesson]\nquestion = ["Why?"]\n')
    assert message == (f"{path}, line 6: unknown key 'lesson.question'; did you mean 'questions'? "
                       "(allowed: what_is_it, how_it_works, how_to_use_it, things_to_notice, "
                       "things_to_try, extending_the_model, questions)")
