import pytest

from ledger.tests.factories import make_measure, make_problem


@pytest.fixture
def problem(rolled_out, cast, county):
    return make_problem(actor=cast["office_a"], campaign=rolled_out["JYY"], org=county["a"])


@pytest.fixture
def measure(problem, cast):
    return make_measure(actor=cast["office_a"], problem=problem, owner=cast["owner_a"], leader=cast["leader_a"])


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
