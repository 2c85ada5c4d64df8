"""The bulletin pages: who may see and do what, the public pages, the download, and the list's queries."""

import io

from django.urls import reverse
from docx import Document

from bulletins import services
from bulletins.choices import BulletinStatus, Visibility
from bulletins.models import Bulletin
from bulletins.tests.conftest import OCTOBER
from conftest import PASSWORD


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def url(name, bulletin, *args):
    return reverse(f"bulletins:{name}", args=[bulletin.pk, *args])


def publish(bulletin, cast, visibility=Visibility.INTERNAL):
    services.bulletin_submit(actor=cast["office"], bulletin=bulletin)
    services.bulletin_publish(actor=cast["supervisor"], bulletin=bulletin, visibility=visibility)
    return bulletin


def test_a_draft_is_seen_by_its_office_and_reviewers_only(client, bulletin, cast):
    for who, status in (("office", 200), ("supervisor", 200), ("head_a", 404), ("owner_b", 404), ("inspector", 404)):
        login(client, cast[who])
        assert client.get(url("bulletin-detail", bulletin)).status_code == status, who
        listed = client.get(reverse("bulletins:bulletin-list")).context["bulletins"]
        assert (bulletin in listed) == (status == 200), who


def test_a_published_bulletin_is_read_inside_its_scope(client, bulletin, cast):
    publish(bulletin, cast)
    for who in ("office", "head_a", "owner_b", "inspector", "owner_a"):
        login(client, cast[who])
        page = client.get(url("bulletin-detail", bulletin))
        assert page.status_code == 200, who
        assert "甲医院" in page.content.decode()
        assert client.get(url("bulletin-download", bulletin)).status_code == 200, who


def test_a_units_bulletin_is_not_read_by_another_unit(client, october, campaign, county, cast):
    bulletin = services.bulletin_create(actor=cast["office_a"], campaign=campaign, org=county["a"], month=OCTOBER)
    services.bulletin_submit(actor=cast["office_a"], bulletin=bulletin)
    services.bulletin_publish(actor=cast["head_a"], bulletin=bulletin, visibility=Visibility.INTERNAL)
    login(client, cast["owner_b"])
    assert client.get(url("bulletin-detail", bulletin)).status_code == 404
    assert client.get(url("bulletin-download", bulletin)).status_code == 404


def test_anonymous_goes_to_log_in(client, bulletin):
    for name in ("bulletin-detail", "bulletin-download", "bulletin-edit"):
        assert client.get(url(name, bulletin)).status_code == 302


def test_detail_shows_the_tables(client, bulletin, cast):
    login(client, cast["office"])
    page = client.get(url("bulletin-detail", bulletin))
    html = page.content.decode()
    assert "〔2026〕第1期" in html and "并列" in html and 'id="ranking"' in html and "table-wrap" in html
    assert "owner_a" in html  # the overdue item's owner, internally
    assert "50.0%" in html and "（完成率低于 85%）" in html
    assert page.context["actions"] == {"edit": True, "submit": True, "publish": False, "return": False}


def test_office_drafts_through_the_pages(client, october, campaign, county, cast):
    login(client, cast["office"])
    page = client.post(
        reverse("bulletins:bulletin-create"),
        {"campaign": campaign.pk, "org": county["commission"].pk, "month": "2026-10"},
    )
    bulletin = Bulletin.objects.get()
    assert page.status_code == 302 and page["Location"] == url("bulletin-detail", bulletin)
    page = client.post(
        url("bulletin-edit", bulletin),
        {
            "title": bulletin.title,
            "visibility": Visibility.PUBLIC,
            "red_threshold": "95",
            "black_threshold": "60",
            "next_steps": "限期清零逾期事项",
        },
    )
    assert page.status_code == 302
    bulletin.refresh_from_db()
    assert (bulletin.red_threshold, bulletin.visibility, bulletin.next_steps) == (95, "public", "限期清零逾期事项")
    client.post(url("goodpractice-create", bulletin), {"text": "一站式预约", "measure": october["c1"].pk})
    assert bulletin.good_practices.get().org.code == "BYY"
    assert client.post(url("bulletin-regenerate", bulletin)).status_code == 302
    client.post(url("bulletin-submit", bulletin))
    bulletin.refresh_from_db()
    assert bulletin.status == BulletinStatus.REVIEW
    assert client.get(url("bulletin-edit", bulletin)).status_code == 200  # the page opens; the service refuses
    page = client.post(
        url("bulletin-edit", bulletin),
        {"title": "改", "visibility": "internal", "red_threshold": "90", "black_threshold": "85"},
    )
    assert "待审核" in page.content.decode()


