"""Celery tasks: emails to shoppers and the periodic sweep of expired stock reservations.

Tasks are queued with transaction.on_commit by the services, so they never see uncommitted data.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from orders.events import order_event
from orders.models import Order, Payment
from shop.stock import stock_release_expired

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    return settings.SHOP_BASE_URL.rstrip("/") + path


def _send(*, to: str, subject: str, template: str, context: dict) -> None:
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def order_email_subject(kind: str, order: Order) -> str:
    subjects = {
        "placed": _("Your order %(number)s is placed"),
        "canceled": _("Your order %(number)s is canceled"),
    }
    return subjects[kind] % {"number": order.number}


@shared_task(bind=True, max_retries=settings.EMAIL_MAX_RETRIES, default_retry_delay=60)
def send_order_email(self, order_id: int, kind: str) -> None:
    """Email the shopper about their order; each email sent (or given up on) is an event."""
    order = (
        Order.objects.prefetch_related("lines").select_related("shipping_address").get(pk=order_id)
    )
    with translation.override(order.language_code):
        context = {
            "order": order,
            "lines": list(order.lines.all()),
            "order_url": absolute_url(reverse("orders:detail", kwargs={"token": order.token})),
            "shop_name": settings.SHOP_NAME,
            "bank_details": settings.SHOP_BANK_DETAILS,
        }
        subject = order_email_subject(kind, order)
        try:
            _send(to=order.email, subject=subject, template=f"emails/order_{kind}", context=context)
        except Exception as exc:
            if self.request.retries >= self.max_retries or self.request.is_eager:
                order_event(
                    order=order,
                    type="email_failed",
                    message=subject,
                    data={"kind": kind, "error": str(exc)},
                    customer_visible=False,
                )
                logger.exception("Email %s for order %s failed", kind, order.number)
                return
            raise self.retry(exc=exc) from exc
        order_event(
            order=order, type="email_sent", message=subject, data={"kind": kind, "to": order.email}
        )


@shared_task
def send_payment_failed_email(payment_id: int) -> None:
    """Tell the shopper their payment was declined; their cart is kept."""
    payment = Payment.objects.select_related("checkout").get(pk=payment_id)
    checkout = payment.checkout
    if checkout is None or not checkout.email:
        return
    with translation.override(checkout.language_code):
        _send(
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
def release_expired_reservations() -> int:
    """Celery beat, every minute: free the stock of reservations past their expiry."""
    return stock_release_expired()
