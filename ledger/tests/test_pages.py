"""The ledger pages: who sees what, the close-out through the browser's forms, filters, paging, bulk actions."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PASSWORD
from ledger import services
from ledger.choices import MeasureStatus
from ledger.models import Evidence, Measure, Urge
from ledger.selectors import can_confirm, can_verify, measure_to_confirm_list, measure_to_verify_list
from ledger.tests.factories import exe_file, make_measure, make_problem, pdf_file
from supervision.services import urge_notice_issue


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def detail(measure):
    return reverse("ledger:measure-detail", args=[measure.pk])


def test_owner_of_another_unit_sees_nothing_of_hospital_a(client, measure, cast):
    services.progress_report(actor=cast["owner_a"], measure=measure, text="进展", percent=20, files=[pdf_file()])
    login(client, cast["owner_b"])
    page = client.get(reverse("ledger:measure-list"))
    assert page.status_code == 200
    assert measure.problem.code not in page.content.decode()
    evidence = Evidence.objects.get()
    for url in (
        detail(measure),
        reverse("ledger:problem-detail", args=[measure.problem_id]),
        reverse("ledger:evidence-download", args=[evidence.pk]),
        reverse("ledger:measure-report", args=[measure.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("ledger:measure-urge", args=[measure.pk]), {"text": "快"})
    assert response.status_code == 404
    assert not Urge.objects.exists()


def test_people_of_hospital_a_and_the_commission_see_it(client, measure, cast):
    for who in ("owner_a", "head_a", "office", "supervisor"):
        client.logout()
        login(client, cast[who])
        assert measure.problem.code in client.get(reverse("ledger:measure-list")).content.decode(), who
        assert client.get(detail(measure)).status_code == 200, who


def test_close_out_through_the_pages(client, measure, cast):
    login(client, cast["owner_a"])
    response = client.post(
        reverse("ledger:measure-report", args=[measure.pk]),
        {"text": "已安装自助机4台", "percent": 70, "files": [pdf_file()]},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("ledger:measure-closeout", args=[measure.pk]),
        {"self_assessment": "达到验收标准", "files": [pdf_file()]},
    )
    assert response.status_code == 302
    page = client.get(detail(measure)).content.decode()
    assert "待审核" in page and "整改报告.pdf" in page

    client.logout()
    login(client, cast["head_a"])
    assert "单位确认" in client.get(detail(measure)).content.decode()
    client.post(reverse("ledger:measure-confirm", args=[measure.pk]), {"remark": "属实"})
    client.logout()
    login(client, cast["supervisor"])
    client.post(reverse("ledger:measure-verify", args=[measure.pk]), {"remark": "通过"})
    assert Measure.objects.get(pk=measure.pk).status == MeasureStatus.CLOSED

    evidence = Evidence.objects.first()
    download = client.get(reverse("ledger:evidence-download", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_refusals_are_shown_in_chinese_and_nothing_changes(client, measure, cast):
    login(client, cast["owner_a"])
    response = client.post(
        reverse("ledger:measure-report", args=[measure.pk]), {"text": "进展", "percent": 10, "files": [exe_file()]}
    )
    assert response.status_code == 200
    assert "内容不是" in response.content.decode()
    assert Measure.objects.get(pk=measure.pk).status == MeasureStatus.NOT_STARTED
    response = client.post(reverse("ledger:measure-verify", args=[measure.pk]), {"remark": ""})
    assert "监督考核组" in response.content.decode()


def test_filters_lights_and_key_pagination(client, problem, cast):
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, 0), tick=False):
        for day in range(60):
            make_measure(
                actor=cast["office_a"],
                problem=problem,
                owner=cast["owner_a"],
                deadline=datetime.date(2026, 2, 1) + datetime.timedelta(days=day % 20),
            )
    login(client, cast["office"])
    with time_machine.travel(datetime.datetime(2026, 2, 10, 9, 0), tick=False):
        first = client.get(reverse("ledger:measure-list"), {"sort": "due"})
        rows = first.context["rows"]
        assert len(rows) == 50
        assert [row.due_on for row in rows] == sorted(row.due_on for row in rows)
        second = client.get(reverse("ledger:measure-list"), {"sort": "due", "after": first.context["next_cursor"]})
        seen = {row.pk for row in rows} | {row.pk for row in second.context["rows"]}
        assert len(seen) == 60 and second.context["next_cursor"] is None
        red = client.get(reverse("ledger:measure-list"), {"light": "red"}).context["rows"]
        assert red and all(row.light == "red" and row.due_on < datetime.date(2026, 2, 10) for row in red)
        total_red = Measure.objects.filter(due_on__lt=datetime.date(2026, 2, 10)).count()
        assert len(red) == total_red
        # 我的待办 shows the office the same reds, first 20 of them.
        office = client.get("/").context["office"]
        assert office["red_count"] == total_red
        assert [row.pk for row in office["reds"]] == [row.pk for row in red][:20]
        assert client.get(reverse("ledger:measure-list"), {"q": "不存在的问题"}).context["rows"] == []
        counts = dict((value, n) for value, _, n in first.context["counts"])
        assert counts[MeasureStatus.NOT_STARTED] == 60


def test_ledger_list_makes_the_same_number_of_queries_whatever_the_page_holds(client, problem, cast, county):
    login(client, cast["office"])
    url = reverse("ledger:measure-list")
    make_measure(actor=cast["office_a"], problem=problem, owner=cast["owner_a"])
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    other = make_problem(actor=cast["office"], campaign=problem.campaign.parent, org=county["b"])
    for _ in range(12):
        make_measure(actor=cast["office_a"], problem=problem, owner=cast["owner_a"])
        make_measure(actor=cast["office"], problem=other)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["rows"]) == 25
    assert len(many) == len(few)


def test_ledger_list_query_count_is_pinned(client, measure, cast, django_assert_num_queries):
    login(client, cast["office"])
    url = reverse("ledger:measure-list")
    client.get(url)
    # session, user, memberships, campaigns, categories, people, orgs, counters, rows, the unread badge
    with django_assert_num_queries(10):
        client.get(url)


def test_problem_page_queries_do_not_grow_with_its_measures(
    client, problem, measure, cast, django_assert_max_num_queries
):
    url = reverse("ledger:problem-detail", args=[problem.pk])
    login(client, cast["office"])
    client.get(url)
    with django_assert_max_num_queries(40) as one:
        client.get(url)
    for _ in range(3):
        make_measure(actor=cast["office_a"], problem=problem, owner=cast["owner_a"])
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


def test_office_bulk_urge_extend_and_assign(client, problem, cast, county):
    from conftest import make_person
    from organisations.choices import Role

    measures = [make_measure(actor=cast["office_a"], problem=problem) for _ in range(3)]
    new_owner = make_person("owner_a2", county["dept_a"], Role.OWNER)
    login(client, cast["office_a"])
    ids = [m.pk for m in measures]
    url = reverse("ledger:measure-bulk")
    client.post(url, {"action": "urge", "ids": ids, "text": "请于本周报送进展"})
    assert Urge.objects.filter(measure__in=measures).count() == 3
    client.post(url, {"action": "assign", "ids": ids, "owner": new_owner.pk})
    assert set(Measure.objects.filter(pk__in=ids).values_list("owner", flat=True)) == {new_owner.pk}
    due = measures[0].due_on + datetime.timedelta(days=20)
    client.post(url, {"action": "extend", "ids": ids[:2], "due_on": due.isoformat(), "text": "统一延期"})
    assert Measure.objects.filter(pk__in=ids, due_on=due).count() == 2
    assert Measure.objects.filter(pk__in=ids, deadline=measures[0].deadline).count() == 3


def test_bulk_actions_are_refused_row_by_row_to_others(client, measure, cast):
    login(client, cast["owner_a"])
    response = client.post(
        reverse("ledger:measure-bulk"), {"action": "urge", "ids": [measure.pk], "text": "x"}, follow=True
    )
    assert "只有活动办公室" in response.content.decode()
    assert not Urge.objects.exists()


def test_home_shows_each_person_what_waits_for_them(client, measure, cast):
    services.progress_report(actor=cast["owner_a"], measure=measure, text="进展", percent=50, files=[pdf_file()])
    services.measure_request_closeout(actor=cast["owner_a"], measure=measure, self_assessment="完成")
    login(client, cast["head_a"])
    page = client.get("/")
    assert page.context["to_confirm"] == [measure]
    client.logout()
    login(client, cast["supervisor"])
    assert client.get("/").context["to_verify"] == []
    services.measure_confirm(actor=cast["head_a"], measure=Measure.objects.get(pk=measure.pk))
    assert [m.pk for m in client.get("/").context["to_verify"]] == [measure.pk]
    client.logout()
    login(client, cast["owner_a"])
    assert [m.pk for m in client.get("/").context["mine"]] == [measure.pk]
    client.logout()
    login(client, cast["office"])
    page = client.get("/")
    assert page.context["office"]["pending_closeouts"] == 1


def test_the_home_lists_of_requests_follow_the_confirm_and_verify_rules(measure, problem, cast):
    other = make_measure(actor=cast["office_a"], problem=problem, owner=cast["owner_a"])
    for item in (measure, other):
        services.progress_report(actor=cast["owner_a"], measure=item, text="进展", percent=90, files=[pdf_file()])
        services.measure_request_closeout(actor=cast["owner_a"], measure=item, self_assessment="完成")
    services.measure_confirm(actor=cast["head_a"], measure=Measure.objects.get(pk=other.pk))
    measures = list(Measure.objects.select_related("org"))
    for user in cast.values():
        user.__dict__.pop("_pobing_memberships", None)
        confirm = {m.pk for m in measures if m.status == MeasureStatus.PENDING_REVIEW and can_confirm(user, m)}
        verify = {m.pk for m in measures if m.status == MeasureStatus.PENDING_ACCEPTANCE and can_verify(user, m)}
        own = {m.pk for m in measures if m.requested_by_id == user.pk}
        assert set(measure_to_confirm_list(user).values_list("pk", flat=True)) == confirm - own, user
        assert set(measure_to_verify_list(user).values_list("pk", flat=True)) == verify - own, user
    assert set(measure_to_confirm_list(cast["leader_a"]).values_list("pk", flat=True)) == {measure.pk}
    assert set(measure_to_verify_list(cast["supervisor"]).values_list("pk", flat=True)) == {other.pk}


def test_home_lists_urge_notices_to_answer_among_the_oversight_to_dos(client, measure, cast):
    urge_notice_issue(actor=cast["office"], measure=measure, text="请加快推进")
    login(client, cast["owner_a"])
    page = client.get("/")
    assert [(item.label, item.count) for item in page.context["oversight"]] == [("待签收、待反馈的催办督办单", 1)]
    assert reverse("supervision:urgenotice-list") in page.content.decode()
    client.logout()
    login(client, cast["owner_b"])
    assert client.get("/").context["oversight"] == []


def test_measure_page_lists_its_formal_urge_notices(client, measure, cast):
    notice = urge_notice_issue(actor=cast["office"], measure=measure, text="请加快推进")
    login(client, cast["owner_a"])
    page = client.get(reverse("ledger:measure-detail", args=[measure.pk]))
    assert page.context["formal_notices"] == [notice]
    assert reverse("supervision:urgenotice-detail", args=[notice.pk]) in page.content.decode()


def test_problem_and_measure_are_created_through_forms(client, rolled_out, cast, county):
    campaign = rolled_out["JYY"]
    login(client, cast["office_a"])
    response = client.post(
        reverse("ledger:problem-create", args=[campaign.pk]),
        {"source": "public", "org": county["a"].pk, "description": "夜间急诊缴费窗口少", "priority": "normal"},
    )
    assert response.status_code == 302
    problem = campaign.problems.get()
    assert problem.code == f"{campaign.code}-001"
    response = client.post(
        reverse("ledger:measure-create", args=[problem.pk]),
        {
            "content": "增设夜间缴费窗口",
            "kind": "deadline",
            "deadline": "2099-01-31",
            "owner": cast["owner_a"].pk,
            "milestones": "2098-12-01 完成人员调配\n2099-01-10 窗口开放",
        },
    )
    assert response.status_code == 302
    measure = problem.measures.get()
    assert measure.milestones.count() == 2
    response = client.post(
        reverse("ledger:measure-create", args=[problem.pk]),
        {"content": "x", "kind": "deadline", "milestones": "明天 做完"},
    )
    body = response.content.decode()
    assert "限期整改须填写整改时限" in body and "第1行的日期" in body


@pytest.mark.parametrize("who", ["owner_b", "inspector"])
def test_problem_registration_refused_outside_roles(client, rolled_out, cast, who):
    login(client, cast[who])
    assert client.get(reverse("ledger:problem-create", args=[rolled_out["JYY"].pk])).status_code in (403, 404)


def test_measure_edit_until_work_starts_and_milestones_marked_done(client, problem, cast):
    measure = make_measure(
        actor=cast["office_a"],
        problem=problem,
        owner=cast["owner_a"],
        deadline=datetime.date(2099, 3, 1),
        milestones=[(datetime.date(2099, 1, 1), "方案")],
    )
    login(client, cast["owner_a"])
    url = reverse("ledger:measure-edit", args=[measure.pk])
    form = {"content": "改进后的措施", "kind": "deadline", "deadline": "2099-06-30", "owner": cast["owner_a"].pk}
    assert client.post(url, form).status_code == 302
    measure.refresh_from_db()
    assert measure.content == "改进后的措施" and measure.deadline == measure.due_on == datetime.date(2099, 6, 30)
    milestone = measure.milestones.get()
    client.post(reverse("ledger:milestone-done", args=[milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    services.measure_start(actor=cast["owner_a"], measure=measure)
    assert client.get(url).status_code == 403


def test_problem_edit_keeps_the_org_once_measures_exist(client, measure, cast, county):
    login(client, cast["office_a"])
    url = reverse("ledger:problem-edit", args=[measure.problem_id])
    data = {"source": "public", "org": county["dept_a"].pk, "description": "改写的描述", "priority": "high"}
    response = client.post(url, data)
    assert "不能再更换责任单位" in response.content.decode()
    data["org"] = county["a"].pk
    assert client.post(url, data).status_code == 302
    measure.problem.refresh_from_db()
    assert measure.problem.description == "改写的描述"
    client.logout()
    login(client, cast["owner_b"])
    assert client.get(url).status_code == 404
