"""Look-back pages: who may and who may not, and pinned query counts on the lists."""

import pytest
from django.urls import reverse

from conftest import PASSWORD
from ledger.choices import MeasureStatus
from ledger.models import Measure
from ledger.tests.factories import pdf_file
from lookback.choices import RoundStatus, Verdict
from lookback.models import LookbackRound


def log_in(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def test_anonymous_is_sent_to_log_in(client, draft):
    for url in (reverse("lookback:round-list"), reverse("lookback:round-detail", args=[draft.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_round_list_office_and_checker_see_it_others_do_not(client, running, cast, django_assert_num_queries):
    log_in(client, "office")
    with django_assert_num_queries(10):
        page = client.get(reverse("lookback:round-list")).content.decode()
    assert running.name in page and "新建回头看" in page
    log_in(client, "inspector")
    page = client.get(reverse("lookback:round-list")).content.decode()
    assert running.name in page and "待我核查" in page and "新建回头看" not in page
    log_in(client, "owner_b")
    assert running.name not in client.get(reverse("lookback:round-list")).content.decode()


def test_round_list_query_count_does_not_grow(client, running, cast, campaign, county, django_assert_num_queries):
    from lookback import services

    for n in range(3):
        services.round_create(
            actor=cast["office"],
            campaign=campaign,
            name=f"轮次{n}",
            org=county["commission"],
            starts_on=running.starts_on,
            ends_on=running.ends_on,
        )
    log_in(client, "office")
    with django_assert_num_queries(10):
        client.get(reverse("lookback:round-list"))


def test_create_page_preview_and_create(client, campaign, cast, county, closed_measures):
    url = reverse("lookback:round-create", args=[campaign.pk])
    log_in(client, "office")
    assert client.get(url).status_code == 200
    data = {
        "name": "随机回头看",
        "org": county["commission"].pk,
        "starts_on": "2026-11-01",
        "ends_on": "2026-12-31",
        "rule": "random",
        "percent": "50",
        "checkers": [cast["supervisor"].pk],
    }
    response = client.post(url, {**data, "preview": "1"})
    page = response.content.decode()
    assert "将抽取 2 条措施" in page
    assert not LookbackRound.objects.exists()
    seed = response.context["form"].data["seed"]
    response = client.post(url, {**data, "seed": seed})
    round_ = LookbackRound.objects.get()
    assert response.status_code == 302 and round_.seed == int(seed)


@pytest.mark.parametrize("who", ["supervisor", "head_a", "owner_a"])
def test_create_page_refused_to_others(client, campaign, who, cast):
    log_in(client, who)
    assert client.get(reverse("lookback:round-create", args=[campaign.pk])).status_code == 403


def test_create_page_not_found_outside_scope(client, campaign, cast):
    from accounts.models import User

    User.objects.create_user(username="nobody", password=PASSWORD)
    log_in(client, "nobody")
    assert client.get(reverse("lookback:round-create", args=[campaign.pk])).status_code == 404


def test_detail_start_and_finish_by_the_office(client, draft, cast, django_assert_max_num_queries):
    url = reverse("lookback:round-detail", args=[draft.pk])
    log_in(client, "office")
    assert "启动并抽取" in client.get(url).content.decode()
    client.post(reverse("lookback:round-start", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == RoundStatus.RUNNING
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "核查进度" in page and "改派" in page
    response = client.post(reverse("lookback:round-finish", args=[draft.pk]), {"remark": "到期结束"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == RoundStatus.FINISHED


def test_detail_for_a_checker_shows_only_their_items(client, running, cast):
    log_in(client, "inspector")
    response = client.get(reverse("lookback:round-detail", args=[running.pk]))
    assert response.status_code == 200
    assert {item.checker.username for item in response.context["items"]} == {"inspector"}
    assert "改派" not in response.content.decode()


def test_detail_and_actions_refused_to_others(client, running, cast):
    log_in(client, "owner_b")
    assert client.get(reverse("lookback:round-detail", args=[running.pk])).status_code == 404
    item = running.items.first()
    assert client.get(reverse("lookback:item-verdict", args=[item.pk])).status_code == 404
    log_in(client, "supervisor")
    assert client.get(reverse("lookback:round-finish", args=[running.pk])).status_code == 403
    assert client.get(reverse("lookback:item-assign", args=[item.pk])).status_code == 403
    client.post(reverse("lookback:round-start", args=[running.pk]))


def test_verdict_page_for_the_assigned_checker_only(client, running, cast):
    item = running.items.filter(checker=cast["inspector"]).first()
    url = reverse("lookback:item-verdict", args=[item.pk])
    log_in(client, "supervisor")
    assert client.get(url).status_code == 403
    log_in(client, "office")
    assert client.get(url).status_code == 403
    log_in(client, "inspector")
    assert client.get(url).status_code == 200
    response = client.post(url, {"verdict": Verdict.RECURRED, "remark": "自助机已停用", "file": pdf_file()})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.verdict == Verdict.RECURRED and item.reopen_event is not None
    assert Measure.objects.get(pk=item.measure_id).status == MeasureStatus.IN_PROGRESS
    assert client.get(reverse("lookback:item-file", args=[item.pk])).status_code == 200
    log_in(client, "owner_b")
    assert client.get(reverse("lookback:item-file", args=[item.pk])).status_code == 404


def test_assign_page(client, running, cast):
    item = running.items.filter(checker=cast["inspector"]).first()
    log_in(client, "office")
    response = client.post(reverse("lookback:item-assign", args=[item.pk]), {"checker": cast["supervisor"].pk})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.checker == cast["supervisor"]


def test_summary_page(client, running, campaign, cast, county, django_assert_max_num_queries):
    url = reverse("lookback:summary", args=[campaign.pk])
    log_in(client, "office")
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert [row["org"].code for row in response.context["rows"]] == ["JYY", "YYY"]
    log_in(client, "office_a")
    assert [row["org"].code for row in client.get(url).context["rows"]] == ["JYY"]
