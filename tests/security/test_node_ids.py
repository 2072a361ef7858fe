"""Children of orders, checkouts and returns reached by counting integer ids through
`node(id:)`: an integer id is never a credential (DESIGN.md). Only a viewer who may read the
parent through their own account (its owner, staff allowed to view orders) gets a child by its
id; a guest reaches children only through the parent's UUID id."""

from decimal import Decimal

import pytest
from graphql_relay import to_global_id

from orders.models import Checkout
from orders.models.returns import ReturnReason
from orders.returns.services import order_refund, return_request_create
from support.models import Ticket
from tests.api import graphql
from tests.factories import UserFactory
from tests.orders.builders import card_payment_started, ready_checkout, variant_in_stock
from tests.orders.order_builders import delivered_order, seller, support_agent
from tests.support.builders import open_ticket

pytestmark = pytest.mark.django_db

NODE = """
query Node($id: ID!) {
  node(id: $id) {
    id
    ... on OrderLine { sku }
    ... on Payment { clientSecret amount { amount } }
    ... on Refund { amount { amount } creditNoteUrl }
    ... on Fulfillment { trackingNumber }
    ... on CheckoutLine { quantity }
    ... on ReturnLine { quantity }
  }
}
"""


def node(client, type_name: str, pk: int):
    result = graphql(client, NODE, {"id": to_global_id(type_name, pk)})
    assert "errors" not in result, result["errors"]
    return result["data"]["node"]


def guest_order_children():
    """A guest's delivered order, with its line, payment, parcel, a goodwill refund and a
    return line, as (type name, pk) pairs."""
    order = delivered_order(quantities=(2,))
    line = order.lines.get()
    refund = order_refund(order=order, amount=Decimal("5.00"), reason="Late", user=seller())
    return_request = return_request_create(
        order=order,
        lines=[{"order_line_id": line.pk, "quantity": 1, "reason": ReturnReason.DAMAGED}],
    )
    children = [
        ("OrderLine", line.pk),
        ("Payment", order.payments.get().pk),
        ("Fulfillment", order.fulfillments.get().pk),
        ("Refund", refund.pk),
        ("ReturnLine", return_request.lines.get().pk),
    ]
    return order, children


def test_anonymous_client_counting_ids_gets_no_child_of_a_guest_order(client):
    order, children = guest_order_children()
    assert order.user_id is None
    for type_name, pk in children:
        assert node(client, type_name, pk) is None, type_name


def test_another_shopper_counting_ids_gets_no_child_of_an_order(client):
    owner = UserFactory(email="owner@example.com")
    order, children = guest_order_children()
    order.user = owner
    order.save(update_fields=["user"])
    client.force_login(UserFactory(email="other@example.com"))
    for type_name, pk in children:
        assert node(client, type_name, pk) is None, type_name


def test_owner_and_staff_still_read_the_children_of_an_order(client):
    owner = UserFactory(email="owner@example.com")
    order, children = guest_order_children()
    order.user = owner
    order.save(update_fields=["user"])
    for viewer in (owner, seller(), support_agent()):
        client.force_login(viewer)
        for type_name, pk in children:
            assert node(client, type_name, pk) is not None, (viewer.email, type_name)


def test_staff_read_the_children_of_a_guest_order(seller_client):
    _, children = guest_order_children()
    for type_name, pk in children:
        assert node(seller_client, type_name, pk) is not None, type_name


def test_guest_reaches_the_children_through_the_order_uuid(client):
    order, _ = guest_order_children()
    result = graphql(
        client,
        """query($id: ID!) { order(id: $id) {
            lines { sku } fulfillments { trackingNumber } payments { id }
            returns { lines { quantity } refunds { id } } } }""",
        {"id": to_global_id("Order", order.token)},
    )
    data = result["data"]["order"]
    assert [line["sku"] for line in data["lines"]] == [order.lines.get().sku]
    assert len(data["fulfillments"]) == 1
    assert len(data["payments"]) == 1
    assert data["returns"][0]["lines"] == [{"quantity": 1}]


def test_anonymous_client_counting_ids_gets_no_pending_payment_or_its_client_secret(
    client, stripe_settings
):
    payment = card_payment_started()
    assert payment.client_secret
    assert node(client, "Payment", payment.pk) is None


def test_payment_client_secret_is_never_given_through_node(client, stripe_settings):
    owner = UserFactory(email="owner@example.com")
    payment = card_payment_started(user=owner)
    client.force_login(owner)
    assert node(client, "Payment", payment.pk)["clientSecret"] is None
    client.force_login(UserFactory(email="other@example.com"))
    assert node(client, "Payment", payment.pk) is None


def test_anonymous_client_counting_ids_gets_no_line_of_a_guest_checkout(client):
    checkout = ready_checkout(lines=[(variant_in_stock(price="19.90"), 2)])
    assert node(client, "CheckoutLine", checkout.lines.get().pk) is None


def test_checkout_owner_reads_their_checkout_line_by_id_and_others_do_not(client):
    owner = UserFactory(email="owner@example.com")
    checkout = ready_checkout(lines=[(variant_in_stock(price="19.90"), 2)])
    Checkout.objects.filter(pk=checkout.pk).update(user=owner)
    line = checkout.lines.get()
    client.force_login(owner)
    assert node(client, "CheckoutLine", line.pk) == {
        "id": to_global_id("CheckoutLine", line.pk),
        "quantity": 2,
    }
    client.force_login(UserFactory(email="other@example.com"))
    assert node(client, "CheckoutLine", line.pk) is None


def test_guest_ticket_holder_gets_no_customer_order_linked_to_the_ticket(client):
    owner = UserFactory(email="owner@example.com")
    order, _ = guest_order_children()
    order.user = owner
    order.save(update_fields=["user"])
    ticket = open_ticket(email="stranger@example.com")
    Ticket.objects.filter(pk=ticket.pk).update(order=order)  # however it came to be linked
    result = graphql(
        client,
        "query($id: ID!) { supportTicket(id: $id) { subject order { id lines { sku } } } }",
        {"id": to_global_id("Ticket", ticket.token)},
    )
    assert result["data"]["supportTicket"]["subject"] == ticket.subject
    assert result["data"]["supportTicket"]["order"] is None
    client.force_login(owner)
    assert node(client, "OrderLine", order.lines.get().pk) is not None
