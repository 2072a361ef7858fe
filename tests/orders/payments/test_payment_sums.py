"""The payment-sums selector (orders.payments.selectors): what payments captured, what was
refunded or is being refunded, what is left, and what a refund really gave back."""

from decimal import Decimal

import pytest
from django.db import transaction

from orders.models import Order, Payment, PaymentTransaction, Refund
from orders.payments.refunds import payment_refund_book
from orders.payments.selectors import (
    PaymentSums,
    ledger_refunded_total,
    order_payment_sums,
    orders_with_payment_sums,
    payment_sums,
    payments_sums,
    refund_credited_amount,
)
from tests.orders.order_builders import delivered_order

pytestmark = pytest.mark.django_db

Kind = PaymentTransaction.Kind
Status = PaymentTransaction.Status


def _payment(order, key: str, *, amount, captured="0", refunded="0", status=None) -> Payment:
    return Payment.objects.create(
        order=order,
        gateway="bank_transfer",
        status=status or Payment.Status.SUCCEEDED,
        amount=Decimal(amount),
        currency="EUR",
        captured_amount=Decimal(captured),
        refunded_amount=Decimal(refunded),
        provider_reference=f"offline-{key}",
        idempotency_key=key,
        fingerprint=key,
    )


def _ledger(payment, refund, kind, status, amount) -> PaymentTransaction:
    return PaymentTransaction.objects.create(
        payment=payment, refund=refund, kind=kind, status=status, amount=Decimal(amount)
    )


def test_a_pending_refund_counts_as_refunded_and_is_no_longer_refundable():
    order = delivered_order(quantities=(1,))  # 29.90 captured
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(order=order)
        payment_refund_book(
            payment=payment, amount=Decimal("10.00"), reason="", idempotency_key="k"
        )

    sums = payment_sums(Payment.objects.get(pk=payment.pk))

    assert sums == PaymentSums(captured=Decimal("29.90"), refunded=Decimal("10.00"))
    assert sums.refundable == Decimal("19.90")


def test_the_order_sums_count_what_was_captured_not_what_was_asked_for():
    order = delivered_order(quantities=(1,))  # 29.90 captured
    _payment(order, "supplement", amount="10.00", captured="10.00", refunded="4.00")
    _payment(order, "unpaid", amount="50.00", status=Payment.Status.PENDING)  # nothing captured
    _payment(delivered_order(quantities=(2,)), "other-order", amount="9.00", captured="9.00")

    sums = order_payment_sums(Order.objects.get(pk=order.pk))

    assert sums == PaymentSums(captured=Decimal("39.90"), refunded=Decimal("4.00"))
    assert sums.refundable == Decimal("35.90")
    assert order_payment_sums(order, from_database=True) == sums


def test_no_payment_sums_to_a_plain_zero():
    sums = payments_sums([])

    # The GraphQL totals and the emails of an order without payment read "0", as before.
    assert str(sums.captured) == "0" and str(sums.refunded) == "0"
    assert sums.refundable == 0


def test_prefetched_payments_are_summed_without_a_query(django_assert_num_queries):
    order = delivered_order(quantities=(1,))
    _payment(order, "supplement", amount="10.00", captured="10.00", refunded="2.50")
    order = Order.objects.prefetch_related("payments").get(pk=order.pk)

    with django_assert_num_queries(0):
        sums = order_payment_sums(order)

    assert sums == PaymentSums(captured=Decimal("39.90"), refunded=Decimal("2.50"))


def test_from_database_reads_the_payments_again_after_a_refund_was_booked():
    order = delivered_order(quantities=(1,))
    order = Order.objects.prefetch_related("payments").get(pk=order.pk)
    assert order_payment_sums(order).refundable == Decimal("29.90")
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(order=order)
        payment_refund_book(payment=payment, amount=Decimal("5.00"), reason="", idempotency_key="k")

    assert order_payment_sums(order, from_database=True).refundable == Decimal("24.90")


def test_the_annotated_list_agrees_and_costs_one_query_for_1_and_20_orders(
    django_assert_num_queries,
):
    first = delivered_order(quantities=(1, 2))  # two lines: a join on them must not double
    _payment(first, "supplement", amount="10.00", captured="10.00", refunded="3.00")
    expected = {first.pk: payments_sums(Payment.objects.filter(order=first))}
    for count in (1, 20):
        while len(expected) < count:
            order = delivered_order(quantities=(1,))
            expected[order.pk] = payments_sums(Payment.objects.filter(order=order))
        # Joined over the lines, as a filtered list would be.
        queryset = orders_with_payment_sums(
            Order.objects.filter(lines__quantity__gte=1).distinct().order_by("pk")
        )
        with django_assert_num_queries(1):
            got = {order.pk: order_payment_sums(order) for order in queryset}
        assert got == expected
    assert expected[first.pk] == PaymentSums(captured=Decimal("89.90"), refunded=Decimal("3.00"))


def test_the_annotation_is_zero_for_an_order_without_captured_money():
    order = delivered_order(quantities=(1,))
    Payment.objects.filter(order=order).update(captured_amount=0)
    annotated = orders_with_payment_sums(Order.objects.filter(pk=order.pk)).get()

    assert order_payment_sums(annotated) == PaymentSums(captured=Decimal(0), refunded=Decimal(0))


def test_a_refund_credits_only_its_refund_rows_the_providers_accepted():
    order = delivered_order(quantities=(1,))
    payment = Payment.objects.get(order=order)
    refund = Refund.objects.create(
        order=order, amount=Decimal("18.00"), currency="EUR", idempotency_key="r"
    )
    other = Refund.objects.create(
        order=order, amount=Decimal("1.00"), currency="EUR", idempotency_key="o"
    )
    _ledger(payment, refund, Kind.REFUND, Status.SUCCESS, "10.00")
    _ledger(payment, refund, Kind.REFUND, Status.PENDING, "5.00")
    _ledger(payment, refund, Kind.REFUND, Status.FAILURE, "3.00")
    _ledger(payment, other, Kind.REFUND, Status.SUCCESS, "1.00")

    assert refund_credited_amount(refund) == Decimal("10.00")
    assert refund_credited_amount(other) == Decimal("1.00")


def test_the_ledger_refund_total_ignores_other_kinds_and_unsettled_rows():
    order = delivered_order(quantities=(1,))
    payment = Payment.objects.get(order=order)
    rows = [
        _ledger(payment, None, Kind.CAPTURE, Status.SUCCESS, "29.90"),
        _ledger(payment, None, Kind.REFUND, Status.SUCCESS, "4.00"),
        _ledger(payment, None, Kind.REFUND, Status.SUCCESS, "0.50"),
        _ledger(payment, None, Kind.REFUND, Status.PENDING, "7.00"),
        _ledger(payment, None, Kind.REFUND, Status.FAILURE, "2.00"),
        _ledger(payment, None, Kind.CANCEL, Status.SUCCESS, "1.00"),
    ]

    assert ledger_refunded_total(rows) == Decimal("4.50")
    assert str(ledger_refunded_total([])) == "0.00"
