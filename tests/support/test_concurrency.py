"""Races on PostgreSQL: the same email delivered twice at once, two agents answering at once."""

import pytest

from support.inbound import inbound_email_process
from support.models import Ticket, TicketMessage
from support.services import ticket_reply
from tests.concurrency import needs_postgresql, run_together
from tests.orders.order_builders import support_agent
from tests.support.builders import open_ticket
from tests.support.test_inbound import sample

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]


def test_the_same_email_delivered_twice_at_once_makes_one_ticket():
    raw = sample("with_pdf_attachment.eml")
    results = run_together(lambda index: inbound_email_process(raw), 2)
    assert sorted(result.action for result in results) == ["created", "duplicate"]
    assert Ticket.objects.count() == 1 and TicketMessage.objects.count() == 1


def test_two_agents_answering_at_once_stamp_the_first_response_once():
    agent = support_agent()
    ticket = open_ticket(email="guest@example.com")
    replies = run_together(
        lambda index: ticket_reply(
            ticket=Ticket.objects.get(pk=ticket.pk), body=f"A{index}", user=agent
        ),
        2,
    )
    ticket.refresh_from_db()
    assert ticket.first_response_at == min(reply.created_at for reply in replies)
    assert ticket.status == "pending_customer"
    assert ticket.events.filter(type="status_changed").count() == 1
