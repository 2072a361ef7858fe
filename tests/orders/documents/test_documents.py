"""Invoices and packing slips (orders/documents/invoices.py): the PDFs' text, the numbering, that an
invoice never changes, who may download it (page and GraphQL)."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from graphql_relay import to_global_id

from core.models import NumberSequence
from orders.documents.invoices import INVOICE_NUMBER_SEQUENCE, invoice_get_or_create
from orders.documents.packing_slips import packing_slip_generate
from orders.lifecycle.fulfillment import order_fulfill
from orders.models import Invoice, Order, OrderEvent
from orders.tasks import generate_invoice
from tests.api import graphql
from tests.clients import logged_in
from tests.factories import ProductFactory, UserFactory
from tests.files import pdf_text
from tests.orders.order_builders import customers_order, placed_order, seller, shopper

pytestmark = pytest.mark.django_db


def _two_rate_order() -> Order:
    """Two mugs at 25.00 (20 % VAT) and one book at 25.00 (5.5 % VAT), 4.90 shipping."""
    order = placed_order(quantities=(2, 1), paid=True)
    book = order.lines.order_by("id").last()
    book.vat_rate = Decimal("5.50")
    book.product_name = "Le Petit Prince"
    book.save(update_fields=["vat_rate", "product_name"])
    mug = order.lines.order_by("id").first()
    mug.product_name = "Teal mug"
    mug.save(update_fields=["product_name"])
    return order


def test_the_invoice_shows_seller_buyer_lines_vat_and_totals(settings):
    order = _two_rate_order()
    mug, book = order.lines.order_by("id")

    invoice = invoice_get_or_create(order=order)

    year = order.created_at.year
    assert invoice.number == f"F-{year}-000001"
    text = pdf_text(invoice.file)
    assert invoice.number in text
    assert order.number in text
    for expected in (
        settings.SHOP_SELLER["name"],
        settings.SHOP_SELLER["vat_number"],
        settings.SHOP_SELLER["registration"],
        "Alice Martin",
        "12 rue de la Paix",
        "alice@example.com",
        "Teal mug",
        mug.sku,
        "Le Petit Prince",
        book.sku,
    ):
        assert expected in text, expected
    # Mugs: 50.00 gross at 20 % = 41.67 net + 8.33 VAT; the book: 25.00 at 5.5 % = 23.70 + 1.30.
    for figure in ("€41.67", "€8.33", "€50.00", "20 %", "€23.70", "€1.30", "5.50 %"):
        assert figure in text, figure
    # Shipping 4.90 at 20 %: the 20 % rate totals 54.90 = 45.75 net + 9.15 VAT.
    for figure in ("€45.75", "€9.15", "€54.90", "€4.90"):
        assert figure in text, figure
    # Totals: 79.90 gross, 10.45 VAT, 69.45 net; paid in full.
    for figure in ("€79.90", "€10.45", "€69.45", "Paid", "Bank transfer"):
        assert figure in text, figure
    event = order.events.get(type="invoice_generated")
    assert event.message == invoice.number


def test_the_discount_is_on_the_invoice_and_in_the_vat():
    order = placed_order(quantities=(2,), paid=True)
    Order.objects.filter(pk=order.pk).update(
        discount=Decimal("5.00"), total=Decimal("49.90"), voucher_code="SPRING"
    )

    text = pdf_text(invoice_get_or_create(order=Order.objects.get(pk=order.pk)).file)

    # 50.00 − 5.00 + 4.90 = 49.90 at 20 %: 41.58 net, 8.32 VAT.
    for figure in ("SPRING", "−€5.00", "€49.90", "€41.58", "€8.32"):
        assert figure in text, figure


def test_an_invoice_is_made_once_and_never_changes():
    order = placed_order(paid=True)
    first = invoice_get_or_create(order=order)
    with first.file.open("rb") as handle:
        content = handle.read()

    line = order.lines.first()
    line.product_name = "Renamed later"
    line.save(update_fields=["product_name"])
    again = invoice_get_or_create(order=order)

    assert (again.pk, again.number, again.file.name) == (first.pk, first.number, first.file.name)
    with again.file.open("rb") as handle:
        assert handle.read() == content
    assert Invoice.objects.count() == 1
    assert order.events.filter(type="invoice_generated").count() == 1
    assert generate_invoice.delay(order.pk).get() == first.number


def test_numbers_follow_each_other_per_year_without_gaps_in_payment_order():
    orders = [placed_order(paid=True) for _ in range(3)]
    year = orders[0].created_at.year
    NumberSequence.objects.create(key=INVOICE_NUMBER_SEQUENCE, year=year - 1, last=41)

    # Downloaded last first (their tasks never ran): still numbered in the order they were paid.
    numbers = [invoice_get_or_create(order=order).number for order in reversed(orders)]

    assert numbers == [f"F-{year}-000003", f"F-{year}-000002", f"F-{year}-000001"]
    assert NumberSequence.objects.get(key=INVOICE_NUMBER_SEQUENCE, year=year - 1).last == 41
    assert NumberSequence.objects.get(key=INVOICE_NUMBER_SEQUENCE, year=year).last == 3


def test_the_invoice_file_name_cannot_be_guessed_from_its_number():
    invoice = invoice_get_or_create(order=placed_order(paid=True))
    name = invoice.file.name.rsplit("/", 1)[-1]
    assert name.startswith(invoice.number + "-") and len(name) > len(invoice.number) + 12


def test_a_packing_slip_is_made_when_a_parcel_ships_with_its_lines_and_no_prices(
    django_capture_on_commit_callbacks,
):
    order = placed_order(quantities=(3, 1), paid=True)
    first, second = order.lines.order_by("id")

    with django_capture_on_commit_callbacks(execute=True):
        parcel = order_fulfill(
            order=order, lines=[(first.pk, 2)], carrier="colissimo", tracking_number="6A9"
        )

    parcel.refresh_from_db()
    assert parcel.packing_slip.name.startswith(f"packing-slips/packing-slip-{order.number}-1-")
    text = pdf_text(parcel.packing_slip)
    assert "Packing slip" in text
    assert order.number in text
    assert "Parcel 1" in text
    assert "Alice Martin" in text and "12 rue de la Paix" in text
    assert first.sku in text and first.product_name in text
    assert second.sku not in text  # not in this parcel
    assert "€" not in text and "25.00" not in text and "25,00" not in text
    name = parcel.packing_slip.name
    assert packing_slip_generate(fulfillment_id=parcel.pk).packing_slip.name == name


# Who may download it.


def _invoice_url(order: Order) -> str:
    return reverse("orders:invoice", kwargs={"token": order.token})


def test_a_guest_holding_the_order_link_downloads_the_invoice_made_on_the_spot():
    order = placed_order(paid=True)

    response = Client().get(_invoice_url(order))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    invoice = Invoice.objects.get(order=order)
    assert f'filename="{invoice.number}.pdf"' in response["Content-Disposition"]
    assert invoice.number in pdf_text(b"".join(response.streaming_content))


def test_a_customers_invoice_is_for_that_customer_and_staff_only():
    owner = shopper()
    order = customers_order(owner, delivered=False, paid=True)
    url = _invoice_url(order)

    stranger = logged_in(UserFactory(email="mallory@example.com"))
    assert Client().get(url).status_code == 404
    assert stranger.get(url).status_code == 404
    assert not Invoice.objects.exists()

    owner_client = logged_in(owner)
    assert owner_client.get(url).status_code == 200
    staff_client = logged_in(seller())
    assert staff_client.get(url).status_code == 200
    assert Invoice.objects.count() == 1


def test_a_guessed_token_finds_nothing():
    placed_order(paid=True)
    url = reverse("orders:invoice", kwargs={"token": "00000000-0000-0000-0000-000000000000"})
    assert Client().get(url).status_code == 404


INVOICE_REQUEST = """
mutation ($orderId: ID!) {
  invoiceRequest(orderId: $orderId) {
    invoice { number url }
    order { number invoices { number url } }
    errors { field code message }
  }
}
"""


def test_invoice_request_through_graphql():
    owner = shopper()
    order = customers_order(owner, delivered=False, paid=True)
    variables = {"orderId": to_global_id("Order", str(order.token))}

    refused = graphql(Client(), INVOICE_REQUEST, variables)["data"]["invoiceRequest"]
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("orderId", "NOT_FOUND")]
    assert refused["invoice"] is None
    assert not Invoice.objects.exists()

    client = logged_in(owner)
    payload = graphql(client, INVOICE_REQUEST, variables)["data"]["invoiceRequest"]
    assert payload["errors"] == []
    invoice = Invoice.objects.get(order=order)
    assert payload["invoice"]["number"] == invoice.number
    assert payload["invoice"]["url"] == f"http://testserver{_invoice_url(order)}"
    assert payload["order"]["invoices"] == [payload["invoice"]]

    staff = logged_in(seller())
    again = graphql(staff, INVOICE_REQUEST, variables)["data"]["invoiceRequest"]
    assert again["invoice"] == payload["invoice"]


def test_order_invoices_is_empty_until_one_is_requested():
    order = placed_order(paid=True)
    query = "query ($id: ID!) { order(id: $id) { invoices { number } } }"
    variables = {"id": to_global_id("Order", str(order.token))}

    assert graphql(Client(), query, variables)["data"]["order"]["invoices"] == []
    invoice = invoice_get_or_create(order=order)
    assert graphql(Client(), query, variables)["data"]["order"]["invoices"] == [
        {"number": invoice.number}
    ]
    assert OrderEvent.objects.filter(order=order, type="invoice_generated").count() == 1


def test_a_product_renamed_after_the_order_keeps_its_old_name_on_the_invoice():
    order = placed_order(quantities=(1,), paid=True)
    line = order.lines.get()
    ProductFactory._meta.model.objects.filter(pk=line.variant.product_id).update(name="New name")

    text = pdf_text(invoice_get_or_create(order=order).file)

    assert line.product_name in text and "New name" not in text
