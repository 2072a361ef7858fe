"""Stripe events whose processing failed, as staff find them in the admin and process them
again once the cause is fixed (orders.checkout.webhooks), against localstripe."""

import pytest
from django.urls import reverse

from orders.models import Order, Payment, StripeEvent
from shop.models import ProductVariant
from tests.clients import messages_of
from tests.orders.builders import failed_stripe_event

pytestmark = pytest.mark.django_db(transaction=True)

CHANGELIST = reverse("admin:orders_stripeevent_changelist")


def test_seller_finds_the_failed_events(seller_client, stripe_settings, localstripe):
    stored = failed_stripe_event(localstripe)
    StripeEvent.objects.create(event_id="evt_fine", type="customer.created", payload={})

    html = seller_client.get(CHANGELIST + "?failed=yes").content.decode()

    assert stored.event_id in html
    assert "evt_fine" not in html
    assert "Failed, not processed" in html


def test_seller_processes_a_failed_event_again_and_the_order_is_placed(
    seller_client, stripe_settings, localstripe
):
    stored = failed_stripe_event(localstripe)

    response = seller_client.post(
        CHANGELIST, {"action": "process_again", "_selected_action": [stored.pk]}, follow=True
    )

    assert messages_of(response) == ["Event evt_failed processed."]
    stored.refresh_from_db()
    assert stored.processed_at is not None
    assert stored.error == ""
    order = Order.objects.get()
    assert order.payment_status == "fully_charged"

    # Again: nothing happens twice.
    seller_client.post(CHANGELIST, {"action": "process_again", "_selected_action": [stored.pk]})
    assert Order.objects.count() == 1
    assert order.payments.get().transactions.filter(kind="capture").count() == 1


def test_an_event_that_fails_again_says_why(seller_client, stripe_settings, localstripe):
    stored = failed_stripe_event(localstripe)
    [line] = Payment.objects.get().snapshot["lines"]
    ProductVariant.objects.filter(pk=line["variant_id"]).delete()

    response = seller_client.post(
        CHANGELIST, {"action": "process_again", "_selected_action": [stored.pk]}, follow=True
    )

    why = f"PlacementImpossible: Paid-for variants no longer exist: {line['sku']}"
    assert messages_of(response) == [f"Event evt_failed failed again: {why}"]
    stored.refresh_from_db()
    assert (stored.processed_at, stored.attempts, stored.error) == (None, 3, why)
    assert not Order.objects.exists()
