"""The checkout asks for the terms of sale once the shop publishes them: no payment starts and
no order is placed without them, and the order keeps the revision accepted (admin, invoice)."""

import pytest
from django.test import Client
from django.urls import reverse
from graphql_relay import to_global_id

from content.services import page_save
from orders.models import Invoice, Order, Payment
from orders.payments.ledger import order_mark_paid
from tests.api import graphql
from tests.clients import logged_in
from tests.content.builders import published_page
from tests.files import pdf_text
from tests.orders.builders import ready_checkout, variant_in_stock
from tests.orders.order_builders import seller
from tests.orders.views.checkout_pages_support import DELIVERY_URL, DETAILS_URL, details, fill_cart

pytestmark = pytest.mark.django_db

PAY = """
mutation ($id: ID!, $accept: Boolean) {
  checkoutPaymentCreate(id: $id, gateway: "bank_transfer", acceptTerms: $accept) {
    payment { id }
    errors { field code message }
  }
}
"""


def delivery_post(client, methods, **extra):
    data = {"shipping_method": methods["colissimo"].pk, "gateway": "bank_transfer", **extra}
    return client.post(DELIVERY_URL, data)


def test_the_checkout_page_refuses_to_go_on_without_the_terms(client, methods):
    terms = published_page(body="You may withdraw within 14 days.")
    fill_cart(client, variant_in_stock(quantity=5))
    client.post(DETAILS_URL, details())

    page = client.get(DELIVERY_URL).content.decode()
    refused = delivery_post(client, methods)

    assert 'name="accept_terms"' in page and terms.get_absolute_url() in page
    assert refused.status_code == 200
    assert "Please accept the terms of sale to place your order." in refused.content.decode()
    assert not Payment.objects.exists() and not Order.objects.exists()

    placed = delivery_post(client, methods, accept_terms="on")

    order = Order.objects.get()
    assert placed["Location"] == order.get_absolute_url()
    assert (order.terms_revision.page, order.terms_revision.number) == (terms, 1)


def test_without_terms_pages_nothing_is_asked(client, methods):
    fill_cart(client, variant_in_stock(quantity=5))
    client.post(DETAILS_URL, details())

    assert 'name="accept_terms"' not in client.get(DELIVERY_URL).content.decode()
    delivery_post(client, methods)

    assert Order.objects.get().terms_revision is None


def test_graphql_needs_accept_terms_and_records_the_revision():
    published_page()
    checkout = ready_checkout(lines=[(variant_in_stock(quantity=5), 1)])
    variables = {"id": to_global_id("Checkout", str(checkout.token))}

    refused = graphql(Client(), PAY, variables)["data"]["checkoutPaymentCreate"]
    accepted = graphql(Client(), PAY, {**variables, "accept": True})["data"][
        "checkoutPaymentCreate"
    ]

    assert refused["payment"] is None
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [
        ("acceptTerms", "TERMS_NOT_ACCEPTED")
    ]
    assert accepted["errors"] == [] and accepted["payment"]
    checkout.refresh_from_db()
    assert checkout.terms_revision.number == 1


def test_the_revision_accepted_shows_in_the_admin_and_on_the_invoice(
    client, methods, django_capture_on_commit_callbacks
):
    terms = published_page()
    terms.body_en = "A second version."
    page_save(page=terms)  # revision 2: what the shopper accepts now
    fill_cart(client, variant_in_stock(quantity=5))
    client.post(DETAILS_URL, details())
    delivery_post(client, methods, accept_terms="on")
    order = Order.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, reference="VIR-1")

    admin = logged_in(seller()).get(reverse("admin:orders_order_change", args=[order.pk]))
    assert "Revision 2 of" in admin.content.decode()
    invoice_text = pdf_text(Invoice.objects.get(order=order).file)
    assert "Terms of sale accepted: revision 2 of" in invoice_text
