"""Who may and who may not, on every page; the export read back; the ranking page's query count."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessment import services
from assessment.choices import FollowUpDecision, PeriodStatus, ScoringMethod
from assessment.models import AssessmentPeriod, FollowUp, Score, ScoringScheme
from assessment.tests.conftest import D
from conftest import make_person
from organisations import services as org_services
from organisations.choices import OrgType, Role


@pytest.fixture
def outsider(db):
    other = org_services.org_create(actor=None, name="邻县卫健委", code="LXWJW", type=OrgType.COMMISSION)
    return make_person("outsider", other, Role.OFFICE)


def as_(client, user):
    client.force_login(user)
    return client


def detail_url(period):
    return reverse("assessment:period-detail", args=[period.pk])


def score_url(period, org, name="assessment:score-detail"):
    return reverse(name, args=[Score.objects.get(period=period, org=org).pk])


def test_period_list(client, computed, cast, outsider):
    page = as_(client, cast["office"]).get(reverse("assessment:period-list")).content.decode()
    assert "2026年10月" in page and "新建考核期" in page and "考核办法" in page
    page = as_(client, cast["owner_b"]).get(reverse("assessment:period-list")).content.decode()
    assert "2026年10月" in page and "新建考核期" not in page
    page = as_(client, outsider).get(reverse("assessment:period-list")).content.decode()
    assert "2026年10月" not in page


def test_period_create(client, campaign, cast):
    url = reverse("assessment:period-create")
    assert as_(client, cast["head_a"]).get(url).status_code == 403
    assert as_(client, cast["supervisor"]).get(url).status_code == 403
    client = as_(client, cast["office"])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"campaign": campaign.pk, "name": "2026年第四季度", "starts_on": "2026-10-01", "ends_on": "2026-12-31"}
    )
    period = AssessmentPeriod.objects.get(name="2026年第四季度")
    assert response.status_code == 302 and response.url == detail_url(period)


def test_scheme_edit(client, campaign, cast, outsider):
    url = reverse("assessment:scheme-edit", args=[campaign.pk])
    assert as_(client, outsider).get(url).status_code == 404
    assert as_(client, cast["supervisor"]).get(url).status_code == 403
    assert as_(client, cast["head_a"]).get(url).status_code == 403
    client = as_(client, cast["office"])
    page = client.get(url).content.decode()
    assert 'name="completion_weight" value="40"' in page  # the default scheme, offered before any is saved
    assert not ScoringScheme.objects.exists()
    data = {
        "method": "weighted",
        "completion_weight": "50",
        "on_time_weight": "30",
        "recurrence_weight": "15",
        "satisfaction_weight": "15",
        "completion_per_point": "0.5",
        "on_time_per_point": "0.3",
        "recurrence_per_point": "0.5",
        "satisfaction_per_point": "0.2",
        "finding_deduction": "1",
        "notice_deduction": "2",
        "escalation_deduction": "1",
        "yellow_deduction": "-1",
        "red_deduction": "2",
        "bottom_n": "1",
    }
    page = client.post(url, data).content.decode()
    assert "四项权重之和须为100（当前为110）" in page
    assert "权重和扣分不能为负数" in page
    response = client.post(url, {**data, "completion_weight": "40", "yellow_deduction": "1"})
    assert response.status_code == 302
    assert ScoringScheme.objects.get(campaign=campaign, is_active=True).yellow_deduction == 1


def test_draft_ranking_only_for_the_campaign_office_heads_and_supervisors(client, computed, cast, county, outsider):
    for who in ("office", "supervisor"):
        page = as_(client, cast[who]).get(detail_url(computed)).content.decode()
        assert "甲医院" in page and "乙医院" in page and "末位" in page
        assert as_(client, cast[who]).get(score_url(computed, county["a"])).status_code == 200
    for who in ("owner_b", "head_a", "office_a"):
        page = as_(client, cast[who]).get(detail_url(computed)).content.decode()
        assert "本期排名尚未发布" in page and "甲医院" not in page
        assert as_(client, cast[who]).get(score_url(computed, county["a"])).status_code == 404
        assert as_(client, cast[who]).get(score_url(computed, county["b"])).status_code == 404
    assert as_(client, outsider).get(detail_url(computed)).status_code == 404


def test_published_ranking_for_every_unit_and_own_breakdown_only(client, locked, cast, county, outsider):
    client = as_(client, cast["owner_b"])
    page = client.get(detail_url(locked)).content.decode()
    assert "甲医院" in page and "乙医院" in page
    assert score_url(locked, county["b"]) in page and score_url(locked, county["a"]) not in page
    assert "导出Excel" not in page and "作出决定" not in page
    breakdown = client.get(score_url(locked, county["b"])).content.decode()
    assert "得分构成" in breakdown and "84.31" in breakdown and "无数据，不计分" in breakdown
    assert "权重40" in breakdown and "每项扣0.5分" in breakdown
    assert client.get(score_url(locked, county["a"])).status_code == 404
    client = as_(client, cast["head_a"])
    assert client.get(score_url(locked, county["a"])).status_code == 200
    assert client.get(score_url(locked, county["b"])).status_code == 404
    assert as_(client, outsider).get(score_url(locked, county["a"])).status_code == 404


def test_breakdown_under_the_deduction_method(client, period, ledger, cast, county, campaign):
    services.scheme_save(actor=cast["office"], campaign=campaign, method=ScoringMethod.DEDUCTION)
    services.period_compute(actor=cast["office"], period=period)
    page = as_(client, cast["supervisor"]).get(score_url(period, county["a"])).content.decode()
    assert "基础分" in page and "每个百分点扣0.5分" in page and "-25.00" in page and "50.83" in page


def test_compute_and_lock_by_the_office_only(client, period, ledger, cast):
    compute = reverse("assessment:period-compute", args=[period.pk])
    lock = reverse("assessment:period-lock", args=[period.pk])
    as_(client, cast["supervisor"]).post(compute)
    assert not Score.objects.exists()
    client = as_(client, cast["office"])
    assert client.get(compute).status_code == 405
    client.post(compute)
    assert Score.objects.filter(period=period).count() == 2
    as_(client, cast["head_a"]).post(lock)
    assert AssessmentPeriod.objects.get(pk=period.pk).status == PeriodStatus.DRAFT
    as_(client, cast["office"]).post(lock)
    assert AssessmentPeriod.objects.get(pk=period.pk).status == PeriodStatus.LOCKED
    page = client.get(detail_url(period)).content.decode()
    assert "重新计算" not in page and "发布排名" not in page


def test_follow_up_page(client, locked, cast, county):
    url = score_url(locked, county["a"], "assessment:followup-decide")
    assert as_(client, cast["owner_b"]).get(url).status_code == 404
    assert as_(client, cast["head_a"]).get(url).status_code == 403
    client = as_(client, cast["supervisor"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": FollowUpDecision.ADMONITION, "remark": "约谈主要负责人"})
    assert response.status_code == 302
    assert FollowUp.objects.get().decided_by == cast["supervisor"]
    page = client.get(detail_url(locked)).content.decode()
    assert "诫勉谈话" in page and "约谈主要负责人" in page


def test_follow_up_page_before_publishing_shows_the_refusal(client, computed, cast, county):
    url = score_url(computed, county["a"], "assessment:followup-decide")
    page = as_(client, cast["office"]).post(url, {"decision": FollowUpDecision.ADMONITION}).content.decode()
    assert "排名发布（锁定）后才能对末位单位作出处理决定" in page
    assert not FollowUp.objects.exists()


def test_ties_are_shown(client, computed, cast):
    Score.objects.filter(period=computed).update(rank=1, tied=True)
    page = as_(client, cast["office"]).get(detail_url(computed)).content.decode()
    assert page.count('<span class="tag">并列</span>') == 2
    assert 'class="table stack"' in page and 'data-label="整改完成率"' in page


def test_export_read_back(client, locked, cast, county):
    url = reverse("assessment:period-export", args=[locked.pk])
    assert as_(client, cast["owner_b"]).get(url).status_code == 403
    FollowUp.objects.create(
        score=Score.objects.get(period=locked, org=county["a"]),
        decision=FollowUpDecision.ADMONITION,
        remark="约谈",
        decided_by=cast["office"],
        decided_at=locked.locked_at,
    )
    response = as_(client, cast["office"]).get(url)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book["考核排名"]
    assert "2026年10月考核排名（已发布）" in sheet["A1"].value
    assert [cell.value for cell in sheet[3]][:4] == ["名次", "单位", "得分", "整改完成率（%）"]
    first, second = [cell.value for cell in sheet[4]], [cell.value for cell in sheet[5]]
    assert first[:5] == ["1", "乙医院", 84.31, 66.67, 100]
    assert first[6] == "—"  # no satisfaction votes
    assert second[:3] == ["2", "甲医院", 57.5]
    assert second[-5:-2] == ["是", "诫勉谈话", "约谈"]
    scheme = {row[0].value: row[1].value for row in book["计分办法"].iter_rows(min_row=2)}
    assert scheme["计分方法"] == "加权计分（各项权重合计100）" and scheme["整改完成率权重"] == 40


def test_ranking_query_count_is_pinned(client, locked, cast, django_assert_num_queries):
    client = as_(client, cast["owner_b"])
    client.get(detail_url(locked))
    # session, user, memberships, period, scores with orgs and decisions (the session was saved by the
    # first visit: not again within the minute)
    with django_assert_num_queries(6):
        client.get(detail_url(locked))


def test_period_list_query_count_is_pinned(client, locked, cast, campaign, django_assert_num_queries):
    services.period_create(
        actor=cast["office"],
        campaign=campaign,
        name="2026年第四季度",
        starts_on=D(2026, 10, 1),
        ends_on=D(2026, 12, 31),
    )
    client = as_(client, cast["office"])
    client.get(reverse("assessment:period-list"))
    # session, user, memberships, the office's campaigns, periods
    with django_assert_num_queries(6):
        client.get(reverse("assessment:period-list"))
