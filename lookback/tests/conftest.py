import datetime

import pytest

from campaigns import services as campaign_services
from ledger.tests.factories import make_measure, make_problem
from lookback import services
from lookback.tests.factories import closed_measure, two_step


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def closed_measures(rolled_out, cast, county):
    """Three closed measures in hospital A (its department's owner), one in hospital B, one still open in A."""
    for sub in rolled_out.values():
        two_step(sub, cast)
    measures = {
        "a1": closed_measure(cast, campaign=rolled_out["JYY"], org=county["a"], owner=cast["owner_a"]),
        "a2": closed_measure(cast, campaign=rolled_out["JYY"], org=county["a"], owner=cast["owner_a"]),
        "a3": closed_measure(cast, campaign=rolled_out["JYY"], org=county["dept_a"], owner=cast["owner_a"]),
        "b1": closed_measure(cast, campaign=rolled_out["YYY"], org=county["b"], owner=cast["owner_b"]),
    }
    open_problem = make_problem(actor=cast["office"], campaign=rolled_out["JYY"], org=county["a"])
    measures["open"] = make_measure(actor=cast["office"], problem=open_problem, owner=cast["owner_a"])
    return measures


@pytest.fixture
def draft(campaign, cast, county, closed_measures):
    return services.round_create(
        actor=cast["office"],
        campaign=campaign,
        name="第一轮回头看",
        org=county["commission"],
        starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(2026, 12, 31),
        checkers=[cast["supervisor"], cast["inspector"]],
    )


@pytest.fixture
def running(draft, cast):
    return services.round_start(actor=cast["office"], round_=draft)


@pytest.fixture
def earlier_campaign(cast, county):
    earlier = campaign_services.campaign_create(
        actor=cast["office"],
        org=county["commission"],
        code="2025-PB",
        theme="作风建设年",
        kind="pobing",
        doc_number="测卫发〔2025〕8号",
        starts_on=datetime.date(2025, 9, 1),
        template_key="pobing",
    )
    return two_step(earlier, cast)
