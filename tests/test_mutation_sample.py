"""CI's mutation check (issue 14): a fixed sample of mutants that the fast unit suite killed before
(tests/mutation/sample.json, chosen by ``python tests/mutation/mutate.py sample``: the three
mutations the issue names, and killed mutants of the kernels and of the mechanisms' and doctrines'
Python modules) must all still be killed — each applied in a staged copy of the package (a kernel
mutant rebuilt), against its module's tests, the exact kernel tests and the contract suite."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "mutation"))
import mutate  # noqa: E402 - the runner lives beside its data, not in the package

SAMPLE = [mutate.Mutant(**entry) for entry in json.loads(mutate.SAMPLE.read_text())]


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    return mutate.stage(tmp_path_factory.mktemp("mutate"))


def test_the_sample_is_large_enough_and_holds_the_mutations_the_issue_names():
    names = {mutant.operator for mutant in SAMPLE}
    assert len(SAMPLE) >= 30
    assert {"prize_without_appetite", "strike_without_defensive_discount", "one_sided_trust"} <= names


@pytest.mark.parametrize("mutant", SAMPLE, ids=[mutant.name for mutant in SAMPLE])
def test_a_mutant_killed_before_is_still_killed(staged, mutant):
    assert mutate.run_mutant(staged, mutant, mutate.own_tests(mutant)) == "killed"
