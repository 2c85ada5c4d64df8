import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AuditEntry
from conftest import PASSWORD
from notifications.choices import DeliveryMode, NotificationKind, WebhookKind
from notifications.context_processors import unread_notifications
from notifications.models import Notification, NotificationPreference, WebhookEndpoint
from notifications.services import notify


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _notify(user, key, url="/ledger/"):
    notify(users=[user], kind=NotificationKind.GENERAL, title=f"消息{key}", url=url, key=key)
    return Notification.objects.get(recipient=user, key=key)


LIST = reverse("notifications:notification-list")


def test_the_centre_lists_only_ones_own_newest_first(client, cast):
    _notify(cast["owner_a"], "first")
    _notify(cast["owner_a"], "second").read_at = None
    _notify(cast["owner_b"], "theirs")
    page = login(client, cast["owner_a"]).get(LIST)
    assert page.status_code == 200
    assert [n.key for n in page.context["page"].rows] == ["second", "first"]
    assert "消息theirs" not in page.content.decode()
    assert page.content.decode().count('class="tag tag-now">未读<') == 2


def test_the_centre_needs_a_login(client):
    assert client.get(LIST).status_code == 302


def test_the_centre_pages_by_key(client, cast):
    for n in range(35):
        _notify(cast["owner_a"], f"k{n:02}")
    login(client, cast["owner_a"])
    first = client.get(LIST).context["page"]
    assert len(first.rows) == 30 and first.rows[0].key == "k34"
    second = client.get(LIST, {"after": first.next_cursor}).context["page"]
    assert [n.key for n in second.rows] == ["k04", "k03", "k02", "k01", "k00"]
    assert second.next_cursor is None


def test_centre_query_count_is_pinned(client, cast, django_assert_num_queries):
    for n in range(10):
        _notify(cast["owner_a"], f"k{n}")
    login(client, cast["owner_a"])
    client.get(LIST)
    # session, user, notifications, the unread badge, whether the person runs an office (the robots
    # link)
    with django_assert_num_queries(5):
        client.get(LIST)


