"""Celery tasks: the thin layer between the broker and the services.

Emails (orders.notifications), documents (orders.documents) and the periodic sweeps
(orders.housekeeping, shop.stock). Tasks are queued with transaction.on_commit by the services,
so they never see uncommitted data.
"""

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.emails import EmailTask, templated_email_send
from orders import documents, housekeeping, notifications, return_documents, return_notifications
from orders.models import Order, Payment
from shop.stock import stock_release_expired

# Kept for the callers that build links outside emails.
absolute_url = notifications.absolute_url


@shared_task(bind=True, base=EmailTask, not_retried=(Order.DoesNotExist, ValueError))
def send_order_email(
    self, order_id: int, kind: str, fulfillment_id=None, refund_id=None, user_id=None
) -> None:
    """Email the shopper about their order (kinds: orders.notifications.KINDS); once retries
    are exhausted, the failure is written on the order's timeline."""
    params = {"fulfillment_id": fulfillment_id, "refund_id": refund_id, "user_id": user_id}
    self.send_with_retries(
        lambda: notifications.order_email_send(order_id=order_id, kind=kind, **params),
        on_failed=lambda error: notifications.order_email_failed(
            order_id=order_id, kind=kind, error=error, **params
        ),
    )


@shared_task(bind=True, base=EmailTask)
def send_return_email(self, return_id: int, kind: str, user_id=None) -> None:
    """Email the shopper about their return (kinds: return_notifications.RETURN_KINDS); once
    retries are exhausted, the failure is written on the order's timeline."""
    self.send_with_retries(
        lambda: return_notifications.return_email_send(
            return_id=return_id, kind=kind, user_id=user_id
        ),
        on_failed=lambda error: return_notifications.return_email_failed(
            return_id=return_id, kind=kind, error=error, user_id=user_id
        ),
    )


@shared_task
def generate_credit_note(refund_id: int) -> str:
    """Make a successful refund's credit note (once); returns its number."""
    return return_documents.credit_note_generate(refund_id=refund_id).credit_note_number or ""


@shared_task(bind=True, base=EmailTask, max_retries=0)
def send_payment_failed_email(self, payment_id: int) -> None:
    """Tell the shopper their payment was declined; their cart is kept. Not retried, and a
    failure is only logged: a checkout has no timeline to write it on."""
    payment = Payment.objects.select_related("checkout").get(pk=payment_id)
    checkout = payment.checkout
    if checkout is None or not checkout.email:
        return
    with translation.override(checkout.language_code):
        subject = _("Your payment did not go through")
        context = {
            "payment": payment,
            "checkout_url": absolute_url(reverse("orders:checkout")),
            "shop_name": settings.SHOP_NAME,
        }
    self.send_with_retries(
        lambda: templated_email_send(
            to=checkout.email,
            subject=subject,
            template="emails/payment_failed",
            context=context,
            language=checkout.language_code,
        )
    )


@shared_task
def generate_invoice(order_id: int) -> str:
    """Make the order's invoice (once); returns its number."""
    return documents.invoice_get_or_create(order=Order.objects.get(pk=order_id)).number


@shared_task
def generate_packing_slip(fulfillment_id: int) -> str:
    """Make a parcel's packing slip (once); returns the file's name."""
    return documents.packing_slip_generate(fulfillment_id=fulfillment_id).packing_slip.name


@shared_task
def release_expired_reservations() -> int:
    """Celery beat, every minute: free the stock of reservations past their expiry."""
    return stock_release_expired()


@shared_task
def retry_pending_refunds() -> int:
    """Celery beat, every 10 minutes: send again the refunds whose provider never answered."""
    from orders.refunds import refunds_retry_pending

    return refunds_retry_pending()


@shared_task
def cancel_unpaid_orders() -> int:
    """Celery beat, every hour: cancel offline orders left unpaid for
    SHOP_UNPAID_ORDER_CANCEL_HOURS; returns how many were canceled."""
    return housekeeping.orders_cancel_unpaid()
