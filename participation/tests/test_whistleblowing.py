import datetime
import json

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from common.exceptions import DomainError
from conftest import PASSWORD, make_person
from organisations.choices import Role
from participation import services
from participation.checks import identity_key_check
from participation.choices import WhistleblowStatus
from participation.models import IdentityAccess, Whistleblow

NAME, PHONE, CONTACT = "王举报", "13912340000", "某街道17号"
SUBJECT = "甲医院药剂科张某"
TEXT = "药剂科张某收受医药代表回扣，时间在今年三月至五月。"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def blow(campaign, county):
    def _blow(org=None, ip="203.0.113.7", **extra):
        return services.whistleblow_submit(
            campaign=campaign, org=org or county["a"], subject=SUBJECT, text=TEXT, ip=ip, **extra
        )

    return _blow


@pytest.fixture
def real_name(blow):
    return blow(name=NAME, phone=PHONE, contact=CONTACT)


def test_identity_is_stored_only_as_ciphertext(real_name):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Whistleblow._meta.db_table} WHERE id = %s", [real_name.pk])
        row = cursor.fetchone()
        cursor.execute(f"SELECT identity_token FROM {Whistleblow._meta.db_table} WHERE id = %s", [real_name.pk])
        (token,) = cursor.fetchone()
    for clear in (NAME, PHONE, CONTACT):
        assert not any(clear in str(value) for value in row)
    identity = json.loads(Fernet(settings.PARTICIPATION_IDENTITY_KEY).decrypt(token.encode()))
    assert identity == {"name": NAME, "phone": PHONE, "contact": CONTACT}


def test_anonymous_report_is_allowed(client, campaign, county):
    data = {"org": county["a"].pk, "subject": SUBJECT, "text": TEXT}
    response = client.post(reverse("participation:whistleblow-submit", args=[campaign.code]), data, follow=True)
    assert response.status_code == 200 and "匿名举报" in response.text and "实名举报" not in response.text
    whistleblow = Whistleblow.objects.get()
    assert whistleblow.is_anonymous and whistleblow.identity_token == ""
    assert whistleblow.display_code in response.text


def test_public_page_real_name_acknowledged(client, campaign, county):
    page = client.get(reverse("participation:whistleblow-submit", args=[campaign.code]))
    assert page.status_code == 200 and "匿名" in page.text
    data = {"org": county["a"].pk, "subject": SUBJECT, "text": TEXT, "name": NAME, "phone": PHONE}
    response = client.post(reverse("participation:whistleblow-submit", args=[campaign.code]), data, follow=True)
    assert "实名举报" in response.text and "严格保密" in response.text
    assert Whistleblow.objects.get().display_code in response.text


def test_honeypot_saves_nothing(client, campaign, county):
    data = {"org": county["a"].pk, "subject": SUBJECT, "text": TEXT, "website": "http://spam.example"}
    response = client.post(reverse("participation:whistleblow-submit", args=[campaign.code]), data, follow=True)
    assert "查询码" in response.text
    assert not Whistleblow.objects.exists()


