"""Shoppers read where their order stands in their words; sellers keep precise statuses, with
"shipped" and "delivered" distinct."""

import pytest
from django.utils import translation

from orders.lifecycle.cancel import order_cancel
from orders.lifecycle.customer_status import customer_payment_status, customer_status
from orders.lifecycle.fulfillment import fulfillment_mark_delivered, order_fulfill
from orders.lifecycle.transitions import order_confirm
from orders.models import Order
from tests.orders.order_builders import delivered_order, placed_order, shipped_order

pytestmark = pytest.mark.django_db


def words(order: Order) -> tuple[str, str]:
    order = Order.objects.get(pk=order.pk)
    return str(customer_status(order).label), str(customer_payment_status(order).label)


def test_an_order_told_in_the_shopper_s_words_from_placement_to_delivery():
    unpaid = placed_order(paid=False)
    assert words(unpaid) == ("Awaiting payment", "Not paid yet")

    paid = placed_order(paid=True)
    assert words(paid) == ("Paid", "Paid")
    order_confirm(order=paid)
    assert words(paid) == ("Preparing", "Paid")

    assert words(shipped_order()) == ("On its way", "Paid")
    assert words(delivered_order()) == ("Delivered", "Paid")

    canceled = placed_order(paid=False)
    order_cancel(order=canceled, reason="Changed my mind")
    assert words(canceled)[0] == "Canceled"


def test_the_words_follow_the_language():
    order = shipped_order()
    with translation.override("fr"):
        assert words(order)[0] == "En route"


def test_the_seller_sees_shipped_then_delivered_once_every_parcel_arrived():
    order = placed_order(quantities=(2, 1))
    first, second = order.lines.order_by("pk")
    order_fulfill(order=order, lines=[(first.pk, 2)])
    order_fulfill(order=order, lines=[(second.pk, 1)])
    order.refresh_from_db()
    assert (order.status, order.get_status_display()) == ("fulfilled", "Shipped")

    parcel_1, parcel_2 = order.fulfillments.order_by("number")
    fulfillment_mark_delivered(fulfillment=parcel_1)
    order.refresh_from_db()
    assert order.status == "fulfilled"  # one parcel still on its way

    fulfillment_mark_delivered(fulfillment=parcel_2)
    order.refresh_from_db()
    assert (order.status, order.get_status_display()) == ("delivered", "Delivered")
    assert words(order)[0] == "Delivered"
    assert order.events.filter(type="status_changed", data__to="delivered").exists()
