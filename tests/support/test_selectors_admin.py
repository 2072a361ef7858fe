"""Who reads which ticket (support/selectors.py) and the support admin pages."""

import pytest
from django.utils import timezone

from support.models import Ticket
from support.selectors import (
    is_agent,
    order_tickets_for,
    ticket_for_user,
    ticket_messages_for,
    tickets_for_user,
)
from support.services import ticket_reply
from tests.factories import UserFactory
from tests.orders.order_builders import customers_order, placed_order, support_agent
from tests.support.builders import open_ticket

pytestmark = pytest.mark.django_db


def test_customers_see_their_own_tickets_and_verified_guest_ones():
    alice = UserFactory(email="alice@example.com")
    own = open_ticket(user=alice)
    as_guest = open_ticket(email="ALICE@example.com")
    other = open_ticket(email="bob@example.com")
    assert list(tickets_for_user(alice)) == [own]
    alice.email_verified_at = timezone.now()
    alice.save()
    assert set(tickets_for_user(alice)) == {own, as_guest}
    assert ticket_for_user(token=other.token, user=alice) is None
    assert ticket_for_user(token="not-a-uuid", user=alice) is None
    assert ticket_for_user(token=own.token, user=alice) == own


def test_agents_see_all_and_guests_none_and_notes_only_for_agents():
    agent = support_agent()
    ticket = open_ticket(email="guest@example.com")
    ticket_reply(ticket=ticket, body="note", user=agent, internal=True)
    assert is_agent(agent) and not is_agent(UserFactory(is_staff=True))
    assert list(tickets_for_user(agent)) == [ticket]
    assert list(tickets_for_user(None)) == []
    assert [m.kind for m in ticket_messages_for(ticket, agent)] == ["customer", "internal"]
    assert [m.kind for m in ticket_messages_for(ticket, UserFactory())] == ["customer"]


def test_the_order_tickets_are_for_agents_and_the_owner():
    order = customers_order(UserFactory(email="alice@example.com"), delivered=False)
    ticket = open_ticket(user=order.user, order=order)
    assert order_tickets_for(order, support_agent()) == [ticket]
    assert order_tickets_for(order, order.user) == [ticket]
    assert order_tickets_for(order, UserFactory()) == []
    assert order_tickets_for(order, None) == []


def test_the_admin_shows_tickets_read_only_and_edits_canned_responses(admin_client):
    ticket = open_ticket(email="guest@example.com")
    assert admin_client.get("/admin/support/ticket/").status_code == 200
    page = admin_client.get(f"/admin/support/ticket/{ticket.pk}/change/")
    assert page.status_code == 200 and ticket.number in page.content.decode()
    assert admin_client.get("/admin/support/ticket/add/").status_code == 403
    response = admin_client.post(
        "/admin/support/cannedresponse/add/",
        {
            "title": "Hello",
            "body": "Hi {{ customer.first_name }}",
            "category": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert admin_client.get("/admin/support/responsetarget/").status_code == 200
    assert Ticket.objects.count() == 1


def test_the_signed_ticket_link_opens_only_its_ticket():
    from support import links

    ticket = open_ticket(email="guest@example.com")
    signed = links.ticket_access_token(ticket)
    assert links.ticket_from_access_token(signed) == ticket
    assert links.ticket_from_access_token(signed[:-2] + "xx") is None
    assert links.ticket_from_access_token(links.satisfaction_token(ticket, 5)) is None
    link = links.ticket_link(ticket)
    assert links.ticket_from_access_token(link.rstrip("/").rsplit("/", 1)[-1]) == ticket


def test_the_queue_filter_for_the_inbox():
    from support.selectors import tickets_filter

    agent = support_agent()
    order = placed_order()
    about_order = open_ticket(email="alice@example.com", order=order, subject="Where")
    urgent = open_ticket(email="bob@example.com", subject="Broken", priority="urgent")
    Ticket.objects.filter(pk=urgent.pk).update(assignee=agent)
    everything = Ticket.objects.all()
    assert list(tickets_filter(everything)) == [urgent, about_order]  # soonest due first
    assert list(tickets_filter(everything, order_number=order.number)) == [about_order]
    assert list(tickets_filter(everything, unassigned=True)) == [about_order]
    assert list(tickets_filter(everything, assignee_id=agent.pk)) == [urgent]
    assert list(tickets_filter(everything, priorities=["urgent"], search="broken")) == [urgent]
    assert list(tickets_filter(everything, sort="created_at", descending=True)) == [
        urgent,
        about_order,
    ]
    assert list(tickets_filter(everything, breached=True)) == []
