import pytest

from participation import services
from participation.choices import SubmissionKind

TEXT = "门诊挂号排队时间太长，希望增加自助挂号机。"


@pytest.fixture
def submit(campaign, county):
    """Submit from the public page through the service, by default about hospital A."""

    def _submit(org=None, ip="203.0.113.7", phone="", **extra):
        return services.submission_submit(
            campaign=campaign,
            org=org or county["a"],
            kind=extra.pop("kind", SubmissionKind.PROBLEM),
            text=extra.pop("text", TEXT),
            ip=ip,
            phone=phone,
            **extra,
        )

    return _submit


@pytest.fixture
def submission(submit):
    return submit()
