"""Attack: one malformed email stops `receive_email` and the good mail behind it waits."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from support.inbound import inbound_email_process_safely
from support.models import InboundEmailFailure, Ticket
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def message(
    *,
    sender='"Bob" <bob@example.com>',
    charset="utf-8",
    body=b"Where is my parcel?",
    subject="Parcel",
    message_id="m1@example.com",
) -> bytes:
    head = (
        f"From: {sender}\r\nTo: support@support.smallshop.example\r\nSubject: {subject}\r\n"
        f"Message-ID: <{message_id}>\r\nContent-Type: text/plain; charset={charset}\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    )
    return head.encode() + body


def test_an_unknown_charset_still_becomes_a_ticket():
    result = inbound_email_process_safely(message(charset="x-klingon-9", body=b"Caf\xe9 ?"))

    assert result.action == "created"
    assert "Caf" in result.ticket.messages.get().body


def test_a_nul_byte_still_becomes_a_ticket():
    result = inbound_email_process_safely(message(body=b"Where is\x00 my parcel?"))

    assert result.action == "created"
    assert result.ticket.messages.get().body == "Where is my parcel?"


def test_a_300_character_display_name_still_becomes_a_ticket():
    result = inbound_email_process_safely(message(sender=f'"{"B" * 300}" <bob@example.com>'))

    assert result.action == "created"
    assert result.ticket.name == "B" * 150


def test_garbage_in_a_maildir_is_set_aside_and_the_good_mail_goes_on(tmp_path):
    maildir = tmp_path / "Maildir"
    for folder in ("new", "cur", "tmp"):
        (maildir / folder).mkdir(parents=True)
    (maildir / "new" / "1-bad.eml").write_bytes(message(body=b"\x00" * 10, message_id="bad@x"))
    (maildir / "new" / "2-charset.eml").write_bytes(
        message(charset="x-unknown", message_id="c@example.com")
    )
    (maildir / "new" / "3-good.eml").write_bytes(message(message_id="good@example.com"))
    (maildir / "new" / "4-nul.eml").write_bytes(
        message(body=b"Hi\x00 there", message_id="nul@example.com")
    )
    out = io.StringIO()

    call_command("receive_email", maildir=str(maildir), stdout=out)  # raises on exit != 0

    assert Ticket.objects.count() == 3
    assert list((maildir / "new").iterdir()) == []
    assert [p.name for p in (maildir / "failed").iterdir()] == ["1-bad.eml"]
    failure = InboundEmailFailure.objects.get()
    assert failure.raw.startswith(b"From:") and failure.error and not failure.resolved
    assert "1-bad.eml: failed" in out.getvalue()


def test_the_set_aside_message_is_shown_to_staff_in_the_admin(client):
    result = inbound_email_process_safely(message(body=b"\x00" * 10, message_id="bad@x"))
    failure = InboundEmailFailure.objects.get()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = client.get(reverse("admin:support_inboundemailfailure_changelist"))
    page = client.get(reverse("admin:support_inboundemailfailure_change", args=[failure.pk]))

    assert result.action == "failed"
    assert listing.status_code == 200 and "bob@example.com" in listing.content.decode()
    assert page.status_code == 200
