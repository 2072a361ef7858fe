"""The ticket services: opening (and which order gets linked), the transitions table, replies,
internal notes, updates, satisfaction, auto-solve and canned replies."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from orders.models import OrderEvent
from support import links
from support.error_codes import TicketErrorCode
from support.models import CannedResponse, Ticket, TicketEvent, TicketMessage, TicketStatus
from support.services import (
    canned_response_render,
    ticket_assign,
    ticket_create,
    ticket_customer_reply,
    ticket_order_link_confirm,
    ticket_reply,
    ticket_satisfaction_submit,
    ticket_set_status,
    ticket_update,
    tickets_auto_solve,
)
from tests.errors import error_codes
from tests.factories import UserFactory
from tests.orders.order_builders import (
    customers_order,
    placed_order,
    seller,
    shipped_order,
    support_agent,
)
from tests.support.builders import open_ticket

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_guest_opens_a_ticket_and_gets_an_acknowledgement(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(email="guest@example.com")
    assert ticket.number.startswith(f"T-{timezone.localdate().year}-")
    assert ticket.status == TicketStatus.NEW and ticket.customer is None
    assert ticket.first_response_due_at and ticket.resolution_due_at > ticket.first_response_due_at
    [message] = ticket.messages.all()
    assert message.kind == "customer" and message.author_email == "guest@example.com"
    [email] = mail.outbox
    assert email.to == ["guest@example.com"]
    assert ticket.number in email.subject
    # The token carries the second it was made: read it back rather than make another.
    [reply_to] = email.reply_to
    assert reply_to.startswith("support+") and reply_to.endswith(
        "@" + settings.SUPPORT_REPLY_DOMAIN
    )
    assert links.ticket_from_reply_address(email.reply_to[0]) == ticket
    assert ticket.events.filter(type=TicketEvent.Type.EMAIL_SENT).count() == 1


def test_the_owner_links_their_order_and_the_order_timeline_shows_it():
    order = customers_order(UserFactory(email="alice@example.com"), delivered=False)
    line = order.lines.first()
    ticket = open_ticket(user=order.user, order=order, order_lines=[line])
    assert ticket.order == order and list(ticket.order_lines.all()) == [line]
    event = order.events.get(type=OrderEvent.Type.TICKET_OPENED)
    assert not event.customer_visible and ticket.number in event.message


def test_a_number_and_email_only_suggest_the_order_and_an_agent_links_it():
    order = placed_order()  # alice@example.com
    matching = open_ticket(email="ALICE@example.com", order_number=order.number)
    assert matching.order is None and matching.suggested_order == order
    stranger = open_ticket(email="mallory@example.com", order_number=order.number)
    assert stranger.order is None and stranger.suggested_order is None
    # Opened from the guest order's own page (or with its id): its token is the proof.
    from_page = open_ticket(user=UserFactory(email="bob@example.com"), order=order)
    assert from_page.order == order and from_page.order_linked_by_requester
    assert order.events.filter(type=OrderEvent.Type.TICKET_OPENED).count() == 1

    with pytest.raises(ValidationError) as refused:
        ticket_order_link_confirm(ticket=matching, user=UserFactory())
    assert refused.value.code == TicketErrorCode.PERMISSION_DENIED.value
    ticket_order_link_confirm(ticket=matching, user=support_agent())
    matching.refresh_from_db()
    assert matching.order == order and matching.suggested_order is None
    assert not matching.order_linked_by_requester
    assert matching.events.filter(type=TicketEvent.Type.ORDER_LINKED).count() == 1
    assert order.events.filter(type=OrderEvent.Type.TICKET_OPENED).count() == 2


def test_an_account_order_is_linked_only_for_its_signed_in_owner():
    order = customers_order(UserFactory(email="alice@example.com"), delivered=False)
    assert open_ticket(email="alice@example.com", order=order).order is None
    assert open_ticket(user=order.user, order_number=order.number).order == order


def test_lines_of_another_order_are_refused_and_nothing_is_created():
    order, other = placed_order(), placed_order()
    with pytest.raises(ValidationError) as excinfo:
        open_ticket(email="alice@example.com", order=order, order_lines=[other.lines.first()])
    assert error_codes(excinfo) == ["invalid_order_line"]
    assert Ticket.objects.count() == 0


def test_missing_subject_body_and_email_are_refused():
    with pytest.raises(ValidationError) as excinfo:
        ticket_create(subject="", body="", category="other", channel="web")
    assert sorted(excinfo.value.error_dict) == ["body", "email", "subject"]
    assert error_codes(excinfo) == ["required", "required", "required"]
    assert Ticket.objects.count() == 0


def test_attachments_are_checked_by_content():
    ticket = open_ticket(
        email="guest@example.com", attachments=[ContentFile(PDF, name="../../invoice.pdf")]
    )
    [attachment] = ticket.messages.get().attachments.all()
    assert attachment.content_type == "application/pdf" and attachment.filename == "invoice.pdf"
    assert "invoice" not in attachment.file.name
    with pytest.raises(ValidationError) as excinfo:
        open_ticket(
            email="guest@example.com", attachments=[ContentFile(b"MZ\x90\x00", name="photo.png")]
        )
    assert error_codes(excinfo) == ["invalid_attachment"]
    assert Ticket.objects.count() == 1


def test_the_transitions_table_refuses_moves_and_changes_nothing():
    agent = support_agent()
    ticket = open_ticket(email="guest@example.com")
    ticket_set_status(ticket=ticket, status="closed", user=agent)
    assert ticket.closed_at is not None
    for status in ("open", "new", "closed"):
        with pytest.raises(ValidationError) as excinfo:
            ticket_set_status(ticket=ticket, status=status, user=agent)
        assert error_codes(excinfo) == ["invalid_transition"]
    ticket.refresh_from_db()
    assert ticket.status == "closed"
    assert ticket.events.filter(type="status_changed").count() == 1


def test_an_agent_reply_is_emailed_and_an_internal_note_never_is(
    django_capture_on_commit_callbacks,
):
    agent = support_agent()
    ticket = open_ticket(email="guest@example.com")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, body="Secret: customer seems angry", user=agent, internal=True)
    assert mail.outbox == []
    ticket.refresh_from_db()
    assert ticket.first_response_at is None and ticket.status == "new"

    with django_capture_on_commit_callbacks(execute=True):
        reply = ticket_reply(ticket=ticket, body="Your parcel left on Monday.", user=agent)
    assert ticket.status == "pending_customer" and ticket.first_response_at == reply.created_at
    [email] = mail.outbox
    assert "Your parcel left on Monday." in email.body
    assert "Secret" not in email.body and "Secret" not in email.alternatives[0][0]
    assert email.extra_headers["Message-ID"] == reply.email_message_id
    first = ticket.first_response_at
    ticket_reply(ticket=ticket, body="Anything else?", user=agent)
    ticket.refresh_from_db()
    assert ticket.first_response_at == first


def test_only_agents_reply_and_a_closed_ticket_takes_no_reply():
    ticket = open_ticket(email="guest@example.com")
    with pytest.raises(ValidationError) as excinfo:
        ticket_reply(ticket=ticket, body="Hi", user=UserFactory())
    assert error_codes(excinfo) == ["permission_denied"]
    agent = support_agent()
    ticket_set_status(ticket=ticket, status="closed", user=agent)
    with pytest.raises(ValidationError) as excinfo:
        ticket_reply(ticket=ticket, body="Hi", user=agent)
    assert error_codes(excinfo) == ["ticket_closed"]
    with pytest.raises(ValidationError) as excinfo:
        ticket_customer_reply(ticket=ticket, body="Hi", author_email="guest@example.com")
    assert error_codes(excinfo) == ["ticket_closed"]
    assert ticket.messages.count() == 1


def test_a_customer_reply_reopens_a_solved_ticket():
    agent = support_agent()
    ticket = open_ticket(email="guest@example.com")
    ticket_reply(ticket=ticket, body="Done.", user=agent, status="solved")
    assert ticket.status == "solved" and ticket.solved_at
    ticket_customer_reply(ticket=ticket, body="Not arrived!", author_email="guest@example.com")
    assert ticket.status == "open" and ticket.solved_at is None
    assert ticket.last_customer_message_at is not None


def test_update_changes_priority_tags_assignee_and_logs_each():
    agent = support_agent()
    ticket = open_ticket(email="guest@example.com")
    due = ticket.first_response_due_at
    ticket_update(
        ticket=ticket,
        user=agent,
        priority="urgent",
        tags=["parcel", "late"],
        assignee=agent,
        category="complaint",
    )
    ticket.refresh_from_db()
    assert ticket.priority == "urgent" and ticket.first_response_due_at < due
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["late", "parcel"]
    assert ticket.assignee == agent and ticket.category == "complaint"
    assert set(ticket.events.values_list("type", flat=True)) >= {
        "priority_changed",
        "tags_changed",
        "assigned",
        "category_changed",
    }


def test_tickets_are_assigned_to_agents_only():
    ticket = open_ticket(email="guest@example.com")
    with pytest.raises(ValidationError) as excinfo:
        ticket_assign(ticket=ticket, assignee=UserFactory(), user=support_agent())
    assert error_codes(excinfo) == ["invalid_assignee"]
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_solving_sends_rating_links_and_a_score_is_kept_once(django_capture_on_commit_callbacks):
    agent = support_agent()
    ticket = open_ticket(email="guest@example.com")
    with pytest.raises(ValidationError) as excinfo:
        ticket_satisfaction_submit(ticket=ticket, score=5)
    assert error_codes(excinfo) == ["not_solved"]
    ticket_reply(ticket=ticket, body="Your parcel left on Monday.", user=agent)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_set_status(ticket=ticket, status="solved", user=agent)
    [email] = mail.outbox
    # The links carry the second they were made: read them back from the email.
    tokens = re.findall(r"/rate/([^/\s]+)/", email.body)
    read = [links.satisfaction_token_read(token) for token in tokens]
    assert read == [(ticket, score) for score in range(1, 6)]
    signed = tokens[0]
    assert links.satisfaction_token_read(signed) == (ticket, 1)
    assert links.satisfaction_token_read(signed + "x") is None

    ticket_satisfaction_submit(ticket=ticket, score=1, comment="Still no parcel")
    assert ticket.needs_lead_attention and ticket.satisfaction_score == 1
    assert ticket.events.filter(type="low_satisfaction").exists()
    with pytest.raises(ValidationError) as excinfo:
        ticket_satisfaction_submit(ticket=ticket, score=5)
    assert error_codes(excinfo) == ["already_rated"]
    ticket.refresh_from_db()
    assert ticket.satisfaction_score == 1


def test_a_good_score_does_not_flag_and_scores_outside_1_5_are_refused():
    ticket = open_ticket(email="guest@example.com")
    ticket_reply(ticket=ticket, body="Done.", user=support_agent(), status="solved")
    with pytest.raises(ValidationError) as excinfo:
        ticket_satisfaction_submit(ticket=ticket, score=6)
    assert error_codes(excinfo) == ["invalid_score"]
    ticket_satisfaction_submit(ticket=ticket, score=4)
    assert not ticket.needs_lead_attention


def test_a_ticket_that_no_agent_answered_gets_no_satisfaction_survey(
    django_capture_on_commit_callbacks,
):
    agent = support_agent()
    ticket = open_ticket(email="guest@example.com")
    ticket_reply(ticket=ticket, body="Duplicate of T-1, closing.", user=agent, internal=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_set_status(ticket=ticket, status="solved", user=agent)

    assert mail.outbox == []
    with pytest.raises(ValidationError) as excinfo:
        ticket_satisfaction_submit(ticket=ticket, score=1)
    assert error_codes(excinfo) == ["not_answered"]
    ticket.refresh_from_db()
    assert ticket.satisfaction_score is None and not ticket.needs_lead_attention

    # Reopened by the customer and answered this time: the survey goes out on solving.
    ticket_customer_reply(ticket=ticket, body="It is not a duplicate!", author_email=ticket.email)
    ticket_reply(ticket=ticket, body="Sorry, here is your answer.", user=agent)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_set_status(ticket=ticket, status="solved", user=agent)
    [email] = mail.outbox
    assert "/rate/" in email.body


def test_tickets_pending_too_long_are_solved_with_a_message(
    settings, django_capture_on_commit_callbacks
):
    settings.SUPPORT_AUTO_SOLVE_DAYS = 5
    agent = support_agent()
    old, recent = open_ticket(email="old@example.com"), open_ticket(email="new@example.com")
    ticket_reply(ticket=old, body="Did it arrive?", user=agent)
    ticket_reply(ticket=recent, body="Did it arrive?", user=agent)
    Ticket.objects.filter(pk=old.pk).update(status_changed_at=timezone.now() - timedelta(days=6))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tickets_auto_solve() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == "solved" and recent.status == "pending_customer"
    assert old.events.filter(type="auto_solved").exists()
    assert old.messages.last().kind == TicketMessage.Kind.AGENT
    assert sorted(m.to[0] for m in mail.outbox) == ["old@example.com", "old@example.com"]


def test_the_beat_task_is_scheduled(settings):
    assert any(
        entry["task"] == "support.tasks.auto_solve_tickets"
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
    )


def test_a_canned_reply_is_filled_from_the_order_and_nothing_else_is_evaluated():
    order = shipped_order(tracking_number="6A123", user=seller())
    ticket = open_ticket(email="alice@example.com", order=order)
    canned = CannedResponse.objects.create(
        title="Where is it",
        body="Hello {{ customer.first_name }}, order {{order.number}} is {{ order.status }}:\n"
        "{{ tracking_links }} {{ settings.SECRET_KEY }} {% debug %}",
    )
    text = canned_response_render(canned=canned, ticket=ticket)
    assert f"order {order.number} is On its way" in text
    assert "https://www.laposte.fr/outils/suivre-vos-envois?code=6A123" in text
    assert "{{ settings.SECRET_KEY }} {% debug %}" in text


def test_messages_posted_from_a_browser_keep_unix_line_ends_in_the_email(
    django_capture_on_commit_callbacks,
):
    ticket = open_ticket(email="alice@example.com", body="Hello\r\n\r\nWhere is it?\r\n")
    agent = support_agent()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        reply = ticket_reply(
            ticket=ticket, body="Hello Alice,\r\n\r\nIt ships today.\r\n", user=agent
        )

    assert ticket.messages.first().body == "Hello\n\nWhere is it?"
    assert reply.body == "Hello Alice,\n\nIt ships today."
    assert "Hello Alice,\n\nIt ships today." in mail.outbox[-1].body
