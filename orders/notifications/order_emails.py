"""The emails that tell shoppers how their order goes, and their trace on the order's timeline.

orders.tasks.send_order_email is the Celery layer over `order_email_send` (a
core.emails.EmailTask): it retries a failed send with backoff and, once it gives up, calls
`order_email_failed`, so no email is ever lost silently. Each email is written in the order's
language, in plain text and HTML, from templates/emails/order_<kind>.(txt|html).

"Email sent" and "email failed" entries are staff-only (customer_visible=False): the shopper has
the email itself; the seller needs to see what went out and what did not.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.emails import templated_email_send
from orders.error_codes import OrderErrorCode
from orders.models import Fulfillment, Invoice, Order, OrderEvent, PaymentTransaction
from orders.outbox import OrderEmail, ReturnEmail, order_email_queue, return_email_queue
from orders.payments.instructions import payment_instructions
from orders.payments.selectors import order_payment_sums, refund_credited_amount

logger = logging.getLogger(__name__)

KINDS = tuple(OrderEmail)
EMAIL_EVENT_TYPES = (OrderEvent.Type.EMAIL_SENT, OrderEvent.Type.EMAIL_FAILED)


def absolute_url(path: str) -> str:
    return settings.SHOP_BASE_URL.rstrip("/") + path


def order_email_subject(kind: str, order: Order) -> str:
    """The subject of an order email, in the active language."""
    subjects = {
        OrderEmail.PLACED: _("Your order %(number)s is placed"),
        OrderEmail.PAYMENT_RECEIVED: _("We received your payment for order %(number)s"),
        OrderEmail.CONFIRMED: _("Your order %(number)s is confirmed"),
        OrderEmail.SHIPPED: _("Your order %(number)s has shipped"),
        OrderEmail.DELIVERED: _("Your order %(number)s has been delivered"),
        OrderEmail.CANCELED: _("Your order %(number)s is canceled"),
        OrderEmail.REFUNDED: _("Your refund for order %(number)s"),
    }
    invoice = _invoice(order) if kind == OrderEmail.PAYMENT_RECEIVED else None
    if invoice is not None:
        return _("Payment received — your invoice %(invoice)s") % {"invoice": invoice.number}
    return subjects[kind] % {"number": order.number}


def _invoice(order: Order) -> Invoice | None:
    """The order's invoice once its PDF is made: the payment email carries it."""
    invoice = Invoice.objects.filter(order=order).first()
    return invoice if invoice is not None and invoice.file else None


def _attachments(kind: str, order: Order) -> list[tuple[str, bytes, str]]:
    invoice = _invoice(order) if kind == OrderEmail.PAYMENT_RECEIVED else None
    if invoice is None:
        return []
    with invoice.file.open("rb") as pdf:
        return [(f"{invoice.number}.pdf", pdf.read(), "application/pdf")]


def _email_params(*, fulfillment_id=None, refund_id=None) -> dict:
    """What, besides the order and the kind, an email is about (kept on its event for resends)."""
    params = {"fulfillment_id": fulfillment_id, "refund_id": refund_id}
    return {key: value for key, value in params.items() if value is not None}


def order_email_context(order: Order, kind: str, *, fulfillment_id=None, refund_id=None) -> dict:
    context = {
        "order": order,
        "kind": kind,
        "lines": list(order.lines.all()),
        "order_url": absolute_url(reverse("orders:detail", kwargs={"token": order.token})),
        "shop_name": settings.SHOP_NAME,
    }
    if kind in (OrderEmail.SHIPPED, OrderEmail.DELIVERED):
        if fulfillment_id is not None:
            parcels = [
                Fulfillment.objects.prefetch_related("lines__order_line").get(
                    pk=fulfillment_id, order=order
                )
            ]
        else:
            parcels = list(order.fulfillments.prefetch_related("lines__order_line"))
        context["parcels"] = parcels
    if kind in (OrderEmail.PLACED, OrderEmail.PAYMENT_RECEIVED):
        captured = order_payment_sums(order).captured
        # What is left to pay and how (an offline order not paid in full), in one wording.
        context["instructions"] = payment_instructions(order, captured=captured)
    if kind == OrderEmail.PAYMENT_RECEIVED:
        context["amount"] = captured
        context["invoice"] = _invoice(order)
    if kind == OrderEmail.REFUNDED:
        refund = (
            PaymentTransaction.objects.filter(pk=refund_id, payment__order=order).first()
            if refund_id is not None
            else None
        )
        context["refund"] = refund
        context["amount"] = refund.amount if refund else order_payment_sums(order).refunded
        if refund is not None and refund.refund_id is not None:
            # One email for a whole orders.Refund, whichever payments it went through.
            context["credit"] = refund.refund
            context["amount"] = refund_credited_amount(refund.refund)
    return context


