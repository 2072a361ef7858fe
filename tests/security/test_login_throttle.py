"""Attack: guessing passwords at /admin/login/, the sign-in page and `tokenCreate`, and locking
the real owner out of their account by failing on purpose.

Time is moved by aging the counted failures (RateLimitHit.created_at), never by sleeping.
"""

from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse

from customers.models import RateLimitHit
from customers.signin_throttle import SIGN_IN_BACKOFF_MAX_SECONDS
from tests.customers.support import PASSWORD, customer

pytestmark = pytest.mark.django_db

SIGNIN = reverse("customers:login")
ADMIN_LOGIN = "/admin/login/?next=/admin/"
TOKEN_CREATE = """
mutation ($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token errors { field code message retryAfter }
  }
}"""


def admin_sign_in(client, email, password, **extra):
    return client.post(
        ADMIN_LOGIN, {"username": email, "password": password, "next": "/admin/"}, **extra
    )


def shop_sign_in(client, email, password, **extra):
    return client.post(SIGNIN, {"email": email, "password": password}, **extra)


def token_create(client, email, password, **extra):
    body = {"query": TOKEN_CREATE, "variables": {"email": email, "password": password}}
    response = client.post("/graphql/", body, content_type="application/json", **extra)
    return response.json()["data"]["tokenCreate"]


def age_failures(minutes: int) -> None:
    RateLimitHit.objects.update(created_at=F("created_at") - timedelta(minutes=minutes))


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_admin_login_refuses_the_right_password_after_30_wrong_ones(client):
    customer("boss@example.com", is_staff=True, is_superuser=True)
    for _ in range(30):
        admin_sign_in(client, "boss@example.com", "wrong")

    response = admin_sign_in(client, "boss@example.com", PASSWORD)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert not signed_in(client)


def test_shop_sign_in_refuses_the_right_password_after_30_wrong_ones(client):
    customer("gus@example.com")
    for _ in range(30):
        shop_sign_in(client, "gus@example.com", "wrong")

    response = shop_sign_in(client, "gus@example.com", PASSWORD)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert not signed_in(client)


def test_token_create_refuses_the_right_password_after_30_wrong_ones(client):
    customer("carl@example.com")
    for _ in range(30):
        token_create(client, "carl@example.com", "wrong")

    payload = token_create(client, "carl@example.com", PASSWORD)

    assert payload["token"] is None
    [error] = payload["errors"]
    assert error["code"] == "RATE_LIMITED"
    assert 0 < error["retryAfter"] <= 15 * 60


def test_a_strangers_failures_from_elsewhere_do_not_lock_the_owner_out(client):
    customer("owner@example.com")
    home = {"REMOTE_ADDR": "192.0.2.10"}
    assert shop_sign_in(client, "owner@example.com", PASSWORD, **home).status_code == 302
    client.post(reverse("customers:logout"))
    for index in range(30):
        shop_sign_in(client, "owner@example.com", "guess", REMOTE_ADDR=f"198.51.100.{index % 10}")

    # From the address that signed in before, the owner is not even slowed down.
    response = shop_sign_in(client, "owner@example.com", PASSWORD, **home)

    assert response.status_code == 302
    assert signed_in(client)


def test_a_strangers_failures_only_delay_the_owner_on_a_new_device(client):
    customer("owner@example.com")
    for index in range(30):
        token_create(client, "owner@example.com", "guess", REMOTE_ADDR=f"198.51.100.{index % 10}")

    delayed = shop_sign_in(client, "owner@example.com", PASSWORD, REMOTE_ADDR="192.0.2.20")
    assert delayed.status_code == 429
    assert 0 < int(delayed["Retry-After"]) <= SIGN_IN_BACKOFF_MAX_SECONDS

    # After the capped backoff, not hours later, the right password works again.
    age_failures(minutes=SIGN_IN_BACKOFF_MAX_SECONDS // 60)
    response = shop_sign_in(client, "owner@example.com", PASSWORD, REMOTE_ADDR="192.0.2.20")

    assert response.status_code == 302
    assert signed_in(client)


def test_made_up_emails_from_one_address_do_not_lock_real_accounts(client):
    customer("ivy@example.com")
    attacker = {"REMOTE_ADDR": "203.0.113.66"}
    for index in range(50):
        shop_sign_in(client, f"made-up-{index}@example.com", "guess", **attacker)

    elsewhere = shop_sign_in(client, "ivy@example.com", PASSWORD, REMOTE_ADDR="192.0.2.30")
    assert elsewhere.status_code == 302
    client.post(reverse("customers:logout"))
    # The attacker's own address is only slowed down, for minutes, not locked for hours.
    assert shop_sign_in(client, "ivy@example.com", PASSWORD, **attacker).status_code == 429
    age_failures(minutes=SIGN_IN_BACKOFF_MAX_SECONDS // 60)
    assert shop_sign_in(client, "ivy@example.com", PASSWORD, **attacker).status_code == 302


def test_behind_a_proxy_two_clients_are_limited_separately(client, settings):
    settings.SHOP_TRUSTED_PROXIES = 1
    customer("boss@example.com", is_staff=True, is_superuser=True)
    customer("clerk@example.com", is_staff=True, is_superuser=True)
    attacker = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    colleague = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    for index in range(30):
        admin_sign_in(client, f"staff-{index}@example.com", "guess", **attacker)
        admin_sign_in(client, "boss@example.com", "guess", **attacker)

    assert admin_sign_in(client, "boss@example.com", PASSWORD, **attacker).status_code == 429
    assert admin_sign_in(client, "clerk@example.com", PASSWORD, **colleague).status_code == 302
    assert signed_in(client)