def test_mark_one_read_then_go_to_its_page(client, cast):
    notification = _notify(cast["owner_a"], "one", url="/ledger/measures/3/")
    response = login(client, cast["owner_a"]).post(reverse("notifications:notification-read", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/ledger/measures/3/"
    notification.refresh_from_db()
    assert notification.is_read
    first_read = notification.read_at
    client.post(reverse("notifications:notification-read", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at == first_read


def test_mark_read_never_redirects_off_site(client, cast):
    notification = _notify(cast["owner_a"], "evil", url="https://evil.example.com/")
    response = login(client, cast["owner_a"]).post(reverse("notifications:notification-read", args=[notification.pk]))
    assert response["Location"] == LIST


def test_another_persons_notification_is_not_found(client, cast):
    notification = _notify(cast["owner_a"], "mine")
    login(client, cast["owner_b"])
    assert client.post(reverse("notifications:notification-read", args=[notification.pk])).status_code == 404
    assert client.get(reverse("notifications:notification-read", args=[notification.pk])).status_code == 405
    notification.refresh_from_db()
    assert not notification.is_read


def test_mark_all_read_touches_only_ones_own(client, cast):
    _notify(cast["owner_a"], "a")
    _notify(cast["owner_a"], "b")
    _notify(cast["owner_b"], "c")
    login(client, cast["owner_a"]).post(reverse("notifications:notification-read-all"))
    assert not Notification.objects.filter(recipient=cast["owner_a"], read_at__isnull=True).exists()
    assert Notification.objects.get(key="c").read_at is None


def test_unread_count_context_processor_is_one_lazy_query(cast, django_assert_num_queries):
    _notify(cast["owner_a"], "a")
    _notify(cast["owner_a"], "b")
    Notification.objects.filter(key="b").update(read_at="2026-11-23T00:00:00Z")
    request = RequestFactory().get("/")
    request.user = cast["owner_a"]
    with django_assert_num_queries(0):
        context = unread_notifications(request)
    with django_assert_num_queries(1):
        rendered = Template("{% if unread_notification_count %}{{ unread_notification_count }}{% endif %}").render(
            Context(context)
        )
    assert rendered == "1"


def test_each_person_chooses_immediate_or_digest(client, cast):
    url = reverse("notifications:preference-edit")
    page = login(client, cast["owner_a"]).get(url)
    assert page.status_code == 200 and "还没有电子邮箱" in page.content.decode()
    assert client.post(url, {"mode": DeliveryMode.DIGEST, "email_enabled": "on"}).status_code == 302
    preference = NotificationPreference.objects.get(user=cast["owner_a"])
    assert (preference.mode, preference.email_enabled) == (DeliveryMode.DIGEST, True)
    client.post(url, {"mode": DeliveryMode.IMMEDIATE})
    preference.refresh_from_db()
    assert (preference.mode, preference.email_enabled) == (DeliveryMode.IMMEDIATE, False)
    assert AuditEntry.objects.filter(target_type__model="notificationpreference").count() == 2
    assert client.post(url, {"mode": "hourly"}).status_code == 200


# --- group robots --------------------------------------------------------------------------------


WEBHOOKS = reverse("notifications:webhook-list")
NEW = reverse("notifications:webhook-create")


def _robot_form(org, **fields):
    return {
        "org": org.pk,
        "kind": WebhookKind.DINGTALK,
        "name": "整改工作群",
        "url": "https://oapi.dingtalk.com/robot/send?access_token=abc",
        "secret": "SECsecret",
        "is_active": "on",
        **fields,
    }


@pytest.mark.parametrize("who", ["owner_a", "leader_a", "supervisor", "inspector"])
def test_only_the_office_configures_robots(client, cast, county, who):
    login(client, cast[who])
    assert client.get(WEBHOOKS).status_code == 403
    assert client.post(NEW, _robot_form(county["a"])).status_code == 403
    assert not WebhookEndpoint.objects.exists()


def test_the_office_adds_a_robot_for_its_own_unit_only(client, cast, county):
    login(client, cast["office_a"])
    assert client.post(NEW, _robot_form(county["b"])).status_code == 200
    assert client.post(NEW, _robot_form(county["a"])).status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.org, endpoint.kind, endpoint.secret) == (county["a"], WebhookKind.DINGTALK, "SECsecret")
    entry = AuditEntry.objects.get(target_type__model="webhookendpoint")
    assert "secret" not in entry.after and "url" not in entry.after
    page = client.get(WEBHOOKS).content.decode()
    assert "整改工作群" in page and "access_token" not in page and "SECsecret" not in page


def test_editing_keeps_the_secret_unless_a_new_one_is_given(client, cast, county):
    endpoint = WebhookEndpoint.objects.create(
        org=county["a"],
        kind=WebhookKind.DINGTALK,
        name="群",
        url="https://oapi.dingtalk.com/robot/send?access_token=a",
        secret="SECold",
    )
    url = reverse("notifications:webhook-edit", args=[endpoint.pk])
    login(client, cast["office_a"])
    assert "SECold" not in client.get(url).content.decode()
    client.post(url, {**_robot_form(county["a"]), "secret": "", "name": "新群"})
    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.secret) == ("新群", "SECold")
    client.post(
        url,
        {
            **_robot_form(county["a"]),
            "kind": WebhookKind.WECOM,
            "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x",
        },
    )
    endpoint.refresh_from_db()
    assert (endpoint.kind, endpoint.secret) == (WebhookKind.WECOM, "")


def test_another_units_robot_is_not_found(client, cast, county):
    endpoint = WebhookEndpoint.objects.create(org=county["b"], kind=WebhookKind.WECOM, name="乙群", url="https://x.cn/")
    login(client, cast["office_a"])
    assert client.get(reverse("notifications:webhook-edit", args=[endpoint.pk])).status_code == 404
    assert client.post(reverse("notifications:webhook-test", args=[endpoint.pk])).status_code == 404
    assert "乙群" not in client.get(WEBHOOKS).content.decode()
    login(client, cast["office"])
    assert "乙群" in client.get(WEBHOOKS).content.decode()


def test_test_message_reaches_the_robot_and_is_recorded(client, cast, county, robot):
    endpoint = WebhookEndpoint.objects.create(
        org=county["a"], kind=WebhookKind.WECOM, name="群", url=f"{robot.url}/cgi-bin/webhook/send?key=k"
    )
    login(client, cast["office_a"])
    response = client.post(reverse("notifications:webhook-test", args=[endpoint.pk]), follow=True)
    assert "测试消息已发送" in response.content.decode()
    assert robot.received[0]["json"]["msgtype"] == "markdown"
    robot.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    response = client.post(reverse("notifications:webhook-test", args=[endpoint.pk]), follow=True)
    assert "93000" in response.content.decode()
    assert endpoint.deliveries.count() == 2


def test_robot_list_query_count_is_pinned(client, cast, county, django_assert_num_queries):
    for n in range(4):
        WebhookEndpoint.objects.create(org=county["a"], kind=WebhookKind.WECOM, name=f"群{n}", url="https://x.cn/")
    login(client, cast["office"])
    client.get(WEBHOOKS)
    # session, user, memberships, office orgs exist, robots, their recent deliveries, the unread badge
    with django_assert_num_queries(7):
        client.get(WEBHOOKS)


def test_the_office_finds_its_robots_from_the_centre_and_others_do_not(client, cast):
    robots = reverse("notifications:webhook-list")
    assert robots in login(client, cast["office"]).get(LIST).content.decode()
    client.logout()
    assert robots not in login(client, cast["owner_a"]).get(LIST).content.decode()
