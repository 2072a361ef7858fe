"""Orders migrations 0007 and 0008: the old order and invoice counters are carried into core's
one gap-free sequence (core.sequences), so the next order and invoice numbers continue exactly;
migrating back copies them back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core.models import NumberSequence
from orders.documents.invoices import INVOICE_NUMBER_SEQUENCE, invoice_get_or_create
from orders.lifecycle.create import ORDER_NUMBER_SEQUENCE
from tests.orders.order_builders import placed_order

# Schema changes on SQLite cannot run inside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("orders", "0006_checkout_stock_held_since")]


def migrate(targets=None):
    """Migrate the test database to `targets` (default: the latest migrations); the models
    of every app as the applied migrations leave them."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()  # reads which migrations are applied now
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


@pytest.fixture
def back_to_latest():
    yield
    migrate()


def test_the_next_order_and_invoice_numbers_continue_after_the_migration(back_to_latest):
    year = timezone.localdate().year
    old = migrate(BEFORE)
    OrderNumberSequence = old.get_model("orders", "OrderNumberSequence")
    InvoiceNumberSequence = old.get_model("orders", "InvoiceNumberSequence")
    OrderNumberSequence.objects.create(year=year - 1, last=812)
    OrderNumberSequence.objects.create(year=year, last=41)
    InvoiceNumberSequence.objects.create(year=year - 1, last=300)
    InvoiceNumberSequence.objects.create(year=year, last=17)
    old.get_model("core", "NumberSequence").objects.create(key="return", year=year, last=5)

    migrate()

    assert set(NumberSequence.objects.values_list("key", "year", "last")) == {
        (ORDER_NUMBER_SEQUENCE, year - 1, 812),
        (ORDER_NUMBER_SEQUENCE, year, 41),
        (INVOICE_NUMBER_SEQUENCE, year - 1, 300),
        (INVOICE_NUMBER_SEQUENCE, year, 17),
        ("return", year, 5),
    }
    order = placed_order(paid=True)
    assert order.number == f"{year}-000042"
    assert invoice_get_or_create(order=order).number == f"F-{year}-000018"


def test_migrating_back_copies_the_counters_back(back_to_latest):
    year = timezone.localdate().year
    order = placed_order(paid=True)
    invoice = invoice_get_or_create(order=order)
    assert (order.number, invoice.number) == (f"{year}-000001", f"F-{year}-000001")
    NumberSequence.objects.create(key="ticket", year=year, last=9)

    old = migrate(BEFORE)

    assert list(
        old.get_model("orders", "OrderNumberSequence").objects.values_list("year", "last")
    ) == [(year, 1)]
    assert list(
        old.get_model("orders", "InvoiceNumberSequence").objects.values_list("year", "last")
    ) == [(year, 1)]
    assert list(
        old.get_model("core", "NumberSequence").objects.values_list("key", "year", "last")
    ) == [("ticket", year, 9)]
