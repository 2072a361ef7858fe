"""Attack: whoever holds a guest order's id gets a gap-free invoice number issued for an order
that is not paid (GraphQL invoiceRequest or the invoice download link), burning numbers of the
legal sequence and obtaining an "invoice" for goods never paid for."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from graphql_relay import to_global_id

from core.models import NumberSequence
from orders.documents.invoices import INVOICE_NUMBER_SEQUENCE
from orders.error_codes import OrderErrorCode
from orders.models import Invoice
from tests.api import graphql
from tests.orders.order_builders import placed_order

pytestmark = pytest.mark.django_db

INVOICE_REQUEST = """
mutation ($orderId: ID!) {
  invoiceRequest(orderId: $orderId) {
    invoice { number url }
    errors { field code message }
  }
}
"""


def request_invoice(order) -> dict:
    variables = {"orderId": to_global_id("Order", str(order.token))}
    return graphql(Client(), INVOICE_REQUEST, variables)["data"]["invoiceRequest"]


def numbers_given() -> int:
    sequence = NumberSequence.objects.filter(
        key=INVOICE_NUMBER_SEQUENCE, year=timezone.localdate().year
    ).first()
    return sequence.last if sequence else 0


def test_a_guest_holding_an_unpaid_orders_id_gets_not_paid_and_no_number():
    unpaid = placed_order(paid=False)

    payloads = [request_invoice(unpaid) for _ in range(3)]

    expected = [("orderId", OrderErrorCode.NOT_PAID.name)]
    assert [[(e["field"], e["code"]) for e in p["errors"]] for p in payloads] == [expected] * 3
    assert [p["invoice"] for p in payloads] == [None] * 3
    assert not Invoice.objects.exists()
    assert numbers_given() == 0

    paid = placed_order(paid=True)
    payload = request_invoice(paid)
    assert payload["errors"] == []
    assert payload["invoice"]["number"] == f"F-{timezone.localdate().year}-000001"


def test_the_invoice_link_of_an_unpaid_order_numbers_nothing():
    unpaid = placed_order(paid=False)
    client = Client()

    download = client.get(reverse("orders:invoice", args=[unpaid.token]))
    page = client.get(unpaid.get_absolute_url()).content.decode()

    assert download.status_code == 404
    assert reverse("orders:invoice", args=[unpaid.token]) not in page
    assert "once the order is paid" in page
    assert not Invoice.objects.exists()
    assert numbers_given() == 0
