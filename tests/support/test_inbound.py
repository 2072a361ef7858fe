"""Email in (support/inbound.py, manage.py receive_email) with real RFC 822 samples from
tests/support/emails/: threading by the signed reply address or by In-Reply-To, HTML reduced to
text, quoted history trimmed, attachments kept (images and PDF only), duplicates and
auto-replies ignored."""

import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse

from support import links
from support.inbound import inbound_email_process, trim_quoted
from support.models import InboundEmailFailure, Ticket
from support.services import ticket_set_status
from tests.factories import UserFactory
from tests.orders.order_builders import placed_order, support_agent
from tests.support.builders import answered_ticket, open_ticket

pytestmark = pytest.mark.django_db

EMAILS = Path(__file__).parent / "emails"


def sample(name: str, *, verified: bool = True, **values) -> bytes:
    """A sample as our MTA delivers it: with its Authentication-Results saying DMARC passed for
    the sender's domain (`verified`), or without (see tests/security/test_inbound_spoofing.py)."""
    text = (EMAILS / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    if verified:
        text = (
            f"Authentication-Results: {settings.SUPPORT_INBOUND_AUTHSERV_ID}; dmarc=pass\n" + text
        )
    return text.encode("utf-8")


def _values(ticket, reply):
    return {
        "REPLY_ADDRESS": links.reply_address(ticket),
        "AGENT_MESSAGE_ID": reply.email_message_id.strip("<>"),
        "TICKET_NUMBER": ticket.number,
    }


def test_a_gmail_reply_threads_by_the_signed_address_and_keeps_only_the_new_text():
    ticket, reply = answered_ticket(email="alice@example.com")
    result = inbound_email_process(sample("gmail_reply.eml", **_values(ticket, reply)))
    assert result.action == "replied" and result.ticket == ticket
    assert result.message.body == (
        "Thanks, it arrived this morning. The box was a bit damaged but everything is fine.\n\n"
        "Alice"
    )
    assert result.message.channel == "email"
    ticket.refresh_from_db()
    assert ticket.status == "open"
    assert Ticket.objects.count() == 1


def test_a_forged_reply_token_does_not_thread():
    ticket, reply = answered_ticket(email="alice@example.com")
    values = _values(ticket, reply)
    values["REPLY_ADDRESS"] = values["REPLY_ADDRESS"].replace(".", ".x", 1)
    values["AGENT_MESSAGE_ID"] = "unknown@elsewhere"
    result = inbound_email_process(sample("gmail_reply.eml", **values))
    assert result.action == "created" and result.ticket != ticket


def test_an_outlook_html_only_reply_threads_by_in_reply_to_and_is_stored_as_text():
    ticket, reply = answered_ticket(email="bernard@example.fr")
    result = inbound_email_process(sample("outlook_html_reply.eml", **_values(ticket, reply)))
    assert result.action == "replied" and result.ticket == ticket
    assert result.message.body == (
        "Bonjour,\nJe voudrais plutôt la taille M, merci & bonne journée.\nBernard"
    )
    assert "<" not in result.message.body and "We can exchange it" not in result.message.body


def test_in_reply_to_from_another_sender_opens_a_new_ticket():
    ticket, reply = answered_ticket(email="someone-else@example.fr")
    result = inbound_email_process(sample("outlook_html_reply.eml", **_values(ticket, reply)))
    assert result.action == "created" and result.ticket.email == "bernard@example.fr"
    assert ticket.messages.count() == 2


def test_a_new_message_with_an_order_number_suggests_the_order_only_for_its_email():
    # A sender address proves nothing: the number only suggests the order to the agents.
    shopper = UserFactory(email="alice@example.com")
    order = placed_order()  # placed with alice@example.com
    result = inbound_email_process(sample("new_with_order_number.eml", ORDER_NUMBER=order.number))
    ticket = result.ticket
    assert result.action == "created"
    assert ticket.order is None and ticket.suggested_order == order
    assert ticket.customer == shopper
    assert ticket.subject == f"Question about order {order.number}"
    assert ticket.channel == "email" and ticket.category == "order_status"
    assert ticket.messages.get().body == (
        f"Hello,\n\nMy order {order.number} still shows as unfulfilled. When will it ship?"
    )
    other = placed_order()
    other.email = "someone@example.com"
    other.save()
    raw = sample("new_with_order_number.eml", ORDER_NUMBER=other.number).replace(
        b"new-order-0003", b"new-order-0004"
    )
    unmatched = inbound_email_process(raw).ticket
    assert unmatched.order is None and unmatched.suggested_order is None


def test_pdf_attachments_are_kept_and_fakes_dropped():
    result = inbound_email_process(sample("with_pdf_attachment.eml"))
    [attachment] = result.message.attachments.all()
    assert attachment.filename == "invoice.pdf" and attachment.content_type == "application/pdf"
    assert attachment.file.read().startswith(b"%PDF-")


def test_a_message_is_processed_once_and_auto_replies_are_ignored():
    first = inbound_email_process(sample("with_pdf_attachment.eml"))
    again = inbound_email_process(sample("with_pdf_attachment.eml"))
    assert again.action == "duplicate" and again.ticket == first.ticket
    ticket, reply = answered_ticket(email="alice@example.com")
    mail.outbox.clear()
    ignored = inbound_email_process(sample("auto_reply.eml", **_values(ticket, reply)))
    assert ignored.action == "ignored"
    assert ticket.messages.count() == 2 and Ticket.objects.count() == 2
    assert mail.outbox == []


def test_a_reply_to_a_closed_ticket_opens_a_new_one():
    ticket, reply = answered_ticket(email="alice@example.com")
    ticket_set_status(ticket=ticket, status="closed", user=support_agent())
    result = inbound_email_process(sample("gmail_reply.eml", **_values(ticket, reply)))
    assert result.action == "created" and result.ticket != ticket


def test_quoted_history_in_french_and_signatures_are_trimmed():
    text = "Merci !\n\nLe mar. 1 déc. 2026 à 17:02, Small Shop <s@x.fr> a écrit :\n> Bonjour"
    assert trim_quoted(text) == "Merci !"
    assert trim_quoted("Yes please\n-- \nAlice\n") == "Yes please"


def test_the_command_reads_stdin_and_sweeps_a_maildir(tmp_path, monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr(
        "sys.stdin", io.TextIOWrapper(io.BytesIO(sample("with_pdf_attachment.eml")))
    )
    call_command("receive_email", stdout=out)
    assert "created T-" in out.getvalue()

    maildir = tmp_path / "Maildir"
    (maildir / "new").mkdir(parents=True)
    (maildir / "cur").mkdir()
    (maildir / "tmp").mkdir()
    order = placed_order()
    (maildir / "new" / "1.eml").write_bytes(
        sample("new_with_order_number.eml", ORDER_NUMBER=order.number)
    )
    shutil.copy(EMAILS / "auto_reply.eml", maildir / "new" / "2.eml")
    out = io.StringIO()
    call_command("receive_email", maildir=str(maildir), stdout=out)
    assert list((maildir / "new").iterdir()) == []
    assert sorted(p.name for p in (maildir / "cur").iterdir()) == ["1.eml:2,S", "2.eml:2,S"]
    assert "1.eml: created" in out.getvalue() and "2.eml: ignored" in out.getvalue()
    assert Ticket.objects.filter(suggested_order=order).count() == 1


def test_staff_retry_a_set_aside_email_from_the_admin(client):
    failure = InboundEmailFailure.objects.create(
        raw=sample("new_with_order_number.eml", ORDER_NUMBER="2026-999999"), error="was down"
    )
    client.force_login(UserFactory(email="root@example.com", is_staff=True, is_superuser=True))

    client.post(
        reverse("admin:support_inboundemailfailure_changelist"),
        {"action": "retry", "_selected_action": [failure.pk]},
    )

    failure.refresh_from_db()
    assert failure.resolved
    assert Ticket.objects.get().email == "alice@example.com"


def test_links_sent_before_ids_were_signed_still_open_until_they_expire():
    ticket = open_ticket(email="guest@example.com")
    old_link = signing.dumps(str(ticket.token), salt=links.ACCESS_SALT, compress=True)
    old_rating = signing.dumps({"t": str(ticket.token), "s": 4}, salt=links.RATE_SALT)

    assert links.ticket_from_access_token(old_link) == ticket
    assert links.satisfaction_token_read(old_rating) == (ticket, 4)
