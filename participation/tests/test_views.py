import datetime

import pytest
import time_machine
from django.urls import reverse

from conftest import PASSWORD
from participation import services
from participation.choices import Channel, SubmissionStatus
from participation.models import Submission


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_inbox_is_scoped(client, cast, submit, county):
    mine = submit()
    other = submit(org=county["b"], ip="198.51.100.3")
    login(client, cast["office_a"])
    page = client.get(reverse("participation:submission-list"))
    assert reverse("participation:submission-detail", args=[mine.pk]) in page.text
    assert reverse("participation:submission-detail", args=[other.pk]) not in page.text
    assert client.get(reverse("participation:submission-detail", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("who", ["owner_b", "owner_a"])
def test_others_see_nothing_and_guessed_urls_404(client, cast, submission, who):
    login(client, cast[who])
    assert (
        reverse("participation:submission-detail", args=[submission.pk])
        not in client.get(reverse("participation:submission-list")).text
    )
    for name in ["submission-detail", "submission-accept", "submission-decline", "submission-answer"]:
        assert client.get(reverse(f"participation:{name}", args=[submission.pk])).status_code == 404
    response = client.post(reverse("participation:submission-decline", args=[submission.pk]), {"reason": "x"})
    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PENDING


def test_inbox_needs_login(client, db):
    assert client.get(reverse("participation:submission-list")).status_code == 302


def test_inbox_flags_overdue_and_filters(client, cast, submit):
    with time_machine.travel(datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC), tick=False):
        late = submit()
    fresh = submit(ip="198.51.100.8")
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC), tick=False):
        login(client, cast["office"])
        page = client.get(reverse("participation:submission-list"), {"overdue": "on"})
    assert "答复超期" in page.text
    assert reverse("participation:submission-detail", args=[late.pk]) in page.text
    assert reverse("participation:submission-detail", args=[fresh.pk]) not in page.text
    declined = client.get(reverse("participation:submission-list"), {"status": "declined"})
    assert reverse("participation:submission-detail", args=[late.pk]) not in declined.text


def test_inbox_query_count(client, cast, submit, django_assert_max_num_queries):
    for i in range(5):
        submit(ip=f"198.51.100.{i}")
    login(client, cast["office"])
    with django_assert_max_num_queries(11):
        client.get(reverse("participation:submission-list"))


def test_triage_through_the_pages(client, cast, submission):
    login(client, cast["office_a"])
    url = reverse("participation:submission-accept", args=[submission.pk])
    assert submission.text in client.get(url).text
    response = client.post(url, {"description": "挂号排队时间长"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.problem.origin_id == submission.pk
    again = client.post(reverse("participation:submission-decline", args=[submission.pk]), {"reason": "重复"})
    assert "已被处理" in again.text


def test_record_offline_submission(client, cast, campaign, county):
    login(client, cast["office_a"])
    response = client.post(
        reverse("participation:submission-record"),
        {
            "campaign": campaign.pk,
            "channel": Channel.FORUM,
            "received_on": "2026-09-08",
            "kind": "opinion",
            "org": county["a"].pk,
            "text": "座谈会上职工建议优化排班。",
        },
    )
    assert response.status_code == 302, response.text
    submission = Submission.objects.get()
    assert submission.channel == Channel.FORUM and submission.recorded_by == cast["office_a"]
    assert submission.ip_hash == ""
    assert submission.answer_due_on > datetime.date(2026, 9, 8)


def test_owner_may_not_record(client, cast):
    login(client, cast["owner_a"])
    assert client.get(reverse("participation:submission-record")).status_code == 403


def test_track_answer_and_rate_once(client, cast, submission):
    services.submission_answer(actor=cast["office_a"], submission=submission, text="已增设自助挂号机。")
    url = reverse("participation:submission-track")
    page = client.post(url, {"code": submission.display_code.lower()})
    assert "已增设自助挂号机" in page.text and "提交评价" in page.text
    client.post(url, {"code": submission.tracking_code, "rating": "satisfied"})
    again = client.post(url, {"code": submission.tracking_code, "rating": "unsatisfied"})
    submission.refresh_from_db()
    assert submission.rating == "satisfied"
    assert "您的评价：满意" in again.text and "提交评价" not in again.text
    assert "未找到该查询码" in client.post(url, {"code": "ABCD-EFGH-JKMN"}).text
