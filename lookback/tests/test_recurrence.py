"""Recurrence warning (年年审年年有): the finder, marking and dismissing, and the ledger pages showing it."""

import pytest
from django.urls import reverse

from common.exceptions import DomainError
from conftest import PASSWORD
from ledger.models import Problem
from ledger.tests.factories import make_measure, make_problem
from lookback import services
from lookback.models import RecurrenceDismissal
from lookback.recurrence import similar_closed_problems
from lookback.tests.factories import closed_measure

QUEUE = "门诊挂号排队时间长，群众反映强烈"
QUEUE_AGAIN = "门诊挂号排队等候时间过长，患者反映强烈"


@pytest.fixture
def history(earlier_campaign, cast, county):
    """Problems of the 2025 campaign: the queue problem closed in A, the same text closed in B, the same
    text still open in A, and an unrelated closed one in A."""
    closed_a = closed_measure(cast, campaign=earlier_campaign, org=county["a"], owner=cast["owner_a"]).problem
    closed_measure(cast, campaign=earlier_campaign, org=county["b"], owner=cast["owner_b"])
    open_a = make_problem(actor=cast["office"], campaign=earlier_campaign, org=county["a"], description=QUEUE)
    make_measure(actor=cast["office"], problem=open_a, owner=cast["owner_a"])
    unrelated = closed_measure(
        cast,
        campaign=earlier_campaign,
        org=county["a"],
        owner=cast["owner_a"],
        description="党支部理论学习流于形式，会议记录不全",
    ).problem
    return {"closed_a": closed_a, "open_a": open_a, "unrelated": unrelated}


def test_finds_the_same_org_earlier_closed_problem_only(history, campaign, cast, county):
    matches = similar_closed_problems(cast["office"], org=county["a"], campaign=campaign, text=QUEUE_AGAIN)
    assert [m.problem for m in matches] == [history["closed_a"]]
    assert 0.3 <= matches[0].score <= 1


def test_nothing_for_another_org_or_the_same_campaign(history, campaign, earlier_campaign, cast, county):
    other = similar_closed_problems(cast["office"], org=county["b"], campaign=campaign, text="党支部理论学习流于形式")
    assert other == []
    same = similar_closed_problems(cast["office"], org=county["a"], campaign=earlier_campaign, text=QUEUE_AGAIN)
    assert same == []


def test_the_finder_respects_the_users_scope(history, campaign, cast, county):
    assert similar_closed_problems(cast["owner_b"], org=county["a"], campaign=campaign, text=QUEUE_AGAIN) == []


def test_a_dismissed_or_marked_problem_is_no_longer_suggested(history, campaign, cast, county):
    new = make_problem(actor=cast["office"], campaign=campaign, org=county["a"], description=QUEUE_AGAIN)
    services.recurrence_dismiss(actor=cast["office"], problem=new, earlier=history["closed_a"])
    assert RecurrenceDismissal.objects.filter(problem=new).count() == 1
    assert (
        similar_closed_problems(cast["office"], org=county["a"], campaign=campaign, text=QUEUE_AGAIN, problem=new) == []
    )
    with pytest.raises(DomainError, match="已排除"):
        services.recurrence_dismiss(actor=cast["office"], problem=new, earlier=history["closed_a"])


@pytest.mark.parametrize("who", ["supervisor", "head_a", "owner_a"])
def test_dismiss_refused_for_others(history, campaign, cast, county, who):
    new = make_problem(actor=cast["office"], campaign=campaign, org=county["a"], description=QUEUE_AGAIN)
    with pytest.raises(DomainError, match="活动办公室"):
        services.recurrence_dismiss(actor=cast[who], problem=new, earlier=history["closed_a"])


# --- pages -------------------------------------------------------------------------------------


