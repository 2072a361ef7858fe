"""The orders' Celery work, queued by name (core.outbox): the services of every layer call these
helpers, and only orders.tasks, at the top, imports the services the tasks run.

Each constant is the name its task is registered under in orders.tasks, and each kind the
template an email is written from (templates/emails/order_<kind>, return_<kind>).
"""

from enum import StrEnum

from core.outbox import task_queue

ORDER_EMAIL_TASK = "orders.tasks.send_order_email"
RETURN_EMAIL_TASK = "orders.tasks.send_return_email"
PAYMENT_FAILED_EMAIL_TASK = "orders.tasks.send_payment_failed_email"
PACKING_SLIP_TASK = "orders.tasks.generate_packing_slip"
CREDIT_NOTE_TASK = "orders.tasks.generate_credit_note"
INVOICE_TASK = "orders.tasks.generate_invoice"


class OrderEmail(StrEnum):
    """The emails about an order (templates/emails/order_<kind>)."""

    PLACED = "placed"
    PAYMENT_RECEIVED = "payment_received"
    CONFIRMED = "confirmed"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELED = "canceled"
    REFUNDED = "refunded"


class ReturnEmail(StrEnum):
    """The emails about a return (templates/emails/return_<kind>)."""

    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    RECEIVED = "received"
    EXCHANGE = "exchange"


def order_email_queue(order_id: int, kind: OrderEmail, **params) -> None:
    """Email the shopper about their order once the transaction commits. `params`: the
    fulfillment_id, refund_id or user_id (the staff member who had it sent) it is about."""
    task_queue(ORDER_EMAIL_TASK, order_id, str(kind), **params)


def return_email_queue(return_id: int, kind: ReturnEmail, **params) -> None:
    """Email the shopper about their return once the transaction commits."""
    task_queue(RETURN_EMAIL_TASK, return_id, str(kind), **params)


def payment_failed_email_queue(payment_id: int) -> None:
    """Tell the shopper their payment was declined, once the transaction commits."""
    task_queue(PAYMENT_FAILED_EMAIL_TASK, payment_id)


def packing_slip_queue(fulfillment_id: int) -> None:
    """Make the parcel's packing slip once the transaction commits."""
    task_queue(PACKING_SLIP_TASK, fulfillment_id)


def credit_note_queue(refund_id: int) -> None:
    """Make the refund's credit note once the transaction commits."""
    task_queue(CREDIT_NOTE_TASK, refund_id)


def invoice_queue(order_id: int) -> None:
    """Issue the invoice of an order that just became fully paid, and email it with the payment
    confirmation, once the transaction commits."""
    task_queue(INVOICE_TASK, order_id)
