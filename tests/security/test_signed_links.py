"""Attack: support links that never expire, a rating link reused as a ticket link, the guest
ticket's UUID in clear in the emails, a tampered Reply-To token."""

import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from support import links
from support.inbound import inbound_email_process
from support.models import TicketStatus
from tests.support.builders import answered_ticket, open_ticket

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


def years_later(monkeypatch, days):
    now = time.time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: now + days * DAY)


def test_an_expired_ticket_link_is_refused_with_a_page_offering_a_new_one(monkeypatch):
    ticket = open_ticket(email="guest@example.com")
    url = reverse("support:ticket_link", args=[links.ticket_access_token(ticket)])
    years_later(monkeypatch, 366)

    page = Client().get(url)

    assert page.status_code == 410
    assert ticket.subject not in page.content.decode()
    assert reverse("support:contact") in page.content.decode()


def test_an_expired_rating_link_is_refused(monkeypatch):
    ticket, _ = answered_ticket(email="guest@example.com", solved=True)
    url = reverse("support:rate", args=[links.satisfaction_token(ticket, 5)])
    years_later(monkeypatch, 31)

    page = Client().post(url, {"score": 5, "comment": ""})

    assert page.status_code == 410
    ticket.refresh_from_db()
    assert ticket.satisfaction_score is None


def test_a_rating_link_opens_no_ticket_page_and_rates_no_other_ticket():
    ticket, _ = answered_ticket(email="guest@example.com", solved=True)
    rating = links.satisfaction_token(ticket, 5)

    as_ticket_link = Client().get(reverse("support:ticket_link", args=[rating]))

    assert as_ticket_link.status_code == 404
    assert links.ticket_from_access_token(rating) is None


def test_the_emails_carry_no_ticket_uuid_in_clear(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket, _ = answered_ticket(email="guest@example.com", solved=True)

    sent = "\n".join(message.message().as_string() for message in mail.outbox)

    assert len(mail.outbox) >= 3
    assert str(ticket.token) not in sent and ticket.token.hex not in sent
    for message in mail.outbox:
        local_part = message.reply_to[0].split("@")[0]
        assert len(local_part) <= 64


def test_a_tampered_reply_token_opens_a_new_unverified_ticket():
    ticket, _ = answered_ticket(email="guest@example.com", solved=True)
    address = links.reply_address(ticket)
    local, domain = address.split("@")
    tampered = f"{local[:-3]}{'a' if local[-3] != 'a' else 'b'}{local[-2:]}@{domain}"
    raw = (
        f"From: guest@example.com\r\nTo: {tampered}\r\nSubject: Re: hi\r\n"
        "Message-ID: <t1@example.com>\r\nContent-Type: text/plain\r\n\r\nReopen please."
    ).encode()

    result = inbound_email_process(raw)

    assert result.action == "created" and result.ticket != ticket
    assert result.ticket.sender_verified is False
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.SOLVED


def test_an_expired_reply_token_does_not_thread(monkeypatch):
    ticket, _ = answered_ticket(email="guest@example.com", solved=True)
    address = links.reply_address(ticket)
    years_later(monkeypatch, 366)
    raw = (
        f"From: guest@example.com\r\nTo: {address}\r\nSubject: Re: hi\r\n"
        "Message-ID: <t2@example.com>\r\nContent-Type: text/plain\r\n\r\nReopen please."
    ).encode()

    result = inbound_email_process(raw)

    assert result.action == "created" and result.ticket != ticket
