import datetime

import pytest

from commitments import services
from common.dates import today
from ledger.tests.factories import pdf_file


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def make_commitment(*, actor, campaign, org, responsible, **fields):
    fields.setdefault("content", "一个月内开通门诊夜间服务")
    fields.setdefault("target", "工作日夜间门诊开放至21时，群众满意率不低于90%")
    fields.setdefault("deadline", today() + datetime.timedelta(days=30))
    return services.commitment_create(actor=actor, campaign=campaign, org=org, responsible=responsible, **fields)


@pytest.fixture
def draft(campaign, cast, county):
    return make_commitment(actor=cast["head_a"], campaign=campaign, org=county["a"], responsible=cast["owner_a"])


@pytest.fixture
def published(draft, cast):
    return services.commitment_publish(actor=cast["head_a"], commitment=draft)


@pytest.fixture
def requested(published, cast):
    return services.commitment_request_fulfilment(
        actor=cast["head_a"], commitment=published, text="夜间门诊已于上周开诊", files=[pdf_file()]
    )
