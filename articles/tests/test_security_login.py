"""Admin sign-in throttling: lockout per username and address, and unlocking."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "a-long-enough-password"


@pytest.fixture
def staff():
    return get_user_model().objects.create_user(
        "desk", password=PASSWORD, is_staff=True
    )


def sign_in(client, username="desk", password=PASSWORD, address="10.0.0.1"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def fail_until_locked(client, settings, **where):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, password="wrong", **where)
        assert response.status_code in (200, 429)
    return response


def test_right_password_signs_in(client, staff):
    response = sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_failures_lock_the_username_at_that_address(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, password="wrong").status_code == 200

    locked = sign_in(client, password="wrong")
    after = sign_in(client)  # even the right password is refused now

    for response in (locked, after):
        assert response.status_code == 429
        assert response["Retry-After"] == "900"
        text = response.content.decode()
        assert "This account is locked: 5 failed sign-ins as “desk”" in text
        assert "Try again in 15 minutes, or ask an administrator to unlock" in text
    assert "_auth_user_id" not in client.session


def test_lockout_spares_other_users_and_addresses(client, staff, settings):
    get_user_model().objects.create_user("other", password=PASSWORD, is_staff=True)
    fail_until_locked(client, settings)

    assert sign_in(client, username="other").status_code == 302
    client.logout()
    assert sign_in(client, address="10.0.0.2").status_code == 302


def test_lockout_ends_after_the_cool_off(client, staff, settings):
    fail_until_locked(client, settings)

    with time_machine.travel(dt.timedelta(minutes=16)):
        assert sign_in(client).status_code == 302


@pytest.mark.parametrize(
    "command",
    [("axes_reset_username", "desk"), ("axes_reset_ip", "10.0.0.1"), ("axes_reset",)],
)
def test_unlock_commands_lift_the_lockout(client, staff, settings, command):
    fail_until_locked(client, settings)
    assert sign_in(client).status_code == 429

    call_command(*command, stdout=StringIO())

    assert sign_in(client).status_code == 302


def test_behind_a_proxy_the_address_is_the_one_the_proxy_appended(
    client, staff, settings
):
    settings.BEHIND_PROXY = True
    spoofed = {"HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "desk", "password": "wrong"}, **spoofed)

    # The client forged the first entry; the proxy's (last) one is what counts.
    forged_again = {"HTTP_X_FORWARDED_FOR": "9.9.9.9, 203.0.113.7"}
    other_client = {"HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    data = {"username": "desk", "password": PASSWORD, "next": "/admin/"}
    assert client.post(LOGIN, data, **forged_again).status_code == 429
    assert client.post(LOGIN, data, **other_client).status_code == 302
