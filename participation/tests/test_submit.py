import datetime

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEntry
from common.exceptions import DomainError
from participation import services
from participation.models import Submission


def test_rate_limit_per_ip_keeps_earlier_ones(submit):
    with time_machine.travel(datetime.datetime(2026, 9, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        for _ in range(5):
            submit()
        with pytest.raises(DomainError, match="提交过于频繁"):
            submit()
        submit(ip="198.51.100.9")  # another address is not affected
    assert Submission.objects.count() == 6
    with time_machine.travel(datetime.datetime(2026, 9, 10, 9, 11, tzinfo=datetime.UTC), tick=False):
        submit()  # the window has passed
    assert Submission.objects.count() == 7


def test_rate_limit_per_phone(submit):
    with time_machine.travel(datetime.datetime(2026, 9, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        for i in range(3):
            submit(ip=f"198.51.100.{i}", phone="13912345678")
        with pytest.raises(DomainError, match="同一手机号码一天内最多提交3条"):
            submit(ip="198.51.100.50", phone="13912345678")
        submit(ip="198.51.100.51", phone="13912345679")
    assert Submission.objects.filter(phone="13912345678").count() == 3


def test_raw_ip_is_never_stored(submit):
    ip = "203.0.113.77"
    submission = submit(ip=ip)
    assert submission.ip_hash == services.ip_hash(ip) and ip not in submission.ip_hash
    row = Submission.objects.filter(pk=submission.pk).values().get()
    assert not any(ip in str(value) for value in row.values())
    for entry in AuditEntry.objects.all():
        assert ip not in str(entry.after) and submission.tracking_code not in str(entry.after)


def test_unit_must_be_in_the_campaign(submit, county):
    with pytest.raises(DomainError, match="不是本活动可反映的单位"):
        submit(org=county["dept_a"])


def _post(client, campaign, county, **extra):
    data = {"kind": "complaint", "org": county["a"].pk, "text": "护士态度生硬，解释不耐心，希望改进。", **extra}
    return client.post(reverse("participation:submission-submit", args=[campaign.code]), data, REMOTE_ADDR="192.0.2.5")


def test_public_page_needs_no_login_and_gives_a_code(client, campaign, county):
    page = client.get(reverse("participation:submission-submit", args=[campaign.code]))
    assert page.status_code == 200
    assert "乙医院" in page.text and "甲医院医务科" not in page.text
    response = _post(client, campaign, county, phone="13812345678")
    assert response.status_code == 302
    submission = Submission.objects.get()
    done = client.get(response.url)
    assert submission.display_code in done.text
    assert submission.ip_hash == services.ip_hash("192.0.2.5")


def test_honeypot_pretends_success_and_stores_nothing(client, campaign, county):
    response = _post(client, campaign, county, website="http://spam.example")
    assert response.status_code == 302
    assert "查询码" in client.get(response.url).text
    assert not Submission.objects.exists()


def test_form_checks_length_and_mobile(client, campaign, county):
    response = _post(client, campaign, county, text="太短了", phone="12345678901")
    assert "内容请至少写10个字" in response.text and "11位中国大陆手机号码" in response.text
    assert not Submission.objects.exists()


def test_past_the_limit_the_page_says_so(client, campaign, county):
    for _ in range(5):
        _post(client, campaign, county)
    response = _post(client, campaign, county)
    assert response.status_code == 200 and "提交过于频繁" in response.text
    assert Submission.objects.count() == 5


def test_unknown_campaign_is_404(client, db):
    assert client.get("/voices/c/NOPE/").status_code == 404
