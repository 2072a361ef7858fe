"""Staff record money received by bank transfer or on delivery (orders.payments.ledger
.order_mark_paid, orderMarkPaid, the admin's "Mark as paid"): part payments allowed, more than
is left refused, booked once however often it is sent, and the shopper told."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from orders.lifecycle.cancel import order_cancel
from orders.models import Invoice, Order, PaymentTransaction
from orders.payments.ledger import order_mark_paid
from tests.api import operations_document, run_data, run_payload
from tests.clients import logged_in
from tests.orders.graphql.staff_graphql_support import order_gid
from tests.orders.order_builders import delivered_order, placed_order, seller

pytestmark = pytest.mark.django_db

DOCUMENT = operations_document("orders-staff")


def captures(order: Order) -> list[tuple[Decimal, str]]:
    return list(
        PaymentTransaction.objects.filter(payment__order=order, kind="capture")
        .order_by("pk")
        .values_list("amount", "provider_reference")
    )


def test_a_transfer_in_two_parts_is_booked_and_the_shopper_told_each_time(
    django_capture_on_commit_callbacks,
):
    order = placed_order(quantities=(2,), paid=False)  # 50.00 + shipping
    assert order.total > Decimal("20.00")
    staff = seller()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, amount=Decimal("20.00"), reference="VIR-001", user=staff)

    order.refresh_from_db()
    assert order.payment_status == "partially_charged"
    assert captures(order) == [(Decimal("20.00"), "VIR-001")]
    assert not Invoice.objects.filter(order=order).exists()
    (email,) = mail.outbox
    left = order.total - Decimal("20.00")
    assert f"Still to pay: €{left}" in email.body and "VIR" not in email.body
    event = order.events.get(type="payment_captured")
    assert (event.user, event.data["reference"]) == (staff, "VIR-001")
    assert event.data["amount"] == "20.00"

    mail.outbox.clear()
    paid_at = timezone.make_aware(datetime(2026, 12, 3, 12))
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, amount=left, reference="VIR-002", paid_at=paid_at)

    order.refresh_from_db()
    assert order.payment_status == "fully_charged"
    assert captures(order) == [(Decimal("20.00"), "VIR-001"), (left, "VIR-002")]
    assert PaymentTransaction.objects.get(provider_reference="VIR-002").occurred_at == paid_at
    assert order.payments.get().status == "succeeded"
    invoice = Invoice.objects.get(order=order)
    (email,) = mail.outbox  # the payment confirmation carries the invoice
    assert invoice.number in email.subject
    assert email.attachments[0][0] == f"{invoice.number}.pdf"


def test_more_than_is_left_nothing_and_paid_orders_are_refused():
    order = placed_order(quantities=(1,), paid=False)

    with pytest.raises(ValidationError) as too_much:
        order_mark_paid(order=order, amount=order.total + Decimal("0.01"), reference="X")
    with pytest.raises(ValidationError) as nothing:
        order_mark_paid(order=order, amount=Decimal("0"), reference="X")
    assert too_much.value.error_dict["amount"][0].code == "overpayment"
    assert nothing.value.error_dict["amount"][0].code == "invalid"
    assert captures(order) == []

    order_mark_paid(order=order, reference="ALL")  # the whole amount by default
    with pytest.raises(ValidationError) as again:
        order_mark_paid(order=order, amount=Decimal("1.00"), reference="X")
    assert again.value.code == "invalid_transition"
    assert len(captures(order)) == 1


def test_a_canceled_or_card_order_cannot_be_marked_paid():
    canceled = placed_order(paid=False)
    order_cancel(order=canceled, reason="Changed my mind")
    card = delivered_order()
    type(card).objects.filter(pk=card.pk).update(gateway="stripe")
    card.refresh_from_db()

    for order in (canceled, card):
        with pytest.raises(ValidationError) as refused:
            order_mark_paid(order=order, amount=Decimal("1.00"), reference="X")
        assert refused.value.code == "invalid_transition"


def test_the_same_submission_twice_books_once():
    order = placed_order(quantities=(1,), paid=False)

    for _attempt in range(2):
        order_mark_paid(order=order, amount=Decimal("10.00"), reference="A", idempotency_key="k1")

    assert captures(order) == [(Decimal("10.00"), "A")]


def test_a_seller_marks_an_order_paid_through_graphql():
    order = placed_order(quantities=(1,), paid=False)
    client = logged_in(seller())
    variables = {"id": order_gid(order), "input": {"amount": "5.00", "reference": "VIR-9"}}

    payload = run_payload(client, DOCUMENT, "OrderMarkPaid", **variables)

    assert payload["order"]["paymentStatus"] == "PARTIALLY_CHARGED"
    assert payload["order"]["totalCaptured"]["amount"] == "5.00"
    assert payload["order"]["paymentMethod"] == {"code": "bank_transfer", "name": "Bank transfer"}
    too_much = {"amount": str(order.total), "reference": "VIR-10"}
    [data] = run_data(
        client, DOCUMENT, "OrderMarkPaid", {"id": order_gid(order), "input": too_much}
    ).values()
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("amount", "OVERPAYMENT")]
    blank = {"amount": "1.00", "reference": "  "}
    [data] = run_data(
        client, DOCUMENT, "OrderMarkPaid", {"id": order_gid(order), "input": blank}
    ).values()
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("reference", "REQUIRED")]
    assert len(captures(order)) == 1


def test_the_admin_mark_as_paid_form_books_once_however_often_it_is_posted():
    order = placed_order(quantities=(1,), paid=False)
    client = logged_in(seller())
    page = client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    url = reverse("admin:orders_order_mark_paid", args=[order.pk])
    assert url in page

    form = client.get(url).context["form"]
    assert form["amount"].initial == order.total
    data = {
        "amount": str(order.total),
        "reference": "CHQ-123",
        "paid_at": "2026-12-03",
        "idempotency_key": form["idempotency_key"].initial,
    }
    first = client.post(url, data)
    second = client.post(url, data)

    assert first.status_code == second.status_code == 302
    order.refresh_from_db()
    assert order.payment_status == "fully_charged"
    assert captures(order) == [(order.total, "CHQ-123")]
    too_much = client.post(url, {**data, "idempotency_key": "other", "amount": "1.00"})
    assert too_much.status_code == 302  # paid in full: refused with a message, nothing booked
    assert len(captures(order)) == 1
    page = client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    assert url not in page  # nothing left to mark paid


def test_the_admin_form_shows_an_overpayment_on_the_amount():
    order = placed_order(quantities=(1,), paid=False)
    client = logged_in(seller())
    url = reverse("admin:orders_order_mark_paid", args=[order.pk])
    data = {
        "amount": str(order.total + 1),
        "reference": "VIR",
        "paid_at": "2026-12-03",
        "idempotency_key": "k",
    }

    response = client.post(url, data)

    assert response.status_code == 200
    assert "is left to pay on this order" in str(response.context["form"].errors["amount"])
    assert captures(order) == []
