"""The orders back office as a seller uses it: shipping methods and vouchers edited, orders and
payments with their ledger shown read-only."""

import pytest
from django.urls import reverse

from orders.models import Checkout, Order, Payment, ShippingMethod, StripeEvent, Voucher
from tests.orders.order_builders import placed_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    """An unconfirmed order of one line (2 units), not paid yet."""
    return placed_order(quantities=(2,), paid=False)


def test_seller_creates_a_shipping_method_with_country_checkboxes(seller_client):
    url = reverse("admin:orders_shippingmethod_add")
    assert 'type="checkbox" name="countries" value="BE"' in seller_client.get(url).content.decode()

    response = seller_client.post(
        url,
        {
            "name": "Colissimo",
            "price": "4.90",
            "free_above": "60",
            "countries": ["FR", "BE"],
            "min_days": "2",
            "max_days": "4",
            "is_active": "on",
            "position": "0",
        },
    )

    assert response.status_code == 302
    method = ShippingMethod.objects.get()
    assert method.countries == ["FR", "BE"]
    changelist = seller_client.get(reverse("admin:orders_shippingmethod_changelist"))
    assert "FR, BE" in changelist.content.decode()
    assert "2–4 days" in changelist.content.decode()


def test_seller_creates_a_voucher_whose_code_is_upper_cased(seller_client):
    response = seller_client.post(
        reverse("admin:orders_voucher_add"),
        {"code": " summer5 ", "kind": "fixed", "value": "5", "is_active": "on"},
    )

    assert response.status_code == 302
    assert Voucher.objects.get().code == "SUMMER5"
    changelist = seller_client.get(reverse("admin:orders_voucher_changelist") + "?q=summer")
    assert "SUMMER5" in changelist.content.decode()


def test_order_list_is_searchable_by_number_and_email_and_filterable(seller_client, order):
    url = reverse("admin:orders_order_changelist")

    for query in (order.number, "alice@example", "?status=unconfirmed&payment_status=not_charged"):
        suffix = query if query.startswith("?") else f"?q={query}"
        html = seller_client.get(url + suffix).content.decode()
        assert order.number in html
    assert order.number not in seller_client.get(url + "?q=nobody").content.decode()


def test_order_page_shows_lines_payments_ledger_and_events_read_only(seller_client, order):
    response = seller_client.get(reverse("admin:orders_order_change", args=[order.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert order.number in html
    assert order.lines.get().sku in html
    assert "12 rue de la Paix" in html
    assert "Authorization" in html  # the payment's ledger
    assert "Order placed" in html
    assert 'name="_save"' not in html  # nothing to save: changes go through the services
    assert seller_client.get(reverse("admin:orders_order_add")).status_code == 403


def test_payment_checkout_and_stripe_event_pages_are_read_only(seller_client, order):
    payment = Payment.objects.get()
    checkout = Checkout.objects.get()
    StripeEvent.objects.create(event_id="evt_1", type="payment_intent.succeeded", payload={})

    html = seller_client.get(reverse("admin:orders_payment_change", args=[payment.pk])).content
    assert b"Authorization" in html
    assert b"Client secret" not in html
    for name, pk in (("checkout", checkout.pk), ("stripeevent", StripeEvent.objects.get().pk)):
        change = seller_client.get(reverse(f"admin:orders_{name}_change", args=[pk]))
        assert change.status_code == 200
        assert b'name="_save"' not in change.content
        assert seller_client.get(reverse(f"admin:orders_{name}_changelist")).status_code == 200
    assert Order.objects.count() == 1
