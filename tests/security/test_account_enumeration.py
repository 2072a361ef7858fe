"""Attack: learning who has an account from `accountRegister` and the sign-up page, and
flooding someone's inbox with password-reset or "you already have an account" emails."""

import pytest
from django.core import mail
from django.urls import reverse

from customers.models import User
from customers.services import (
    ACCOUNT_EXISTS_EMAILS_PER_HOUR,
    PASSWORD_RESET_EMAILS_PER_HOUR,
    PASSWORD_RESET_REQUESTS_PER_HOUR_PER_IP,
    SIGN_UP_LIMIT_PER_IP,
)
from tests.clients import messages_of
from tests.customers.support import PASSWORD, customer

pytestmark = pytest.mark.django_db

REGISTER = """
mutation ($input: AccountRegisterInput!) {
  accountRegister(input: $input) {
    user { email } requiresConfirmation errors { field code message }
  }
}"""
SIGNUP = reverse("customers:signup")
PASSWORD_RESET = reverse("customers:password_reset")


def register(client, email, **extra):
    variables = {"input": {"email": email, "password": "a-long-passphrase", "firstName": "Eve"}}
    body = {"query": REGISTER, "variables": variables}
    response = client.post("/graphql/", body, content_type="application/json", **extra)
    return response.status_code, response.json()


def sign_up_page(client, email, **extra):
    data = {
        "email": email,
        "first_name": "Eve",
        "last_name": "",
        "password": "a-long-passphrase",
        "password_confirm": "a-long-passphrase",
    }
    return client.post(SIGNUP, data, **extra)


def test_account_register_answers_an_existing_email_exactly_like_a_new_one(
    client, django_capture_on_commit_callbacks
):
    customer("known@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        new = register(client, "stranger@example.com")
        known = register(client, "Known@Example.com")

    assert known == new
    assert new == (
        200,
        {"data": {"accountRegister": {"user": None, "requiresConfirmation": True, "errors": []}}},
    )
    # Nothing was created or changed for the existing account; its owner is told instead.
    assert User.objects.filter(email__iexact="known@example.com").count() == 1
    assert User.objects.get(email="known@example.com").check_password(PASSWORD)
    to_known = [message for message in mail.outbox if message.to == ["known@example.com"]]
    assert len(to_known) == 1
    assert "You already have an account" in to_known[0].subject
    assert reverse("customers:password_reset") in to_known[0].body


def test_the_sign_up_page_answers_an_existing_email_exactly_like_a_new_one(
    client, django_capture_on_commit_callbacks
):
    customer("known@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        new = sign_up_page(client, "stranger@example.com")
        new_page = client.get(new["Location"])
        known = sign_up_page(client, "known@example.com")
        known_page = client.get(known["Location"])

    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    new_messages = messages_of(new_page)
    known_messages = messages_of(known_page)
    assert [m.replace("known@", "stranger@") for m in known_messages] == new_messages
    assert "Check your inbox" in new_messages[0]
    assert "_auth_user_id" not in client.session
    assert "You already have an account" in mail.outbox[-1].subject


def test_probing_emails_through_sign_up_is_rate_limited_per_address(client):
    for index in range(SIGN_UP_LIMIT_PER_IP):
        customer(f"member{index}@example.com")
        register(client, f"member{index}@example.com", REMOTE_ADDR="203.0.113.5")

    _status, probe = register(client, "one-more@example.com", REMOTE_ADDR="203.0.113.5")

    assert probe["data"]["accountRegister"]["errors"][0]["code"] == "RATE_LIMITED"
    _status, other = register(client, "one-more@example.com", REMOTE_ADDR="198.51.100.5")
    assert other["data"]["accountRegister"]["errors"] == []


def test_signing_up_again_and_again_does_not_flood_the_owner(
    client, django_capture_on_commit_callbacks
):
    customer("known@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        answers = {
            str(register(client, "known@example.com", REMOTE_ADDR=f"198.51.100.{index}"))
            for index in range(10)
        }

    assert len(answers) == 1  # always the same answer
    assert len(mail.outbox) == ACCOUNT_EXISTS_EMAILS_PER_HOUR


def test_a_password_reset_flood_on_one_email_is_capped_quietly(client):
    customer("victim@example.com")

    responses = [
        client.post(PASSWORD_RESET, {"email": "victim@example.com"}, REMOTE_ADDR=f"10.0.0.{n}")
        for n in range(20)
    ]

    assert {(r.status_code, r["Location"]) for r in responses} == {
        (302, reverse("customers:password_reset_done"))
    }
    assert len(mail.outbox) == PASSWORD_RESET_EMAILS_PER_HOUR


def test_a_password_reset_flood_from_one_address_is_capped(client):
    for index in range(PASSWORD_RESET_REQUESTS_PER_HOUR_PER_IP + 10):
        customer(f"member{index}@example.com")
        response = client.post(PASSWORD_RESET, {"email": f"member{index}@example.com"})
        assert response.status_code == 302

    assert len(mail.outbox) == PASSWORD_RESET_REQUESTS_PER_HOUR_PER_IP
