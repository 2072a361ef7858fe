"""A seller's note and the internal events of an order's timeline never reach a customer, by
whatever path the order is read (orders.selectors.order_events_visible_to); staff still see
them."""

import pytest
from graphql_relay import to_global_id

from orders.lifecycle.transitions import order_note_add
from orders.models import OrderEvent
from orders.models.returns import ReturnReason
from orders.returns.services import return_request_create
from tests.api import graphql
from tests.factories import UserFactory
from tests.orders.order_builders import delivered_order, seller, support_agent
from tests.support.builders import open_ticket

pytestmark = pytest.mark.django_db

SELLER_NOTE = "Customer is a known fraudster, do not refund"


def order_with_staff_note(*, owner=None):
    order = delivered_order(quantities=(1,))
    if owner is not None:
        order.user = owner
        order.save(update_fields=["user"])
    order_note_add(order=order, message=SELLER_NOTE, user=seller())
    assert OrderEvent.objects.filter(order=order, customer_visible=False).exists()
    return order


def messages(events) -> list[str]:
    return [event["message"] for event in events]


def run(client, query: str, variables: dict | None = None) -> dict:
    result = graphql(client, query, variables)
    assert "errors" not in result, result["errors"]
    return result["data"]


def test_guest_ticket_holder_does_not_see_the_seller_note_through_the_ticket(client):
    order = order_with_staff_note()
    ticket = open_ticket(email=order.email, order=order)
    data = run(
        client,
        "query($id: ID!) { supportTicket(id: $id) { order { events { type message } } } }",
        {"id": to_global_id("Ticket", ticket.token)},
    )
    assert data["supportTicket"]["order"] is not None
    assert SELLER_NOTE not in messages(data["supportTicket"]["order"]["events"])


def test_customer_does_not_see_the_seller_note_through_their_tickets(client):
    owner = UserFactory(email="owner@example.com")
    order = order_with_staff_note(owner=owner)
    open_ticket(user=owner, email=owner.email, order=order)
    client.force_login(owner)
    data = run(
        client,
        "{ me { tickets(first: 5) { edges { node { order { events { type message } } } } } } }",
    )
    [edge] = data["me"]["tickets"]["edges"]
    assert edge["node"]["order"] is not None
    assert SELLER_NOTE not in messages(edge["node"]["order"]["events"])

    data = run(
        client,
        "query($id: ID!) { order(id: $id) { tickets { order { events { type message } } } } }",
        {"id": to_global_id("Order", order.token)},
    )
    [ticket] = data["order"]["tickets"]
    assert SELLER_NOTE not in messages(ticket["order"]["events"])


def test_customer_does_not_see_the_seller_note_on_their_orders(client):
    owner = UserFactory(email="owner@example.com")
    order = order_with_staff_note(owner=owner)
    client.force_login(owner)
    data = run(client, "{ me { orders(first: 5) { edges { node { events { type message } } } } } }")
    [edge] = data["me"]["orders"]["edges"]
    assert SELLER_NOTE not in messages(edge["node"]["events"])
    data = run(
        client,
        "query($id: ID!) { order(id: $id) { events { type message } } }",
        {"id": to_global_id("Order", order.token)},
    )
    assert data["order"]["events"] and SELLER_NOTE not in messages(data["order"]["events"])


def test_guest_does_not_see_the_seller_note_by_order_id_lookup_return_or_page(client):
    order = order_with_staff_note()
    line = order.lines.get()
    return_request = return_request_create(
        order=order,
        lines=[{"order_line_id": line.pk, "quantity": 1, "reason": ReturnReason.DAMAGED}],
    )
    data = run(
        client,
        "query($id: ID!) { order(id: $id) { events { type message } } }",
        {"id": to_global_id("Order", order.token)},
    )
    assert SELLER_NOTE not in messages(data["order"]["events"])
    data = run(
        client,
        "query($n: String!, $e: String!) {"
        " orderLookup(number: $n, email: $e) { events { type message } } }",
        {"n": order.number, "e": order.email},
    )
    assert SELLER_NOTE not in messages(data["orderLookup"]["events"])
    data = run(
        client,
        "query($id: ID!) { returnRequest(id: $id) { order { events { type message } } } }",
        {"id": to_global_id("ReturnRequest", return_request.token)},
    )
    assert SELLER_NOTE not in messages(data["returnRequest"]["order"]["events"])
    page = client.get(f"/orders/{order.token}/")
    assert page.status_code == 200
    assert SELLER_NOTE not in page.content.decode()


def test_staff_still_see_the_seller_note(client):
    order = order_with_staff_note()
    ticket = open_ticket(email=order.email, order=order)
    client.force_login(seller())
    data = run(
        client,
        "query($id: ID!) { order(id: $id) { events { type message } } }",
        {"id": to_global_id("Order", order.token)},
    )
    assert SELLER_NOTE in messages(data["order"]["events"])
    client.force_login(support_agent())
    data = run(
        client,
        "query($id: ID!) { supportTicket(id: $id) { order { events { type message } } } }",
        {"id": to_global_id("Ticket", ticket.token)},
    )
    assert SELLER_NOTE in messages(data["supportTicket"]["order"]["events"])
