"""Attack: an order number and its email, typed into the contact form or ticketCreate, hand
the order (token, addresses, lines, staff-only events) to whoever holds the ticket.

Only proof links an order to a ticket: the signed-in owner, or the order's own page / its UUID
id. A number and an email only show an agent a suggested match, which the agent may confirm."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from graphql_relay import to_global_id

from support.models import Ticket, TicketEvent
from tests.api import graphql, operations_document, run_data
from tests.clients import logged_in
from tests.factories import UserFactory
from tests.orders.order_builders import customers_order, placed_order, support_agent

pytestmark = pytest.mark.django_db

# What differs between two requests whatever the order: CSRF token, signed link, timestamps.
VARYING = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|/tickets/[^/"]+/|datetime="[^"]*"')

DOCUMENT = operations_document("support")
TICKET = """
query Ticket($id: ID!) {
  supportTicket(id: $id) { id order { id number email } suggestedOrder { id number } }
}
"""


def account_order():
    """A placed order of alice@example.com's account."""
    return customers_order(UserFactory(email="alice@example.com"), delivered=False)


def contact(client, order, *, email=None):
    return client.post(
        reverse("support:contact"),
        {
            "email": email or order.email,
            "order_number": order.number,
            "category": "order_status",
            "subject": "Where is it?",
            "body": "Please tell me.",
        },
        follow=True,
    )


def run(client, operation, **variables):
    return run_data(client, DOCUMENT, operation, variables)


def seen(client, ticket):
    """The ticket as `client` reads it through the API."""
    result = graphql(client, TICKET, {"id": tid(ticket)})
    assert "errors" not in result, result.get("errors")
    return result["data"]["supportTicket"]


def tid(ticket):
    return to_global_id("Ticket", str(ticket.token))


def order_secrets(order):
    return [str(order.token), order.shipping_address.street_address_1, order.number]


@pytest.mark.parametrize("build", [placed_order, account_order], ids=["guest", "account"])
def test_an_anonymous_contact_form_with_number_and_email_does_not_hand_over_the_order(build):
    order = build()
    client = Client()

    page = contact(client, order)

    ticket = Ticket.objects.get()
    assert ticket.order is None
    html = page.content.decode()
    assert ticket.number in html
    html = html.replace(ticket.number, "")  # T-2026-000001 holds the order's 2026-000001
    assert not any(secret in html for secret in order_secrets(order))
    assert seen(client, ticket)["order"] is None


def test_the_requester_gets_the_same_answer_whether_number_and_email_match_or_not():
    order = placed_order()

    matching = contact(Client(), order)
    wrong = contact(Client(), order, email="someone@example.com")

    first, second = Ticket.objects.order_by("id")
    assert (first.order, second.order) == (None, None)
    assert matching.status_code == wrong.status_code == 200
    normalised = [
        VARYING.sub("", page.content.decode())
        .replace(ticket.number, "T")
        .replace(ticket.email, "E")
        for page, ticket in ((matching, first), (wrong, second))
    ]
    assert normalised[0] == normalised[1]
    assert order.number not in normalised[0]


def test_ticket_create_with_an_account_orders_id_and_its_email_does_not_link_it(client):
    order = account_order()

    created = run(
        client,
        "TicketCreate",
        subject="Hi",
        body="Where?",
        category="DELIVERY",
        orderId=to_global_id("Order", str(order.token)),
        email=order.email,
    )["ticketCreate"]

    assert created["errors"] == [] and created["ticket"]["order"] is None
    assert Ticket.objects.get().order is None


def test_the_agent_sees_the_suggestion_confirms_it_and_the_guest_still_sees_no_order():
    order = placed_order()
    guest = Client()
    contact(guest, order)
    ticket = Ticket.objects.get()
    agent = logged_in(support_agent())

    page = agent.get(reverse("support:agent_ticket", kwargs={"ref": ticket.number}))
    assert order.number in page.content.decode()
    assert seen(agent, ticket)["suggestedOrder"]["number"] == order.number

    agent.post(reverse("support:agent_order_link", kwargs={"ref": ticket.number}))

    ticket.refresh_from_db()
    assert ticket.order == order and ticket.suggested_order is None
    assert ticket.events.filter(type=TicketEvent.Type.ORDER_LINKED).count() == 1
    assert seen(guest, ticket)["order"] is None and seen(guest, ticket)["suggestedOrder"] is None


def test_a_customer_cannot_confirm_a_suggested_order():
    order = placed_order()
    guest = Client()
    contact(guest, order)
    ticket = Ticket.objects.get()

    page = logged_in(UserFactory()).post(
        reverse("support:agent_order_link", kwargs={"ref": ticket.number})
    )

    ticket.refresh_from_db()
    assert page.status_code == 403 and ticket.order is None


def test_the_signed_in_owner_still_links_their_order_from_the_contact_form():
    order = account_order()
    owner = logged_in(order.user)

    contact(owner, order)

    ticket = Ticket.objects.get()
    assert ticket.order == order
    assert seen(owner, ticket)["order"]["number"] == order.number


def test_the_order_page_flow_still_links_a_guests_order():
    order = placed_order()
    guest = Client()

    page = guest.post(
        reverse("support:order_ask", kwargs={"token": order.token}),
        {"category": "delivery", "subject": "Late", "body": "Where is it?"},
        follow=True,
    )

    ticket = Ticket.objects.get()
    assert ticket.order == order
    assert order.number in page.content.decode()
    assert seen(guest, ticket)["order"]["number"] == order.number