def test_rate_limit_per_ip(blow):
    with time_machine.travel(datetime.datetime(2026, 9, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        for _ in range(5):
            blow()
        with pytest.raises(DomainError, match="提交过于频繁"):
            blow()
        blow(ip="198.51.100.9")
    assert Whistleblow.objects.count() == 6


def test_only_the_inspector_lists_and_opens_reports(client, cast, real_name):
    detail = reverse("participation:whistleblow-detail", args=[real_name.pk])
    login(client, cast["inspector"])
    page = client.get(reverse("participation:whistleblow-list"))
    assert detail in page.text and SUBJECT in page.text and NAME not in page.text
    page = client.get(detail)
    assert page.status_code == 200 and TEXT in page.text and "查看举报人身份" in page.text
    assert NAME not in page.text and PHONE not in page.text
    assert not IdentityAccess.objects.exists()


@pytest.mark.parametrize("who", ["office", "head_a", "office_a", "supervisor", "owner_a", "owner_b"])
def test_others_never_reach_reports_or_identities(client, cast, real_name, who):
    login(client, cast[who])
    assert client.get(reverse("participation:whistleblow-list")).status_code == 403
    for name in ["whistleblow-detail", "whistleblow-accept", "whistleblow-close"]:
        assert client.get(reverse(f"participation:{name}", args=[real_name.pk])).status_code == 403
    response = client.post(reverse("participation:whistleblow-identity", args=[real_name.pk]))
    assert response.status_code == 403 and NAME not in response.text
    assert NAME not in client.get(reverse("participation:submission-list")).text
    assert not IdentityAccess.objects.exists()


def test_identity_shown_only_after_the_post_and_each_reading_logged(client, cast, real_name):
    url = reverse("participation:whistleblow-identity", args=[real_name.pk])
    login(client, cast["inspector"])
    assert client.get(url).status_code == 405
    for _ in range(2):
        page = client.post(url)
        assert page.status_code == 200
        assert NAME in page.text and PHONE in page.text and CONTACT in page.text
    accesses = list(IdentityAccess.objects.filter(whistleblow=real_name))
    assert len(accesses) == 2 and {a.reader for a in accesses} == {cast["inspector"]}
    entries = AuditEntry.objects.filter(target_type__model="whistleblow", remark="查看举报人身份")
    assert entries.count() == 2 and entries.first().actor == cast["inspector"]
    # The detail page lists who looked, but not what they saw.
    page = client.get(reverse("participation:whistleblow-detail", args=[real_name.pk]))
    assert "身份查看记录" in page.text and NAME not in page.text


def test_inspector_of_another_unit_cannot_read(client, county, real_name):
    inspector_b = make_person("inspector_b", county["b"], Role.INSPECTOR)
    login(client, inspector_b)
    page = client.get(reverse("participation:whistleblow-list"))
    assert page.status_code == 200 and reverse("participation:whistleblow-detail", args=[real_name.pk]) not in page.text
    assert client.get(reverse("participation:whistleblow-detail", args=[real_name.pk])).status_code == 404
    response = client.post(reverse("participation:whistleblow-identity", args=[real_name.pk]))
    assert response.status_code == 404 and NAME not in response.text
    with pytest.raises(DomainError):
        services.whistleblow_identity_read(actor=inspector_b, whistleblow=real_name)
    assert not IdentityAccess.objects.exists()


def test_audit_log_never_holds_identity_code_or_content(cast, real_name):
    services.whistleblow_identity_read(actor=cast["inspector"], whistleblow=real_name)
    services.whistleblow_accept(actor=cast["inspector"], whistleblow=real_name, reply="已受理，正在核查。")
    services.whistleblow_close(actor=cast["inspector"], whistleblow=real_name, reply="经核查，情况属实，已处理。")
    mine = AuditEntry.objects.filter(target_type__model="whistleblow", target_id=str(real_name.pk))
    assert mine.count() == 4 and set(mine.values_list("org_path", flat=True)) == {""}
    for entry in AuditEntry.objects.all():
        logged = json.dumps([entry.before, entry.after, entry.remark, entry.target_repr], ensure_ascii=False)
        for secret in (NAME, PHONE, CONTACT, real_name.identity_token, real_name.tracking_code, SUBJECT, TEXT):
            assert secret not in logged


def test_superuser_admin_never_shows_identity(client, county, real_name):
    User.objects.create_superuser("root", password=PASSWORD)
    assert client.login(username="root", password=PASSWORD)
    page = client.get(reverse("admin:participation_whistleblow_change", args=[real_name.pk]))
    assert page.status_code == 200 and SUBJECT in page.text
    for secret in (NAME, PHONE, CONTACT, real_name.identity_token, real_name.tracking_code):
        assert secret not in page.text
    assert client.get(reverse("admin:participation_whistleblow_changelist")).status_code == 200
    # Nor the inspector pages: identities are read only by inspectors, through the logged POST.
    assert client.get(reverse("participation:whistleblow-list")).status_code == 403
    assert client.post(reverse("participation:whistleblow-identity", args=[real_name.pk])).status_code == 403


def test_accept_close_and_reply_reach_the_reporter(client, cast, real_name):
    login(client, cast["inspector"])
    url = reverse("participation:whistleblow-accept", args=[real_name.pk])
    assert client.post(url, {"reply": "已受理。"}).status_code == 302
    real_name.refresh_from_db()
    assert real_name.status == WhistleblowStatus.ACCEPTED and real_name.accepted_by == cast["inspector"]
    response = client.post(url, {"reply": ""})
    assert "只能" in response.text or "已被处理" in response.text
    close = reverse("participation:whistleblow-close", args=[real_name.pk])
    assert client.post(close, {"reply": "经核查属实，已处理。"}).status_code == 302
    real_name.refresh_from_db()
    assert real_name.status == WhistleblowStatus.CLOSED
    client.logout()
    page = client.post(reverse("participation:whistleblow-track"), {"code": real_name.display_code.lower()})
    assert "已办结" in page.text and "经核查属实，已处理。" in page.text
    assert NAME not in page.text and TEXT not in page.text


def test_refused_transitions(cast, real_name):
    with pytest.raises(DomainError, match="只能办结已受理"):
        services.whistleblow_close(actor=cast["inspector"], whistleblow=real_name, reply="结果")
    with pytest.raises(DomainError, match="须填写答复"):
        services.whistleblow_close(actor=cast["inspector"], whistleblow=real_name, reply=" ")
    with pytest.raises(DomainError, match="纪检监察"):
        services.whistleblow_accept(actor=cast["office"], whistleblow=real_name)
    stale = Whistleblow.objects.get(pk=real_name.pk)
    services.whistleblow_accept(actor=cast["inspector"], whistleblow=real_name)
    with pytest.raises(DomainError, match="已被处理"):
        services.whistleblow_accept(actor=cast["inspector"], whistleblow=stale)


def test_system_check_requires_a_key_without_debug(settings):
    settings.DEBUG, settings.PARTICIPATION_IDENTITY_KEY = False, ""
    assert [error.id for error in identity_key_check()] == ["participation.E001"]
    settings.PARTICIPATION_IDENTITY_KEY = "not-a-key"
    assert [error.id for error in identity_key_check()] == ["participation.E002"]
    settings.PARTICIPATION_IDENTITY_KEY = Fernet.generate_key().decode()
    assert identity_key_check() == []
    settings.DEBUG, settings.PARTICIPATION_IDENTITY_KEY = True, ""
    assert identity_key_check() == []


def test_system_check_is_registered(settings):
    from django.core import checks

    settings.DEBUG, settings.PARTICIPATION_IDENTITY_KEY = False, ""
    assert "participation.E001" in [error.id for error in checks.run_checks()]


def test_the_inbox_leads_inspectors_and_only_them_to_the_reports(client, cast):
    from django.urls import reverse

    from conftest import PASSWORD

    client.login(username="inspector", password=PASSWORD)
    link = reverse("participation:whistleblow-list")
    assert link in client.get(reverse("participation:submission-list")).content.decode()
    client.logout()
    client.login(username="office", password=PASSWORD)
    assert link not in client.get(reverse("participation:submission-list")).content.decode()
