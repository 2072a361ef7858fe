"""What the support services leave behind besides the ticket: the order timeline when an agent
acts on the order from a ticket, failed emails on the ticket's timeline, loop-safe headers."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from support.models import TicketEvent
from support.services import ticket_order_action_record, ticket_reply
from tests.factories import UserFactory
from tests.files import BROKEN_EMAIL_BACKEND
from tests.orders.order_builders import placed_order, support_agent
from tests.support.builders import open_ticket

pytestmark = pytest.mark.django_db


def test_an_action_on_the_order_is_recorded_on_both_timelines():
    order = placed_order()
    ticket = open_ticket(email="alice@example.com", order=order)
    agent = support_agent()
    event = ticket_order_action_record(
        ticket=ticket, user=agent, action="resend_confirmation", message="Confirmation resent"
    )
    assert (
        event.type == TicketEvent.Type.ORDER_ACTION
        and event.data["action"] == "resend_confirmation"
    )
    order_event = order.events.get(type="ticket_action")
    assert not order_event.customer_visible and ticket.number in order_event.message
    assert order_event.user == agent


def test_an_action_needs_a_linked_order():
    ticket = open_ticket(email="guest@example.com")
    with pytest.raises(ValidationError) as excinfo:
        ticket_order_action_record(ticket=ticket, user=support_agent(), action="x", message="x")
    assert excinfo.value.code == "invalid"
    assert not ticket.events.filter(type="order_action").exists()


def test_a_failed_email_is_written_on_the_ticket(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = BROKEN_EMAIL_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(email="guest@example.com")
    failed = ticket.events.get(type=TicketEvent.Type.EMAIL_FAILED)
    assert failed.data["kind"] == "created" and "SMTP server down" in failed.data["error"]
    assert not ticket.events.filter(type=TicketEvent.Type.EMAIL_SENT).exists()


def test_machine_emails_are_marked_auto_submitted_and_replies_are_not(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(email="guest@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, body="Hello", user=support_agent())
    acknowledgement, reply = mail.outbox
    assert acknowledgement.extra_headers["Auto-Submitted"] == "auto-replied"
    assert "Auto-Submitted" not in reply.extra_headers


@pytest.mark.parametrize("count", [1, 20])
def test_my_tickets_cost_the_same_queries_for_1_and_20(
    client, count, django_assert_max_num_queries
):
    from tests.api import graphql

    user = UserFactory(email="alice@example.com")
    for n in range(count):
        open_ticket(user=user, subject=f"Q{n}")
    client.force_login(user)
    query = (
        "{ me { tickets(first: 50) { totalCount"
        " edges { node { id number messages { body } tags order { id } } } } } }"
    )
    with django_assert_max_num_queries(9):
        result = graphql(client, query)
    assert result["data"]["me"]["tickets"]["totalCount"] == count