def log_in(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def problem_form(county, description=QUEUE_AGAIN):
    return {"source": "self", "org": county["a"].pk, "description": description, "priority": "normal"}


def test_create_page_asks_to_confirm_then_marks_the_chosen_recurrence(history, campaign, cast, county, client):
    log_in(client, "office")
    url = reverse("ledger:problem-create", args=[campaign.pk])
    response = client.post(url, problem_form(county))
    assert response.status_code == 200
    assert "疑似屡查屡犯" in response.content.decode() and history["closed_a"].code in response.content.decode()
    assert not Problem.objects.filter(campaign=campaign).exists()
    response = client.post(url, {**problem_form(county), "confirmed": "1", "recurrence_of": history["closed_a"].pk})
    new = Problem.objects.get(campaign=campaign)
    assert response.status_code == 302
    assert new.recurrence_of == history["closed_a"]


def test_create_page_registers_at_once_without_matches(history, campaign, cast, county, client):
    log_in(client, "office")
    response = client.post(
        reverse("ledger:problem-create", args=[campaign.pk]), problem_form(county, "医疗废物暂存点标识不清")
    )
    assert response.status_code == 302
    assert Problem.objects.get(campaign=campaign).recurrence_of is None


def test_detail_page_warns_and_office_marks_clears_and_dismisses(history, campaign, cast, county, client):
    new = make_problem(actor=cast["office"], campaign=campaign, org=county["a"], description=QUEUE_AGAIN)
    detail = reverse("ledger:problem-detail", args=[new.pk])
    log_in(client, "office_a")
    page = client.get(detail).content.decode()
    assert "疑似屡查屡犯" in page and "标记为复发" in page
    client.post(reverse("lookback:recurrence-mark", args=[new.pk, history["closed_a"].pk]))
    new.refresh_from_db()
    assert new.recurrence_of == history["closed_a"]
    page = client.get(detail).content.decode()
    assert "屡查屡犯：系此前问题的复发" in page and "标记为复发" not in page
    client.post(reverse("lookback:recurrence-clear", args=[new.pk]))
    client.post(reverse("lookback:recurrence-dismiss", args=[new.pk, history["closed_a"].pk]))
    new.refresh_from_db()
    assert new.recurrence_of is None
    assert "疑似屡查屡犯" not in client.get(detail).content.decode()


def test_detail_page_shows_no_buttons_to_others_and_mark_is_refused(history, campaign, cast, county, client):
    new = make_problem(actor=cast["office"], campaign=campaign, org=county["a"], description=QUEUE_AGAIN)
    log_in(client, "supervisor")
    page = client.get(reverse("ledger:problem-detail", args=[new.pk])).content.decode()
    assert "疑似屡查屡犯" in page and "标记为复发" not in page
    client.post(reverse("lookback:recurrence-mark", args=[new.pk, history["closed_a"].pk]))
    new.refresh_from_db()
    assert new.recurrence_of is None


def test_mark_outside_scope_is_not_found(history, campaign, cast, county, client):
    new = make_problem(actor=cast["office"], campaign=campaign, org=county["a"], description=QUEUE_AGAIN)
    log_in(client, "owner_b")
    response = client.post(reverse("lookback:recurrence-mark", args=[new.pk, history["closed_a"].pk]))
    assert response.status_code == 404
    assert client.get(reverse("lookback:recurrence-clear", args=[new.pk])).status_code in (404, 405)


def test_import_preview_lists_likely_recurrences(history, rolled_out, cast, county, client):
    from ledger.tests.test_import import xlsx

    rows = [
        ["1", "", QUEUE_AGAIN, "", "增设自助挂号机", "2027年3月31日", "", "", "", ""],
        ["2", "", "医疗废物暂存点标识不清", "", "更换标识", "2027年3月31日", "", "", "", ""],
    ]
    log_in(client, "office_a")
    response = client.post(
        reverse("ledger:import-create"),
        {"campaign": rolled_out["JYY"].pk, "org": "", "source": "", "file": xlsx(rows)},
    )
    assert response.status_code == 200
    found = response.context["recurrences"]
    assert [(row, match.problem) for row, _, match in found] == [(4, history["closed_a"])]
    assert "疑似屡查屡犯" in response.content.decode()
