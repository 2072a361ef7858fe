"""Invoices issued when the order becomes fully paid (orders.documents.invoices.invoice_issue,
queued by orders.payments.ledger.order_refresh_payment_status): numbered in the order orders
were paid, emailed with the payment confirmation, in the order's language; the order summary
until then; a credit note when a paid, invoiced order is canceled."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from graphql_relay import to_global_id

from orders.error_codes import OrderErrorCode
from orders.lifecycle.cancel import order_cancel
from orders.models import Invoice, Order, Refund
from orders.models.order import OrderStatus, PaymentStatus
from orders.payments.ledger import order_mark_paid
from orders.returns.refunds import refund_book_and_send
from orders.tasks import generate_invoice
from tests.api import graphql, operations_document, run_data
from tests.files import pdf_text
from tests.orders.order_builders import placed_order, seller

pytestmark = pytest.mark.django_db


def mark_paid(order: Order, capture) -> Order:
    """Staff record the order's payment through the ledger service; what it queues runs."""
    mail.outbox.clear()
    with capture(execute=True):
        order_mark_paid(order=order, user=seller())
    return Order.objects.get(pk=order.pk)


def test_invoice_numbers_follow_the_order_orders_were_paid_in(
    settings, django_capture_on_commit_callbacks
):
    settings.SHOP_UNPAID_ORDERS_MAX = 5  # three unpaid orders from one shopper
    first, second, third = [placed_order(paid=False) for _ in range(3)]
    year = first.created_at.year
    assert not Invoice.objects.exists()

    for order in (third, first, second):
        mark_paid(order, django_capture_on_commit_callbacks)

    numbers = {
        order.pk: Invoice.objects.get(order=order).number for order in (first, second, third)
    }
    assert numbers == {
        third.pk: f"F-{year}-000001",
        first.pk: f"F-{year}-000002",
        second.pk: f"F-{year}-000003",
    }
    assert all(invoice.file for invoice in Invoice.objects.all())


def test_the_payment_confirmation_carries_the_invoice(django_capture_on_commit_callbacks):
    order = placed_order(paid=False)

    order = mark_paid(order, django_capture_on_commit_callbacks)

    assert order.payment_status == PaymentStatus.FULLY_CHARGED
    invoice = Invoice.objects.get(order=order)
    [email] = mail.outbox  # one email for the payment, the invoice attached
    assert email.to == ["alice@example.com"]
    assert email.subject == f"Payment received — your invoice {invoice.number}"
    assert f"Your invoice {invoice.number} is attached" in email.body
    [(filename, pdf, mimetype)] = email.attachments
    assert (filename, mimetype) == (f"{invoice.number}.pdf", "application/pdf")
    text = pdf_text(pdf)
    assert invoice.number in text and order.number in text
    event = order.events.get(type="email_sent")
    assert (event.data["kind"], event.data["invoice"]) == ("payment_received", invoice.number)


def test_the_invoice_task_run_twice_emails_once(django_capture_on_commit_callbacks):
    order = mark_paid(placed_order(paid=False), django_capture_on_commit_callbacks)
    number = order.invoice.number

    assert generate_invoice.delay(order.pk).get() == number
    assert len(mail.outbox) == 1
    assert Invoice.objects.count() == 1