def test_create_page_refuses_a_month_not_over(client, october, campaign, county, cast):
    login(client, cast["office"])
    page = client.post(
        reverse("bulletins:bulletin-create"), {"campaign": campaign.pk, "org": county["a"].pk, "month": "2026-13"}
    )
    assert "格式不正确" in page.content.decode()
    assert not Bulletin.objects.exists()


def test_others_may_not_draft(client, bulletin, cast):
    for who, status in (("supervisor", 403), ("head_a", 404), ("owner_a", 404)):
        login(client, cast[who])
        assert client.get(url("bulletin-edit", bulletin)).status_code == status, who
        assert client.post(url("bulletin-submit", bulletin)).status_code == status, who
        assert client.post(url("bulletin-regenerate", bulletin)).status_code == status, who
        assert client.get(url("goodpractice-create", bulletin)).status_code == status, who
    assert Bulletin.objects.get(pk=bulletin.pk).status == BulletinStatus.DRAFT


def test_reviewer_publishes_and_returns_through_the_pages(client, bulletin, cast):
    services.bulletin_submit(actor=cast["office"], bulletin=bulletin)
    login(client, cast["office"])
    assert client.get(url("bulletin-publish", bulletin)).status_code == 403
    login(client, cast["supervisor"])
    page = client.post(url("bulletin-return", bulletin), {"reason": "补充典型做法"})
    assert page.status_code == 302
    services.bulletin_submit(actor=cast["office"], bulletin=Bulletin.objects.get(pk=bulletin.pk))
    page = client.post(url("bulletin-publish", bulletin), {"visibility": "public", "remark": "同意"})
    assert page.status_code == 302
    assert Bulletin.objects.get(pk=bulletin.pk).status == BulletinStatus.PUBLISHED


def test_public_pages_show_only_published_public_bulletins_without_names(client, bulletin, campaign, cast):
    code = campaign.code
    public_list = reverse("bulletins:public-list", args=[code])
    public_detail = reverse("bulletins:public-detail", args=[code, bulletin.pk])
    assert client.get(public_detail).status_code == 404
    publish(bulletin, cast, Visibility.INTERNAL)
    assert client.get(public_detail).status_code == 404
    assert list(client.get(public_list).context["bulletins"]) == []
    Bulletin.objects.filter(pk=bulletin.pk).update(visibility=Visibility.PUBLIC)
    assert list(client.get(public_list).context["bulletins"]) == [bulletin]
    html = client.get(public_detail).content.decode()
    assert "〔2026〕第1期" in html and "甲医院医务科" in html
    assert "owner_a" not in html and "办公室甲" not in html and "supervisor" not in html
    assert client.get(reverse("bulletins:public-detail", args=["OTHER", bulletin.pk])).status_code == 404


def test_download_is_the_bulletin(client, bulletin, cast):
    login(client, cast["office"])
    response = client.get(url("bulletin-download", bulletin))
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    assert document.paragraphs[0].text


def test_list_query_count_is_pinned(client, bulletin, campaign, county, cast, django_assert_num_queries):
    services.bulletin_create(actor=cast["office"], campaign=campaign, org=county["a"], month=OCTOBER)
    login(client, cast["office"])
    list_url = reverse("bulletins:bulletin-list")
    client.get(list_url)
    # session, user, memberships, the bulletins with campaign and org, can-create
    with django_assert_num_queries(6):
        page = client.get(list_url)
    assert len(page.context["bulletins"]) == 2
