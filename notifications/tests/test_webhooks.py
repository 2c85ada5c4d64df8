import base64
import datetime
import hashlib
import hmac
import time

import pytest
from django.utils import timezone

from notifications import services
from notifications.choices import DeliveryMode, DeliveryStatus, NotificationKind, WebhookKind
from notifications.delivery import dingtalk_signed_url, retry_failed, send_and_record, send_digests
from notifications.models import Delivery, NotificationPreference, WebhookEndpoint
from notifications.tests.conftest import MONDAY

SECRET = "SEC0123456789abcdef"


def _endpoint(org, robot, kind=WebhookKind.WECOM, **fields):
    return WebhookEndpoint.objects.create(
        org=org, kind=kind, name="整改工作群", url=f"{robot.url}/{kind}/send?key=k1", **fields
    )


def _notify(users, key="urge-7"):
    return services.notify(
        users=users,
        kind=NotificationKind.URGE_NOTICE,
        title="催办单：门诊排队问题",
        body="请于3日内答复",
        key=key,
        url="/x/",
    )


def test_wecom_gets_one_markdown_message_per_org(cast, county, robot, settings, django_capture_on_commit_callbacks):
    settings.POBING_SITE_URL = "https://pobing.example.cn"
    _endpoint(county["a"], robot)
    _endpoint(county["b"], robot, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([cast["owner_a"], cast["leader_a"], cast["owner_b"]])
    assert len(robot.received) == 1
    request = robot.received[0]
    assert request["path"] == "/wecom/send"
    assert request["query"] == {"key": "k1"}
    assert request["content_type"].startswith("application/json")
    body = request["json"]
    assert set(body) == {"msgtype", "markdown"}
    assert body["msgtype"] == "markdown"
    assert set(body["markdown"]) == {"content"}
    content = body["markdown"]["content"]
    assert "owner_a" in content and "leader_a" in content and "owner_b" not in content
    assert "[催办单：门诊排队问题](https://pobing.example.cn/x/)" in content
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_dingtalk_markdown_with_a_valid_signature(cast, county, robot, django_capture_on_commit_callbacks):
    _endpoint(county["commission"], robot, kind=WebhookKind.DINGTALK, secret=SECRET)
    before = int(time.time() * 1000)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([cast["owner_a"]])
    request = robot.received[0]
    assert request["path"] == "/dingtalk/send"
    body = request["json"]
    assert body["msgtype"] == "markdown"
    assert set(body["markdown"]) == {"title", "text"}
    assert body["markdown"]["title"] == "【破冰】催办单：门诊排队问题"
    assert "请于3日内答复" in body["markdown"]["text"]
    query = request["query"]
    timestamp = int(query["timestamp"])
    assert before <= timestamp <= int(time.time() * 1000)
    expected = base64.b64encode(
        hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["sign"] == expected
    assert query["key"] == "k1"


def test_signed_url_matches_dingtalks_documented_example():
    url = dingtalk_signed_url("https://oapi.dingtalk.com/robot/send?access_token=T", "SECabc", 1577262236757)
    digest = hmac.new(b"SECabc", b"1577262236757\nSECabc", hashlib.sha256).digest()
    sign = base64.b64encode(digest).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    assert url == f"https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1577262236757&sign={sign}"


def test_a_refused_post_is_recorded_as_failed(cast, county, robot, django_capture_on_commit_callbacks):
    robot.answer = {"errcode": 310000, "errmsg": "sign not match"}
    _endpoint(county["a"], robot, kind=WebhookKind.DINGTALK)
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify([cast["owner_a"]]) == 1
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert "310000" in delivery.error


def test_an_unreachable_robot_is_recorded_and_the_caller_goes_on(cast, county, django_capture_on_commit_callbacks):
    WebhookEndpoint.objects.create(org=county["a"], kind=WebhookKind.WECOM, name="群", url="http://127.0.0.1:9/send")
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify([cast["owner_a"]]) == 1
    assert Delivery.objects.get().status == DeliveryStatus.FAILED


@pytest.mark.parametrize("kind", [WebhookKind.WECOM, WebhookKind.DINGTALK])
def test_digest_readers_reach_the_group_once_a_day(cast, county, robot, kind, django_capture_on_commit_callbacks):
    _endpoint(county["a"], robot, kind=kind)
    NotificationPreference.objects.create(user=cast["owner_a"], mode=DeliveryMode.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([cast["owner_a"], cast["leader_a"]], key="one")
        _notify([cast["owner_a"]], key="two")
    assert len(robot.received) == 1
    immediate = str(robot.received[0]["json"])
    assert "leader_a" in immediate and "owner_a" not in immediate
    assert send_digests(today=MONDAY) == 1
    assert len(robot.received) == 2
    digest = robot.received[1]["json"]["markdown"]
    text = digest.get("content") or digest["text"]
    assert text.startswith("### 【破冰】2026年11月23日消息汇总")
    assert text.count("owner_a") == 2 and "leader_a" not in text
    assert send_digests(today=MONDAY) == 0
    assert len(robot.received) == 2


def test_a_message_being_sent_elsewhere_is_not_sent_again_but_a_failed_one_is(db):
    calls = []
    fields = {"channel": "email", "target": "owner@example.cn", "key": "digest:2026-11-23"}
    Delivery.objects.create(status=DeliveryStatus.SENDING, **fields)
    assert send_and_record(send=lambda: calls.append(1), **fields) is None
    Delivery.objects.update(status=DeliveryStatus.FAILED)
    assert send_and_record(send=lambda: calls.append(1), **fields).status == DeliveryStatus.SENT
    assert calls == [1]
    assert send_and_record(send=lambda: calls.append(1), **fields) is None


def test_a_long_digest_is_cut_to_what_the_robot_accepts(cast, county, robot):
    _endpoint(county["a"], robot)
    NotificationPreference.objects.create(user=cast["owner_a"], mode=DeliveryMode.DIGEST)
    for n in range(80):
        services.notify(
            users=[cast["owner_a"]], kind=NotificationKind.GENERAL, title=f"第{n}条提醒" + "很长的说明" * 5, key=f"k{n}"
        )
    assert send_digests(today=MONDAY) == 1
    content = robot.received[0]["json"]["markdown"]["content"]
    assert len(content.encode()) <= 4096
    assert content.endswith("条，请登录破冰查看。")


def test_the_daily_run_retries_a_failed_post_once_it_is_accepted(
    cast, county, robot, django_capture_on_commit_callbacks
):
    robot.answer = {"errcode": 45009, "errmsg": "api freq out of limit"}
    _endpoint(county["a"], robot)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([cast["owner_a"]])
    assert Delivery.objects.get().status == DeliveryStatus.FAILED
    robot.answer = {"errcode": 0, "errmsg": "ok"}
    since = timezone.now() - datetime.timedelta(days=3)
    assert retry_failed(since=since) == 1
    assert retry_failed(since=since) == 0
    assert len(robot.received) == 2
    assert "催办单：门诊排队问题" in robot.received[1]["json"]["markdown"]["content"]
    assert sorted(Delivery.objects.values_list("status", flat=True)) == [DeliveryStatus.FAILED, DeliveryStatus.SENT]
