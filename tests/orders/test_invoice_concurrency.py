"""Invoice numbers under concurrency, on PostgreSQL (its row locks are what is tested).

Run with DATABASE_URL pointing at PostgreSQL; skipped on SQLite, which has no row locks.
"""

import threading

import pytest
from django.db import connection

from orders.documents import invoice_get_or_create
from orders.models import Invoice, Order
from tests.orders.order_builders import placed_order

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def _run_together(work, count: int) -> list:
    """Run work(0..count-1) in threads released at the same instant; return or raise values."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request is stuck (deadlock?)"
    return results


def test_ten_orders_invoiced_at_once_get_ten_consecutive_numbers():
    orders = [placed_order(paid=True) for _ in range(10)]
    year = orders[0].created_at.year

    results = _run_together(lambda index: invoice_get_or_create(order=orders[index]).number, 10)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results) == [f"F-{year}-{n:06d}" for n in range(1, 11)]
    assert Invoice.objects.count() == 10
    assert all(invoice.file for invoice in Invoice.objects.all())


def test_two_requests_for_the_same_order_make_one_invoice():
    order = placed_order(paid=True)

    results = _run_together(lambda index: invoice_get_or_create(order=order), 2)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert results[0].number == results[1].number
    assert Invoice.objects.count() == 1
    invoice = Invoice.objects.get()
    assert results[0].file.name == results[1].file.name == invoice.file.name
    assert Order.objects.get(pk=order.pk).events.filter(type="invoice_generated").count() == 1
