"""Leadership pages: who may and who may not, the forms end to end, and pinned query counts."""

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from common.dates import today
from conftest import PASSWORD, make_person
from leadership import services
from leadership.choices import ResearchStatus
from leadership.models import Regulation, ResearchTopic
from leadership.tests.test_regulations import make_regulation
from ledger.choices import MajorKind
from ledger.tests.factories import docx_file, make_measure, make_problem, pdf_file
from organisations.choices import Role


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def other_leader_problem(rolled_out, cast, county):
    other = make_person("leader_a2", county["a"], Role.LEADER, name="另一位副院长")
    problem = make_problem(
        actor=cast["office_a"],
        campaign=rolled_out["JYY"],
        org=county["a"],
        description="智慧医院项目推进缓慢",
        lead_leader=other,
        major_kind=MajorKind.PROJECT,
    )
    make_measure(actor=cast["office_a"], problem=problem, content="成立项目专班")
    return problem


def test_a_leader_sees_only_their_own_led_problems(client, led_measure, other_leader_problem, cast):
    login(client, cast["leader_a"])
    page = client.get(reverse("leadership:led-list"))
    html = page.content.decode()
    assert "县域医共体药品统一配送" in html and "智慧医院项目" not in html
    assert "重大瓶颈破解" in html and "绿灯" in html and "leader" not in page.context["form"].fields


def test_the_office_sees_every_leader_and_filters(client, led_measure, other_leader_problem, cast):
    login(client, cast["office_a"])
    html = client.get(reverse("leadership:led-list")).content.decode()
    assert "县域医共体药品统一配送" in html and "智慧医院项目" in html
    html = client.get(reverse("leadership:led-list"), {"major_kind": MajorKind.PROJECT}).content.decode()
    assert "县域医共体药品统一配送" not in html and "智慧医院项目" in html
    html = client.get(reverse("leadership:led-list"), {"leader": cast["leader_a"].pk}).content.decode()
    assert "县域医共体药品统一配送" in html and "智慧医院项目" not in html


def test_another_units_people_see_no_led_problems(client, led_measure, cast):
    for who in ("owner_b", "owner_a"):
        client.logout()
        login(client, cast[who])
        assert "县域医共体药品统一配送" not in client.get(reverse("leadership:led-list")).content.decode()


def test_led_list_query_count_is_pinned(client, led_measure, other_leader_problem, cast, django_assert_num_queries):
    for index in range(4):
        problem = make_problem(
            actor=cast["office_a"],
            campaign=led_measure.campaign,
            org=led_measure.org,
            description=f"领办问题{index}",
            lead_leader=cast["leader_a"],
            major_kind=MajorKind.REFORM,
        )
        make_measure(actor=cast["office_a"], problem=problem)
    login(client, cast["office"])
    client.get(reverse("leadership:led-list"))
    # session, user, memberships, count, problems, their measures, the filter's campaigns and leaders
    with django_assert_num_queries(9):
        page = client.get(reverse("leadership:led-list"))
    assert len(page.context["problems"]) == 6


def test_topic_pages_are_scoped(client, topic, cast):
    urls = [
        reverse(f"leadership:{name}", args=[topic.pk])
        for name in ("topic-detail", "topic-report", "topic-conclude", "topic-link", "topic-report-download")
    ]
    login(client, cast["owner_b"])
    assert topic.title not in client.get(reverse("leadership:topic-list")).content.decode()
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("leadership:topic-start", args=[topic.pk])).status_code == 404
    assert client.get(reverse("leadership:topic-create")).status_code == 403
    client.logout()
    login(client, cast["head_a"])
    assert topic.title in client.get(reverse("leadership:topic-list")).content.decode()
    assert "开始调研" not in client.get(urls[0]).content.decode()


