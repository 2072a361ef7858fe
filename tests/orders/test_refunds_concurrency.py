"""Refunds racing each other on one order, on PostgreSQL (its row locks are what is tested).

Run with DATABASE_URL pointing at PostgreSQL; skipped on SQLite, which has no row locks.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from orders.models import Payment, Refund
from orders.returns import order_refund
from tests.concurrency import needs_postgresql, run_together
from tests.orders.order_builders import delivered_order

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]


def test_eight_concurrent_refunds_never_exceed_the_captured_amount():
    order = delivered_order(quantities=(1,))  # 25.00 + 4.90 = 29.90 captured

    def refund(index):
        return order_refund(order=order, amount=Decimal("10.00"), reason=f"Goodwill {index}")

    results = run_together(refund, 8)

    refunds = [result for result in results if isinstance(result, Refund)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(refunds) == 2, results
    assert len(refused) == 6, results
    assert {error.error_dict["amount"][0].code for error in refused} == {"refund_exceeds_captured"}
    payment = Payment.objects.get(order=order)
    assert payment.refunded_amount == Decimal("20.00")
    assert Refund.objects.filter(status="succeeded").count() == 2
    assert payment.transactions.filter(kind="refund", status="success").count() == 2


def test_eight_identical_clicks_refund_once():
    order = delivered_order(quantities=(1,))

    results = run_together(
        lambda index: order_refund(order=order, amount=Decimal("5.00"), reason="Late"), 8
    )

    assert all(isinstance(result, Refund) for result in results), results
    assert len({result.pk for result in results}) == 1
    assert Payment.objects.get(order=order).refunded_amount == Decimal("5.00")
