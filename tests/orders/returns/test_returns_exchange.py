"""Exchanges: a replacement variant sent as a zero-priced follow-up order (orders.returns)."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from orders.models import Order, ReturnRequest
from orders.returns.services import return_request_exchange
from shop.models import Reservation
from tests.factories import ProductVariantFactory
from tests.orders.order_builders import delivered_order, received_return, seller

pytestmark = pytest.mark.django_db


def _other_size(order, quantity):
    product = order.lines.get().variant.product
    return ProductVariantFactory(product=product, name="L", quantity=quantity)


def test_an_exchange_sends_another_size_at_no_cost_and_takes_its_stock(
    django_capture_on_commit_callbacks, mailoutbox
):
    order = delivered_order(quantities=(2,))
    return_request = received_return(order, {0: 2})
    size_l = _other_size(order, quantity=3)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        exchange = return_request_exchange(
            return_request=return_request,
            replacements={return_request.lines.get().pk: size_l},
            user=seller(),
        )

    assert (exchange.total, exchange.status, exchange.email) == (0, "unfulfilled", order.email)
    line = exchange.lines.get()
    assert (line.variant, line.quantity, line.unit_price) == (size_l, 2, 0)
    size_l.refresh_from_db()
    assert size_l.quantity == 1
    return_request.refresh_from_db()
    assert (return_request.status, return_request.exchange_order) == ("closed", exchange)
    assert exchange.exchange_for == return_request
    assert order.events.filter(type="exchange_created").count() == 1
    assert exchange.events.filter(type="exchange_created").count() == 1
    assert mailoutbox[0].subject == f"Your replacement for return {return_request.number}"
    assert exchange.number in mailoutbox[0].body


def test_an_exchange_short_of_stock_is_refused_and_changes_nothing():
    order = delivered_order(quantities=(2,))
    return_request = received_return(order, {0: 2})
    size_l = _other_size(order, quantity=3)
    Reservation.objects.create(
        variant=size_l,
        quantity=2,
        checkout_token=uuid.uuid4(),
        expires_at=timezone.now() + timedelta(minutes=15),
    )
    orders_before = Order.objects.count()

    with pytest.raises(ValidationError) as info:
        return_request_exchange(
            return_request=return_request, replacements={return_request.lines.get().pk: size_l}
        )

    error = info.value.error_dict["replacements"][0]
    assert (error.code, error.params["available"], error.params["sku"]) == (
        "insufficient_stock",
        1,
        size_l.sku,
    )
    assert Order.objects.count() == orders_before
    size_l.refresh_from_db()
    assert size_l.quantity == 3
    assert ReturnRequest.objects.get().status == "received"


def test_a_replacement_must_be_the_same_product():
    order = delivered_order(quantities=(2,))
    return_request = received_return(order, {0: 2})
    other_product = ProductVariantFactory(quantity=5)

    with pytest.raises(ValidationError) as info:
        return_request_exchange(
            return_request=return_request,
            replacements={return_request.lines.get().pk: other_product},
        )

    assert info.value.error_dict["replacements"][0].code == "invalid_replacement"
    assert ReturnRequest.objects.get().exchange_order is None


def test_every_line_of_an_exchanged_return_needs_its_replacement():
    order = delivered_order(quantities=(2,))
    return_request = received_return(order, {0: 2})

    with pytest.raises(ValidationError) as info:
        return_request_exchange(return_request=return_request, replacements={})

    assert info.value.error_dict["replacements"][0].code == "required"
    assert ReturnRequest.objects.get().status == "received"