def test_topic_through_the_pages(client, rolled_out, cast, county, led_problem, led_measure):
    login(client, cast["office_a"])
    response = client.post(
        reverse("leadership:topic-create"),
        {
            "campaign": rolled_out["JYY"].pk,
            "org": county["a"].pk,
            "leader": cast["leader_a"].pk,
            "title": "医共体药品配送调研",
            "major_kind": MajorKind.BOTTLENECK,
            "planned_start": today().isoformat(),
            "planned_end": (today() + datetime.timedelta(days=20)).isoformat(),
        },
    )
    topic = ResearchTopic.objects.get()
    assert response.status_code == 302
    client.logout()
    login(client, cast["leader_a"])
    client.post(reverse("leadership:topic-start", args=[topic.pk]))
    response = client.post(
        reverse("leadership:topic-report", args=[topic.pk]), {"report": docx_file("调研报告.docx"), "findings": "发现"}
    )
    assert response.status_code == 302
    response = client.post(reverse("leadership:topic-link", args=[topic.pk]), {"problems": "2026-PB-NONE-9"})
    assert "未找到问题编号" in response.content.decode()
    client.post(reverse("leadership:topic-link", args=[topic.pk]), {"problems": led_problem.code})
    topic.refresh_from_db()
    assert topic.status == ResearchStatus.REPORTED and list(topic.problems.all()) == [led_problem]
    download = client.get(reverse("leadership:topic-report-download", args=[topic.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"PK")
    html = client.get(reverse("leadership:topic-detail", args=[topic.pk])).content.decode()
    assert led_problem.code in html and "调研报告.docx" in html and led_measure.content in html


def test_regulation_pages_are_scoped_and_filtered(client, rolled_out, campaign, cast, county):
    of_a = make_regulation(cast["head_a"], rolled_out["JYY"], county["a"], title="甲院制度", file=pdf_file())
    make_regulation(
        cast["office"], campaign, county["commission"], title="全县制度", issued_on=datetime.date(2025, 5, 1)
    )
    login(client, cast["owner_b"])
    html = client.get(reverse("leadership:regulation-list")).content.decode()
    assert "全县制度" in html and "甲院制度" not in html
    for name in ("regulation-detail", "regulation-edit", "regulation-download"):
        assert client.get(reverse(f"leadership:{name}", args=[of_a.pk])).status_code == 404, name
    assert client.get(reverse("leadership:regulation-create")).status_code == 403
    client.logout()
    login(client, cast["office"])
    html = client.get(reverse("leadership:regulation-list"), {"year": 2025}).content.decode()
    assert "全县制度" in html and "甲院制度" not in html
    html = client.get(reverse("leadership:regulation-list"), {"org": county["a"].pk, "action": "made"}).content.decode()
    assert "全县制度" not in html and "甲院制度" in html
    client.logout()
    login(client, cast["owner_a"])
    assert client.get(reverse("leadership:regulation-detail", args=[of_a.pk])).status_code == 200
    assert client.get(reverse("leadership:regulation-edit", args=[of_a.pk])).status_code == 403


def test_regulation_through_the_pages(client, rolled_out, cast, county, led_problem):
    login(client, cast["head_a"])
    data = {
        "campaign": rolled_out["JYY"].pk,
        "org": county["a"].pk,
        "title": "处方点评制度",
        "action": "made",
        "issued_on": "2026-10-08",
        "problems": led_problem.code,
        "file": pdf_file(),
    }
    assert client.post(reverse("leadership:regulation-create"), data).status_code == 302
    regulation = Regulation.objects.get()
    assert regulation.file_type == "pdf" and list(regulation.problems.all()) == [led_problem]
    response = client.post(
        reverse("leadership:regulation-edit", args=[regulation.pk]),
        {"title": "处方点评制度（试行）", "action": "made", "issued_on": "2026-10-08", "problems": ""},
    )
    assert response.status_code == 302
    regulation.refresh_from_db()
    assert regulation.title == "处方点评制度（试行）" and not regulation.problems.exists()


def test_regulation_list_query_count_is_pinned(client, rolled_out, cast, county, django_assert_num_queries):
    first = make_regulation(cast["head_a"], rolled_out["JYY"], county["a"])
    for index in range(4):
        make_regulation(
            cast["head_a"], rolled_out["JYY"], county["a"], title=f"制度{index}", action="revised", replaces=first
        )
    login(client, cast["office"])
    client.get(reverse("leadership:regulation-list"))
    # session, user, memberships, count, rows, whether the user may register, the filter's orgs
    with django_assert_num_queries(8):
        page = client.get(reverse("leadership:regulation-list"))
    assert len(page.context["page"].object_list) == 5


def test_problem_regulations_include(rolled_out, cast, county, led_problem):
    made = make_regulation(cast["head_a"], rolled_out["JYY"], county["a"], title="配送制度", problems=[led_problem])
    request = RequestFactory().get("/")
    template = Template("{% load leadership %}{% problem_regulations problem %}")
    request.user = cast["owner_a"]
    html = template.render(Context({"request": request, "problem": led_problem}))
    assert "相关制度" in html and made.title in html
    request.user = cast["owner_b"]
    assert "配送制度" not in template.render(Context({"request": request, "problem": led_problem}))
    assert services.regulation_update(actor=cast["head_a"], regulation=made, problems=[]) == made