def test_an_unpaid_order_has_no_invoice_and_offers_the_order_summary():
    order = placed_order(paid=False)
    client = Client()

    page = client.get(order.get_absolute_url()).content.decode()
    summary_url = reverse("orders:order_summary", args=[order.token])
    assert summary_url in page and "Order summary (PDF)" in page
    assert reverse("orders:invoice", args=[order.token]) not in page

    response = client.get(summary_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Order summary — not an invoice" in text
    assert "This document is not an invoice." in text
    assert order.number in text
    assert "F-" not in text
    assert not Invoice.objects.exists()


def test_once_invoiced_the_page_and_graphql_offer_the_invoice_instead(
    django_capture_on_commit_callbacks,
):
    order = placed_order(paid=False)
    query = "query ($id: ID!) { order(id: $id) { summaryUrl invoices { number } } }"
    variables = {"id": to_global_id("Order", str(order.token))}
    before = graphql(Client(), query, variables)["data"]["order"]
    assert before == {
        "summaryUrl": "http://testserver" + reverse("orders:order_summary", args=[order.token]),
        "invoices": [],
    }

    order = mark_paid(order, django_capture_on_commit_callbacks)

    after = graphql(Client(), query, variables)["data"]["order"]
    assert after == {"summaryUrl": None, "invoices": [{"number": order.invoice.number}]}
    page = Client().get(order.get_absolute_url()).content.decode()
    assert reverse("orders:invoice", args=[order.token]) in page
    assert reverse("orders:order_summary", args=[order.token]) not in page


def test_canceling_a_paid_invoiced_order_issues_a_credit_note_citing_the_invoice(
    django_capture_on_commit_callbacks,
):
    order = mark_paid(placed_order(paid=False), django_capture_on_commit_callbacks)
    invoice = order.invoice
    year = order.created_at.year

    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=order, user=seller(), reason="Out of stock at the warehouse")

    order = Order.objects.get(pk=order.pk)
    assert (order.status, order.payment_status) == (
        OrderStatus.CANCELED,
        PaymentStatus.FULLY_REFUNDED,
    )
    [refund] = Refund.objects.filter(order=order)
    assert (refund.status, refund.amount) == (Refund.Status.SUCCEEDED, order.total)
    assert refund.credit_note_number == f"AV-{year}-000001"
    text = pdf_text(refund.credit_note)
    assert f"Credit note for invoice {invoice.number}" in text
    assert refund.credit_note_number in text
    for line in order.lines.all():
        assert line.product_name in text
    assert Invoice.objects.get(order=order).number == invoice.number  # kept as it was


def test_a_canceled_order_never_paid_gets_no_invoice_and_no_credit_note(
    django_capture_on_commit_callbacks,
):
    order = placed_order(paid=False)

    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=order, user=seller())

    assert not Invoice.objects.exists()
    assert not Refund.objects.exists()
    page = Client().get(order.get_absolute_url()).content.decode()
    assert reverse("orders:order_summary", args=[order.token]) not in page


def test_a_french_order_gets_its_invoice_in_french(django_capture_on_commit_callbacks):
    order = placed_order(paid=False)
    Order.objects.filter(pk=order.pk).update(language_code="fr")

    order = mark_paid(order, django_capture_on_commit_callbacks)

    invoice = Invoice.objects.get(order=order)
    text = pdf_text(invoice.file)
    assert "Facture" in text
    assert "N° de facture" in text
    assert "Date de facture" in text
    assert "Total TTC" in text
    [email] = mail.outbox
    assert email.subject == f"Paiement reçu — votre facture {invoice.number}"
    assert f"Votre facture {invoice.number} est jointe" in email.body


def test_a_full_refund_of_an_invoiced_order_issues_a_credit_note_citing_the_invoice(
    django_capture_on_commit_callbacks,
):
    order = mark_paid(placed_order(paid=False), django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        refund_book_and_send(
            order=order,
            amount=order.total,
            reason="Parcel lost by the carrier",
            codes=OrderErrorCode,
            user=seller(),
        )

    refund = Refund.objects.get(order=order)
    assert refund.status == Refund.Status.SUCCEEDED
    text = pdf_text(refund.credit_note)
    assert f"Credit note for invoice {order.invoice.number}" in text
    assert all(line.product_name in text for line in order.lines.all())
    assert "Goodwill gesture" not in text  # the whole order given back, line by line


def test_the_documented_invoice_request_answers_not_paid_then_the_invoice(
    django_capture_on_commit_callbacks,
):
    document = operations_document("account")
    order = placed_order(paid=False)
    variables = {"orderId": to_global_id("Order", str(order.token))}

    refused = run_data(Client(), document, "InvoiceRequest", variables)["invoiceRequest"]
    assert refused["invoice"] is None
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("orderId", "NOT_PAID")]
    assert not Invoice.objects.exists()

    order = mark_paid(order, django_capture_on_commit_callbacks)
    issued = run_data(Client(), document, "InvoiceRequest", variables)["invoiceRequest"]
    assert issued["errors"] == []
    assert issued["invoice"]["number"] == order.invoice.number
