"""Celery tasks: the thin layer between the broker and the services, at the top of orders.

Emails (orders.notifications), documents (orders.documents) and the periodic sweeps
(orders.lifecycle.housekeeping, orders.returns.refunds, shop.stock). The services queue them by
name through orders.outbox with transaction.on_commit, so they never see uncommitted data; each
task is registered under the name the outbox uses.
"""

from celery import shared_task

from core.emails import EmailTask
from orders import outbox
from orders.documents.credit_notes import credit_note_generate
from orders.documents.invoices import invoice_issue
from orders.documents.packing_slips import packing_slip_generate
from orders.lifecycle.housekeeping import orders_cancel_unpaid
from orders.models import Order
from orders.notifications import order_emails, return_emails
from orders.notifications.payment_emails import payment_failed_email_send
from orders.returns.refunds import refunds_retry_pending
from shop.stock import stock_release_expired


@shared_task(
    bind=True,
    base=EmailTask,
    name=outbox.ORDER_EMAIL_TASK,
    not_retried=(Order.DoesNotExist, ValueError),
)
def send_order_email(
    self, order_id: int, kind: str, fulfillment_id=None, refund_id=None, user_id=None
) -> None:
    """Email the shopper about their order (kinds: orders.outbox.OrderEmail); once retries are
    exhausted, the failure is written on the order's timeline."""
    params = {"fulfillment_id": fulfillment_id, "refund_id": refund_id, "user_id": user_id}
    self.send_with_retries(
        lambda: order_emails.order_email_send(order_id=order_id, kind=kind, **params),
        on_failed=lambda error: order_emails.order_email_failed(
            order_id=order_id, kind=kind, error=error, **params
        ),
    )


@shared_task(bind=True, base=EmailTask, name=outbox.RETURN_EMAIL_TASK)
def send_return_email(self, return_id: int, kind: str, user_id=None) -> None:
    """Email the shopper about their return (kinds: orders.outbox.ReturnEmail); once retries
    are exhausted, the failure is written on the order's timeline."""
    self.send_with_retries(
        lambda: return_emails.return_email_send(return_id=return_id, kind=kind, user_id=user_id),
        on_failed=lambda error: return_emails.return_email_failed(
            return_id=return_id, kind=kind, error=error, user_id=user_id
        ),
    )


@shared_task(bind=True, base=EmailTask, max_retries=0, name=outbox.PAYMENT_FAILED_EMAIL_TASK)
def send_payment_failed_email(self, payment_id: int) -> None:
    """Tell the shopper their payment was declined; their cart is kept. Not retried, and a
    failure is only logged: a checkout has no timeline to write it on."""
    self.send_with_retries(lambda: payment_failed_email_send(payment_id=payment_id))


@shared_task(name=outbox.CREDIT_NOTE_TASK)
def generate_credit_note(refund_id: int) -> str:
    """Make a successful refund's credit note (once); returns its number."""
    return credit_note_generate(refund_id=refund_id).credit_note_number or ""


@shared_task(name=outbox.INVOICE_TASK)
def generate_invoice(order_id: int) -> str:
    """Issue the invoice of an order that became fully paid (once) and email it with the
    payment confirmation; returns its number ("" for an order canceled meanwhile)."""
    invoice = invoice_issue(order_id=order_id)
    return invoice.number if invoice is not None else ""


@shared_task(name=outbox.PACKING_SLIP_TASK)
def generate_packing_slip(fulfillment_id: int) -> str:
    """Make a parcel's packing slip (once); returns the file's name."""
    return packing_slip_generate(fulfillment_id=fulfillment_id).packing_slip.name


@shared_task
def release_expired_reservations() -> int:
    """Celery beat, every minute: free the stock of reservations past their expiry."""
    return stock_release_expired()


@shared_task
def retry_pending_refunds() -> int:
    """Celery beat, every 10 minutes: send again the refunds whose provider never answered."""
    return refunds_retry_pending()


@shared_task
def cancel_unpaid_orders() -> int:
    """Celery beat, every hour: cancel offline orders left unpaid for
    SHOP_UNPAID_ORDER_CANCEL_HOURS; returns how many were canceled."""
    return orders_cancel_unpaid()
