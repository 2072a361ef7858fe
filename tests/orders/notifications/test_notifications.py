"""The order emails (orders/notifications/order_emails.py, orders/tasks.py): one per step of
the order, in plain text and HTML, in the order's language, each on the timeline; failures
recorded; resend."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from graphql_relay import to_global_id

from orders.lifecycle.cancel import order_cancel
from orders.lifecycle.fulfillment import order_fulfill, order_mark_delivered
from orders.lifecycle.transitions import order_confirm
from orders.models import OrderEvent, Payment
from orders.notifications.order_emails import order_resend_last_email
from orders.payments.ledger import order_mark_paid
from orders.payments.refunds import payment_refund_after_commit
from tests.api import graphql
from tests.clients import logged_in
from tests.files import BROKEN_EMAIL_BACKEND
from tests.orders.order_builders import placed_order, seller

pytestmark = pytest.mark.django_db


def _email_events(order, type="email_sent"):
    return list(order.events.filter(type=type).order_by("id"))


def _html(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_each_step_of_an_order_sends_its_email_and_writes_it_on_the_timeline(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        order = placed_order(quantities=(2, 1), paid=False)
    staff = seller()
    [line_a, line_b] = order.lines.all()

    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, user=staff)
    with django_capture_on_commit_callbacks(execute=True):
        order_confirm(order=order, user=staff)
    with django_capture_on_commit_callbacks(execute=True):
        order_fulfill(
            order=order, lines=[(line_a.pk, 2)], carrier="colissimo", tracking_number="6A123"
        )
    with django_capture_on_commit_callbacks(execute=True):
        order_fulfill(order=order, lines=[(line_b.pk, 1)], carrier="ups", tracking_number="1Z999")
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_delivered(order=order, user=staff)

    subjects = [message.subject for message in mail.outbox]
    number = order.number
    assert subjects == [
        f"Your order {number} is placed",
        f"Payment received — your invoice F-{order.created_at.year}-000001",
        f"Your order {number} is confirmed",
        f"Your order {number} has shipped",
        f"Your order {number} has shipped",
        f"Your order {number} has been delivered",  # one email for both parcels
    ]
    assert all(message.to == ["alice@example.com"] for message in mail.outbox)
    assert all(str(order.token) in message.body for message in mail.outbox)

    paid = mail.outbox[1]
    assert "€79.90" in paid.body and "€79.90" in _html(paid)
    [(filename, _pdf, mimetype)] = paid.attachments
    assert (filename, mimetype) == (f"F-{order.created_at.year}-000001.pdf", "application/pdf")

    first_parcel, second_parcel = mail.outbox[3], mail.outbox[4]
    colissimo = "https://www.laposte.fr/outils/suivre-vos-envois?code=6A123"
    for part in (first_parcel.body, _html(first_parcel)):
        assert "La Poste Colissimo" in part
        assert "6A123" in part
        assert colissimo in part
        assert "1Z999" not in part
    assert 'href="https://www.ups.com/track?tracknum=1Z999"' in _html(second_parcel)
    assert "https://www.ups.com/track?tracknum=1Z999" in second_parcel.body

    events = _email_events(order)
    assert [event.data["kind"] for event in events] == [
        "placed",
        "payment_received",
        "confirmed",
        "shipped",
        "shipped",
        "delivered",
    ]
    assert {event.data["to"] for event in events} == {"alice@example.com"}
    assert not any(event.customer_visible for event in events)
    assert events[3].data["fulfillment_id"] == order.fulfillments.get(number=1).pk
    assert _email_events(order, "email_failed") == []
    delivered = mail.outbox[-1].body
    assert "6A123" in delivered and "1Z999" in delivered  # both parcels named


def test_canceling_emails_the_shopper(django_capture_on_commit_callbacks):
    order = placed_order(paid=False)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=order, reason="Out of paper")

    [message] = mail.outbox
    assert message.subject == f"Your order {order.number} is canceled"
    assert "Out of paper" in message.body
    assert [event.data["kind"] for event in _email_events(order)] == ["canceled"]


def test_a_refund_emails_the_amount(django_capture_on_commit_callbacks):
    order = placed_order(paid=True)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        payment = Payment.objects.select_for_update().get(order=order)
        refund = payment_refund_after_commit(
            payment=payment, amount=Decimal("12.50"), reason="Scratched box", idempotency_key="r1"
        )

    [message] = mail.outbox
    assert message.subject == f"Your refund for order {order.number}"
    assert "€12.50" in message.body and "€12.50" in _html(message)
    assert "Scratched box" in message.body
    [event] = _email_events(order)
    assert (event.data["kind"], event.data["refund_id"]) == ("refunded", refund.pk)


def test_emails_are_written_in_the_orders_language(django_capture_on_commit_callbacks):
    order = placed_order(paid=True)
    order.language_code = "fr"
    order.save(update_fields=["language_code"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=order)

    [message] = mail.outbox
    assert "annulée" in message.subject
    assert "Bonjour Alice" in message.body


def test_a_failed_send_is_recorded_on_the_timeline_not_lost(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = placed_order(paid=True)
    settings.EMAIL_BACKEND = BROKEN_EMAIL_BACKEND

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = order_confirm(order=order)

    assert confirmed.status == "unfulfilled"  # the order moved on all the same
    [failed] = _email_events(order, "email_failed")
    assert failed.data["kind"] == "confirmed"
    assert failed.data["to"] == "alice@example.com"
    assert "SMTP server down" in failed.data["error"]
    assert failed.message == f"Your order {order.number} is confirmed"
    assert not failed.customer_visible
    # Paid at placement: the order email, then the payment confirmation with the invoice.
    sent = [event.data["kind"] for event in _email_events(order)]
    assert sent == ["placed", "payment_received"]


def test_the_seller_resends_the_last_email_even_a_failed_one(
    settings, django_capture_on_commit_callbacks
):
    order = placed_order(paid=True)
    staff = seller()
    [line, _other] = order.lines.all()
    settings.EMAIL_BACKEND = BROKEN_EMAIL_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        parcel = order_fulfill(
            order=order, lines=[(line.pk, 1)], carrier="dhl", tracking_number="JD01"
        )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        kind = order_resend_last_email(order=order, user=staff)

    assert kind == "shipped"
    [message] = mail.outbox
    assert "JD01" in message.body
    last = _email_events(order)[-1]
    assert (last.data["kind"], last.data["fulfillment_id"], last.user) == (
        "shipped",
        parcel.pk,
        staff,
    )


def test_resending_with_no_email_yet_is_refused():
    order = placed_order(paid=True)
    OrderEvent.objects.filter(order=order, type="email_sent").delete()

    with pytest.raises(ValidationError) as info:
        order_resend_last_email(order=order, user=None)

    assert info.value.code == "not_found"


RESEND = """
mutation ($id: ID!) {
  orderResendLastEmail(id: $id) { kind order { number } errors { field code message } }
}
"""


def test_order_resend_last_email_through_graphql_needs_the_sellers_permission(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        order = placed_order(paid=True)
    variables = {"id": to_global_id("Order", str(order.token))}
    mail.outbox.clear()

    anonymous = graphql(Client(), RESEND, variables)["data"]["orderResendLastEmail"]
    assert [e["code"] for e in anonymous["errors"]] == ["PERMISSION_DENIED"]
    assert mail.outbox == []

    client = logged_in(seller())
    with django_capture_on_commit_callbacks(execute=True):
        payload = graphql(client, RESEND, variables)["data"]["orderResendLastEmail"]
    assert payload["errors"] == []
    # Paid at placement, the last email is the payment confirmation with the invoice.
    assert (payload["kind"], payload["order"]["number"]) == ("payment_received", order.number)
    [message] = mail.outbox
    assert message.subject == f"Payment received — your invoice {order.invoice.number}"
    assert [name for name, *_rest in message.attachments] == [f"{order.invoice.number}.pdf"]
