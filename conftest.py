"""The shared cast (STYLE.md): every view test can check both who may and who may not."""

import datetime
import os
from pathlib import Path

import pytest
from django.db import connections

from accounts.models import User
from campaigns import services as campaign_services
from organisations import services as org_services
from organisations.choices import OrgType, Role

PASSWORD = "Test-pass-2026"


def make_person(username, org, role, name=None, mobile=None):
    user = User(username=username, name=name or username, mobile=mobile)
    user.set_password(PASSWORD)
    user.save()
    org_services.membership_add(actor=None, user=user, org=org, role=role)
    return user


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The cast is made for every test: real PBKDF2 rounds would dominate the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def county(db):
    commission = org_services.org_create(actor=None, name="测试县卫健委", code="CSWJW", type=OrgType.COMMISSION)
    hospital_a = org_services.org_create(
        actor=None, name="甲医院", code="JYY", type=OrgType.HOSPITAL, parent=commission
    )
    hospital_b = org_services.org_create(
        actor=None, name="乙医院", code="YYY", type=OrgType.HOSPITAL, parent=commission
    )
    dept_a = org_services.org_create(
        actor=None, name="甲医院医务科", code="JYY-YWK", type=OrgType.DEPARTMENT, parent=hospital_a
    )
    return {"commission": commission, "a": hospital_a, "b": hospital_b, "dept_a": dept_a}


@pytest.fixture
def cast(county):
    return {
        "office": make_person("office", county["commission"], Role.OFFICE, name="办公室甲", mobile="13800000001"),
        "head_a": make_person("head_a", county["a"], Role.HEAD),
        "office_a": make_person("office_a", county["a"], Role.OFFICE),
        "leader_a": make_person("leader_a", county["a"], Role.LEADER),
        "owner_a": make_person("owner_a", county["dept_a"], Role.OWNER),
        "supervisor": make_person("supervisor", county["commission"], Role.SUPERVISOR),
        "inspector": make_person("inspector", county["commission"], Role.INSPECTOR),
        "owner_b": make_person("owner_b", county["b"], Role.OWNER),
    }


@pytest.fixture
def campaign(cast, county):
    return campaign_services.campaign_create(
        actor=cast["office"],
        org=county["commission"],
        code="2026-PB",
        theme="思想破冰大研讨",
        kind="pobing",
        doc_number="测卫发〔2026〕12号",
        starts_on=datetime.date(2026, 9, 5),
        template_key="pobing",
    )


@pytest.fixture
def rolled_out(campaign, cast, county):
    subs = campaign_services.campaign_roll_out(actor=cast["office"], campaign=campaign, orgs=[county["a"], county["b"]])
    return {sub.org.code: sub for sub in subs}


CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone_page():
    """A phone-sized page in Debian's Chromium (never a downloaded browser); skipped where either is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements-dev.txt)")
    # Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls from it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"])
        yield browser.new_page(viewport=PHONE)
        browser.close()
        # While Playwright's event loop runs, Django keeps the test's connections per async context,
        # where nothing else closes them: PostgreSQL then refuses to drop the test database.
        connections.close_all()


def browser_log_in(page, live_server, username, password=PASSWORD):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
