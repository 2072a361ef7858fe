"""Celery tasks: the thin layer between the broker and the services.

Emails (orders.notifications), documents (orders.documents) and the periodic sweeps
(orders.housekeeping, shop.stock). Tasks are queued with transaction.on_commit by the services,
so they never see uncommitted data.
"""

import logging

from celery import Task, shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from orders import documents, housekeeping, notifications, return_documents, return_notifications
from orders.models import Order, Payment
from shop.stock import stock_release_expired

logger = logging.getLogger(__name__)

# Kept for the callers that build links outside emails.
absolute_url = notifications.absolute_url


class OrderEmailTask(Task):
    """Once Celery gives up on an order email (retries exhausted, or an error not retried), the
    failure is written on the order's timeline: never lost silently."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        order_id = args[0] if len(args) > 0 else kwargs.get("order_id")
        kind = args[1] if len(args) > 1 else kwargs.get("kind")
        params = {key: kwargs.get(key) for key in ("fulfillment_id", "refund_id", "user_id")}
        notifications.order_email_failed(
            order_id=order_id, kind=kind, error=f"{type(exc).__name__}: {exc}", **params
        )


@shared_task(
    bind=True,
    base=OrderEmailTask,
    autoretry_for=(Exception,),
    dont_autoretry_for=(Order.DoesNotExist, ValueError),
    max_retries=settings.EMAIL_MAX_RETRIES,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
)
def send_order_email(
    self, order_id: int, kind: str, fulfillment_id=None, refund_id=None, user_id=None
) -> None:
    """Email the shopper about their order (kinds: orders.notifications.KINDS)."""
    params = {"fulfillment_id": fulfillment_id, "refund_id": refund_id, "user_id": user_id}
    try:
        notifications.order_email_send(order_id=order_id, kind=kind, **params)
    except Exception as exc:
        if not self.request.is_eager:
            raise  # autoretry_for retries it with backoff; on_failure records the last failure
        # Run in the web process (no broker): no worker would retry later, and retrying here
        # would hold the request; record the failure at once.
        logger.exception("Email %s for order %s failed", kind, order_id)
        notifications.order_email_failed(
            order_id=order_id, kind=kind, error=f"{type(exc).__name__}: {exc}", **params
        )


class ReturnEmailTask(Task):
    """Like OrderEmailTask, for the emails of returns."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        return_id = args[0] if len(args) > 0 else kwargs.get("return_id")
        kind = args[1] if len(args) > 1 else kwargs.get("kind")
        return_notifications.return_email_failed(
            return_id=return_id,
            kind=kind,
            error=f"{type(exc).__name__}: {exc}",
            user_id=kwargs.get("user_id"),
        )


@shared_task(
    bind=True,
    base=ReturnEmailTask,
    autoretry_for=(Exception,),
    dont_autoretry_for=(ValueError,),
    max_retries=settings.EMAIL_MAX_RETRIES,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
)
def send_return_email(self, return_id: int, kind: str, user_id=None) -> None:
    """Email the shopper about their return (kinds: return_notifications.RETURN_KINDS)."""
    try:
        return_notifications.return_email_send(return_id=return_id, kind=kind, user_id=user_id)
    except Exception as exc:
        if not self.request.is_eager:
            raise
        logger.exception("Email %s for return %s failed", kind, return_id)
        return_notifications.return_email_failed(
            return_id=return_id, kind=kind, error=f"{type(exc).__name__}: {exc}", user_id=user_id
        )


@shared_task
def generate_credit_note(refund_id: int) -> str:
    """Make a successful refund's credit note (once); returns its number."""
    return return_documents.credit_note_generate(refund_id=refund_id).credit_note_number or ""


@shared_task
def send_payment_failed_email(payment_id: int) -> None:
    """Tell the shopper their payment was declined; their cart is kept."""
    payment = Payment.objects.select_related("checkout").get(pk=payment_id)
    checkout = payment.checkout
    if checkout is None or not checkout.email:
        return
    with translation.override(checkout.language_code):
        notifications.send_templated_email(
            to=checkout.email,
            subject=_("Your payment did not go through"),
            template="emails/payment_failed",
            context={
                "payment": payment,
                "checkout_url": absolute_url(reverse("orders:checkout")),
                "shop_name": settings.SHOP_NAME,
            },
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
