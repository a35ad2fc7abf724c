"""Web Push against a real push service on localhost (not a mock of pywebpush): the payload arrives encrypted
(aes128gcm) with a VAPID signature and decrypts to the notice; a 410 prunes the subscription; a retried delivery
pushes nothing twice; members who chose in-app only are not pushed; endpoints off the push services are refused."""

import json

import pytest
from django.core.exceptions import ValidationError

from core.notifications.delivery import deliver
from core.notifications.models import Kind, Mode, Notification, PushSubscription
from core.notifications.push import endpoint_allowed
from core.notifications.services import notify, preferences_set
from core.notifications.subscriptions import subscription_save
from core.notifications.vapid import vapid_keys
from tests.core.notifications.fake_push import Browser, FakePushService


@pytest.fixture
def vapid(settings):
    settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY = vapid_keys()
    settings.WEBPUSH_CONTACT = "mailto:ops@example.vn"
    settings.NOTIFY_BY_EMAIL = False
    return settings


def test_payload_is_encrypted_signed_and_gone_subscriptions_are_pruned(tree, vapid):
    user = tree.users["member_x"]
    phone, old = Browser(), Browser()
    with FakePushService() as service:
        subscription_save(user=user, endpoint=service.url("/ok/phone"), p256dh=phone.p256dh, auth=phone.auth)
        subscription_save(user=user, endpoint=service.url("/gone/old"), p256dh=old.p256dh, auth=old.auth)
        notice = notify(
            kind=Kind.MEETING, text="Họp chi bộ 19:00 tại nhà văn hoá", url="/sinh-hoat/", user_ids=[user.pk]
        )
        sent = deliver(notice.pk)
        assert (sent.pushed, sent.pruned) == (1, 1)
        ok = next(r for r in service.received if r.path == "/ok/phone")
        assert ok.headers["content-encoding"] == "aes128gcm"
        assert "Họp chi bộ".encode() not in ok.body  # ciphertext on the wire
        assert ok.headers["authorization"].startswith("vapid t=") and "k=" in ok.headers["authorization"]
        assert int(ok.headers["ttl"]) > 0
        message = json.loads(phone.decrypt(ok.body))
        row = Notification.objects.get(notice=notice, user=user)
        assert message == {
            "title": "Sổ tay đảng viên",
            "body": "Họp chi bộ 19:00 tại nhà văn hoá",
            "url": f"/thong-bao/{row.pk}/",
            "tag": f"n{notice.pk}",
        }
        assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [service.url("/ok/phone")]
        # a retried delivery (the task's message came back) pushes nothing again
        count = len(service.received)
        assert deliver(notice.pk).pushed == 0 and len(service.received) == count


def test_in_app_only_members_are_not_pushed(tree, vapid):
    user = tree.users["member_x"]
    browser = Browser()
    preferences_set(user=user, modes={Kind.NEWS: Mode.INAPP})
    with FakePushService() as service:
        subscription_save(user=user, endpoint=service.url("/ok/a"), p256dh=browser.p256dh, auth=browser.auth)
        news = notify(kind=Kind.NEWS, text="Tin", user_ids=[user.pk])
        meeting = notify(kind=Kind.MEETING, text="Họp", user_ids=[user.pk])
        assert deliver(news.pk).pushed == 0 and deliver(meeting.pk).pushed == 1
        assert len(service.received) == 1


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://169.254.169.254/latest/meta-data",
        "http://fcm.googleapis.com/fcm/send/x",  # plain http to a known service
        "https://evil.example/fcm.googleapis.com",
        "https://fcm.googleapis.com.evil.example/x",
        "https://user:pw@fcm.googleapis.com/x",
        "ftp://127.0.0.1/x",
    ],
)
def test_endpoints_off_the_push_services_are_refused(tree, endpoint):
    assert not endpoint_allowed(endpoint)
    with pytest.raises(ValidationError):
        subscription_save(user=tree.users["member_x"], endpoint=endpoint, p256dh="k", auth="a")


def test_known_push_services_are_accepted():
    assert endpoint_allowed("https://fcm.googleapis.com/fcm/send/abc")
    assert endpoint_allowed("https://updates.push.services.mozilla.com/wpush/v2/abc")
    assert endpoint_allowed("https://web.push.apple.com/QO1")


def test_vapid_keys_command_prints_a_usable_pair(capsys):
    from django.core.management import call_command

    call_command("webpush_keys")
    out = capsys.readouterr().out
    lines = dict(line.split("=", 1) for line in out.strip().splitlines())
    assert len(lines["WEBPUSH_VAPID_PUBLIC_KEY"]) == 87 and len(lines["WEBPUSH_VAPID_PRIVATE_KEY"]) == 43
