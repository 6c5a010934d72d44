"""Every scenario's lesson is complete and on the teaching path, and runs from the command line.
What each lesson's THINGS TO NOTICE claims is tested in tests/lessons/test_<scenario>.py over the
scenario's own default seeds and years."""

from pathlib import Path

import pytest

from detente.scenarios import TEACHING_PATH, available, load


def test_every_shipped_scenario_is_on_the_teaching_path_and_has_a_full_lesson():
    assert set(available()) == set(TEACHING_PATH)
    for name in available():
        scenario = load(name)
        for section in ("what_is_it", "how_it_works", "how_to_use_it", "things_to_notice",
                        "things_to_try", "extending_the_model", "questions"):
            assert scenario.lesson.get(section), (name, section)
        assert scenario.compare_with and scenario.references and scenario.theory, name


def test_the_teaching_guide_walks_the_teaching_path_in_order():
    guide = (Path(__file__).parents[1] / "docs" / "teaching.md").read_text(encoding="utf-8")
    positions = [guide.find(f"**`{name}`**") for name in TEACHING_PATH]
    assert -1 not in positions and positions == sorted(positions), dict(zip(TEACHING_PATH, positions))


@pytest.mark.parametrize("name", TEACHING_PATH)
def test_each_scenario_runs_from_the_command_line(name, capsys):
    from detente.cli import main

    assert main(["run", name, "--years", "3"]) == 0
    assert name in capsys.readouterr().out
