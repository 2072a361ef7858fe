"""What the seller learns at placement about changes made while the payment ran (a price edited,
a voucher used up: "honoured as paid") is for staff: the shopper never reads it, by whatever
path the order is read; the seller does, on the order's admin page and in the API."""

from decimal import Decimal

import pytest
from graphql_relay import to_global_id

from orders.checkout.payment import checkout_complete, payment_start
from orders.models import OrderEvent
from tests.api import graphql
from tests.orders.builders import ready_checkout, variant_in_stock
from tests.orders.order_builders import seller

pytestmark = pytest.mark.django_db(transaction=True)

ORDER_EVENTS = "query($id: ID!) { order(id: $id) { events { type message } } }"


@pytest.fixture
def order_sold_at_an_old_price(settings):
    settings.OFFLINE_GATEWAY_MARK_PAID = True
    variant = variant_in_stock(price="19.90")
    checkout = ready_checkout(lines=[(variant, 1)])
    payment_start(checkout=checkout, gateway_name="bank_transfer")
    variant.price = Decimal("29.90")
    variant.save()
    order = checkout_complete(checkout=checkout)
    event = order.events.get(type=OrderEvent.Type.HONOURED_AS_PAID)
    assert "sold at €19.90" in event.message
    return order, event.message


def _messages(client, order) -> list[str]:
    result = graphql(client, ORDER_EVENTS, {"id": to_global_id("Order", order.token)})
    assert "errors" not in result, result["errors"]
    return [event["message"] for event in result["data"]["order"]["events"]]


def test_the_guest_holding_the_order_id_does_not_read_it(client, order_sold_at_an_old_price):
    order, message = order_sold_at_an_old_price

    assert message not in _messages(client, order)
    page = client.get(f"/orders/{order.token}/")
    assert page.status_code == 200
    assert "€29.90" not in page.content.decode()
    assert message not in page.content.decode()


def test_the_seller_reads_it_in_the_api_and_on_the_admin_page(
    client, seller_client, order_sold_at_an_old_price
):
    order, message = order_sold_at_an_old_price
    client.force_login(seller())

    assert message in _messages(client, order)
    page = seller_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "Honoured as paid" in page
    assert "€29.90" in page
