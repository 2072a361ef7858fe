"""Invoice numbers under concurrency, on PostgreSQL (its row locks are what is tested).

Run with DATABASE_URL pointing at PostgreSQL; skipped on SQLite, which has no row locks.
"""

import pytest
from django.core import mail

from orders.documents.invoices import invoice_get_or_create, orders_by_payment
from orders.models import Invoice, Order
from orders.payments.ledger import order_mark_paid
from tests.concurrency import needs_postgresql, run_together
from tests.orders.order_builders import placed_order, seller

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_postgresql,
]


def test_ten_orders_invoiced_at_once_get_ten_consecutive_numbers():
    orders = [placed_order(paid=True) for _ in range(10)]
    year = orders[0].created_at.year

    results = run_together(lambda index: invoice_get_or_create(order=orders[index]).number, 10)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results) == [f"F-{year}-{n:06d}" for n in range(1, 11)]
    assert Invoice.objects.count() == 10
    assert all(invoice.file for invoice in Invoice.objects.all())


def test_two_requests_for_the_same_order_make_one_invoice():
    order = placed_order(paid=True)

    results = run_together(lambda index: invoice_get_or_create(order=order), 2)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert results[0].number == results[1].number
    assert Invoice.objects.count() == 1
    invoice = Invoice.objects.get()
    assert results[0].file.name == results[1].file.name == invoice.file.name
    assert Order.objects.get(pk=order.pk).events.filter(type="invoice_generated").count() == 1


def test_orders_paid_at_once_get_consecutive_numbers_in_the_order_they_were_paid(settings):
    settings.SHOP_UNPAID_ORDERS_MAX = settings.SHOP_UNPAID_ORDERS_PER_IP = 20
    orders = [placed_order(paid=False) for _ in range(8)]
    year = orders[0].created_at.year
    staff = seller()
    mail.outbox.clear()  # the "order placed" emails

    # Each payment commits, then its invoice task runs (eagerly, in the thread that paid).
    results = run_together(lambda index: order_mark_paid(order=orders[index], user=staff), 8)

    assert not [r for r in results if isinstance(r, Exception)], results
    paid_in_order = orders_by_payment().filter(pk__in=[o.pk for o in orders]).order_by("paid_mark")
    numbers = [Invoice.objects.get(order=order).number for order in paid_in_order]
    assert numbers == [f"F-{year}-{n:06d}" for n in range(1, 9)]
    assert all(invoice.file for invoice in Invoice.objects.all())
    assert len(mail.outbox) == 8  # one payment email each, its invoice attached
    assert all(len(message.attachments) == 1 for message in mail.outbox)
