import datetime

import pytest

from common.dates import today
from conftest import make_person
from leadership import services
from ledger.choices import MajorKind
from ledger.tests.factories import make_measure, make_problem
from organisations.choices import Role


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def led_problem(rolled_out, cast, county):
    return make_problem(
        actor=cast["office_a"],
        campaign=rolled_out["JYY"],
        org=county["a"],
        description="县域医共体药品统一配送迟迟未落地",
        lead_leader=cast["leader_a"],
        major_kind=MajorKind.BOTTLENECK,
    )


@pytest.fixture
def led_measure(led_problem, cast):
    return make_measure(actor=cast["office_a"], problem=led_problem, owner=cast["owner_a"], leader=cast["leader_a"])


@pytest.fixture
def problem_b(rolled_out, cast, county):
    head_b = make_person("head_b", county["b"], Role.HEAD)
    return make_problem(actor=head_b, campaign=rolled_out["YYY"], org=county["b"], description="乙医院候诊区拥挤")


@pytest.fixture
def topic(rolled_out, cast, county):
    return services.research_topic_create(
        actor=cast["office_a"],
        campaign=rolled_out["JYY"],
        org=county["a"],
        leader=cast["leader_a"],
        title="关于破解药品配送瓶颈的调研",
        major_kind=MajorKind.BOTTLENECK,
        planned_start=today(),
        planned_end=today() + datetime.timedelta(days=30),
    )
