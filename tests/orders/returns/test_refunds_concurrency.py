"""Refunds racing each other on one order, on PostgreSQL (its row locks are what is tested).

Run with DATABASE_URL pointing at PostgreSQL; skipped on SQLite, which has no row locks.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from orders.models import Payment, Refund, ReturnRequest
from orders.returns.services import order_refund, return_request_create, return_request_refund
from tests.concurrency import needs_postgresql, run_together
from tests.orders.order_builders import delivered_order, received_return

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


def test_eight_concurrent_refunds_of_one_return_refund_it_once():
    order = delivered_order(quantities=(1,))
    return_request = received_return(order, {0: 1}, reason="damaged", restock=False)

    results = run_together(
        lambda index: return_request_refund(return_request=return_request, include_shipping=True),
        8,
    )

    assert all(isinstance(result, Refund) for result in results), results
    assert len({result.pk for result in results}) == 1
    assert Payment.objects.get(order=order).refunded_amount == Decimal("29.90")
    assert ReturnRequest.objects.get().status == "refunded"


def test_eight_concurrent_return_requests_never_ask_for_more_than_was_delivered():
    order = delivered_order(quantities=(3,))
    line = order.lines.get()

    def ask(index):
        return return_request_create(
            order=order,
            lines=[{"order_line_id": line.pk, "quantity": 1, "reason": "changed_mind"}],
        )

    results = run_together(ask, 8)

    created = [result for result in results if isinstance(result, ReturnRequest)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert (len(created), len(refused)) == (3, 5), results
    assert {error.error_dict["lines"][0].code for error in refused} == {"quantity_exceeded"}
    assert len({result.number for result in created}) == 3
