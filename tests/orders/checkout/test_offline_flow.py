from decimal import Decimal

import pytest
from django.core import mail

from orders.checkout.payment import checkout_complete, payment_start
from orders.checkout.services import (
    checkout_create,
    checkout_email_update,
    checkout_shipping_address_update,
    checkout_shipping_method_update,
)
from orders.models import Order, ShippingMethod
from tests.factories import ADDRESS, ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_guest_places_an_offline_order_and_stock_is_sold(settings):
    settings.OFFLINE_GATEWAY_MARK_PAID = False
    product = ProductFactory(variants=[{"price": Decimal("20.00"), "quantity": 5}])
    variant = product.variants.get()
    method = ShippingMethod.objects.create(name="Colissimo", price=Decimal("4.90"))

    checkout = checkout_create(lines=[(variant.pk, 2)])
    checkout_email_update(checkout=checkout, email="alice@example.com")
    checkout_shipping_address_update(checkout=checkout, address=ADDRESS)
    checkout_shipping_method_update(checkout=checkout, shipping_method_id=method.pk)
    payment_start(checkout=checkout, gateway_name="bank_transfer")
    order = checkout_complete(checkout=checkout)

    variant.refresh_from_db()
    assert variant.quantity == 3
    assert order.total == Decimal("44.90")
    assert order.number.endswith("000001")
    assert order.payment_status == "not_charged"
    assert [line.sku for line in order.lines.all()] == [variant.sku]
    assert checkout_complete(checkout=checkout) == order
    assert Order.objects.count() == 1
    assert mail.outbox[0].to == ["alice@example.com"]
    assert order.number in mail.outbox[0].subject
    assert str(order.token) in mail.outbox[0].body


def test_starting_payment_again_for_the_last_units_is_not_refused(settings):
    """The checkout's own reservation must not count against it (change of payment method)."""
    product = ProductFactory(variants=[{"price": Decimal("20.00"), "quantity": 2}])
    variant = product.variants.get()
    method = ShippingMethod.objects.create(name="Colissimo", price=Decimal("4.90"))
    checkout = checkout_create(email="bob@example.com", lines=[(variant.pk, 2)])
    checkout_shipping_address_update(checkout=checkout, address=ADDRESS)
    checkout_shipping_method_update(checkout=checkout, shipping_method_id=method.pk)

    first = payment_start(checkout=checkout, gateway_name="bank_transfer")
    second = payment_start(checkout=checkout, gateway_name="bank_transfer")
    order = checkout_complete(checkout=checkout)

    assert second == first
    assert order.lines.get().quantity == 2
    variant.refresh_from_db()
    assert variant.quantity == 0


def test_timeline_messages_are_in_the_shoppers_language_whoever_places_the_order(settings):
    """A webhook places the order with no language of its own: the French shopper still reads
    why the order was canceled in French."""
    from django.utils import translation

    from orders.models import Order

    settings.OFFLINE_GATEWAY_MARK_PAID = True
    product = ProductFactory(variants=[{"price": Decimal("20.00"), "quantity": 1}])
    variant = product.variants.get()
    method = ShippingMethod.objects.create(name="Colissimo", price=Decimal("4.90"))
    checkout = checkout_create(email="zoe@example.com", lines=[(variant.pk, 1)], language_code="fr")
    checkout_shipping_address_update(checkout=checkout, address=ADDRESS)
    checkout_shipping_method_update(checkout=checkout, shipping_method_id=method.pk)
    payment_start(checkout=checkout, gateway_name="bank_transfer")
    variant.quantity = 0  # sold in the shop meanwhile
    variant.save()

    with translation.override("en"):
        order = checkout_complete(checkout=checkout)

    order = Order.objects.get(pk=order.pk)
    assert order.status == "canceled"
    message = order.events.get(type="out_of_stock").message
    assert "stock" in message and "épuisé" in message, message