def order_email_send(
    *, order_id: int, kind: str, fulfillment_id=None, refund_id=None, user_id=None
) -> OrderEvent:
    """Email the shopper about their order and record it as an `email_sent` event.

    Raises whatever the email backend raises: the caller (the Celery task) retries, then records
    the failure with `order_email_failed`. `user_id`: the staff member who asked for a resend.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown order email kind: {kind}")
    order = (
        Order.objects.select_related("shipping_address", "billing_address")
        .prefetch_related("lines", "payments")
        .get(pk=order_id)
    )
    params = _email_params(fulfillment_id=fulfillment_id, refund_id=refund_id)
    with translation.override(order.language_code):
        context = order_email_context(order, kind, **params)
        subject = order_email_subject(kind, order)
    attachments = _attachments(kind, order)
    templated_email_send(
        to=order.email,
        subject=subject,
        template=f"emails/order_{kind}",
        context=context,
        language=order.language_code,
        attachments=attachments,
    )
    sent = {"invoice": context["invoice"].number} if attachments else {}
    return OrderEvent.objects.create(
        order=order,
        type=OrderEvent.Type.EMAIL_SENT,
        user_id=user_id,
        message=subject,
        data={"kind": kind, "to": order.email, **params, **sent},
        customer_visible=False,
    )


def order_email_failed(
    *, order_id: int, kind: str, error: str, fulfillment_id=None, refund_id=None, user_id=None
) -> OrderEvent | None:
    """Record on the timeline that an email could not be sent, after the last retry."""
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        logger.error("Email %s for missing order %s failed: %s", kind, order_id, error)
        return None
    logger.error("Email %s for order %s failed: %s", kind, order.number, error)
    with translation.override(order.language_code):
        subject = order_email_subject(kind, order) if kind in KINDS else kind
    params = _email_params(fulfillment_id=fulfillment_id, refund_id=refund_id)
    return OrderEvent.objects.create(
        order=order,
        type=OrderEvent.Type.EMAIL_FAILED,
        user_id=user_id,
        message=subject,
        data={"kind": kind, "to": order.email, "error": error[:500], **params},
        customer_visible=False,
    )


def order_resend_last_email(*, order: Order, user) -> str:
    """Send the order's last email (sent or failed) again, queued on commit. Returns its kind.

    Refused with NOT_FOUND when the order has had no email yet."""
    last = (
        OrderEvent.objects.filter(order=order, type__in=EMAIL_EVENT_TYPES)
        .order_by("-created_at", "-id")
        .first()
    )
    kind = (last.data or {}).get("kind") if last else None
    if kind and kind.startswith("return_") and last.data.get("return_id"):
        user_id = user.pk if user is not None and user.is_authenticated else None
        return_email_queue(
            last.data["return_id"], ReturnEmail(kind.removeprefix("return_")), user_id=user_id
        )
        return kind
    if kind not in KINDS:
        raise ValidationError(
            _("No email has been sent for this order yet."),
            code=OrderErrorCode.NOT_FOUND.value,
        )
    params = _email_params(
        fulfillment_id=last.data.get("fulfillment_id"), refund_id=last.data.get("refund_id")
    )
    user_id = user.pk if user is not None and user.is_authenticated else None
    order_email_queue(order.pk, kind, user_id=user_id, **params)
    return kind
