"""The emails of returns, in the order's language, from templates/emails/return_<kind>.(txt|html),
each recorded on the order's timeline like the order emails (orders.notifications). The approval
email carries the PDF return slip. orders.tasks.send_return_email retries and records failures."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.emails import templated_email_send
from orders.documents.return_slips import return_slip_generate
from orders.models import OrderEvent, ReturnRequest
from orders.notifications.order_emails import absolute_url
from orders.outbox import ReturnEmail

RETURN_KINDS = tuple(ReturnEmail)


def return_email_subject(kind: str, return_request: ReturnRequest) -> str:
    subjects = {
        ReturnEmail.REQUESTED: _("Your return request %(number)s"),
        ReturnEmail.APPROVED: _("Your return %(number)s is approved"),
        ReturnEmail.REJECTED: _("Your return %(number)s was not accepted"),
        ReturnEmail.RECEIVED: _("We received your return %(number)s"),
        ReturnEmail.EXCHANGE: _("Your replacement for return %(number)s"),
    }
    return subjects[kind] % {"number": return_request.number}


def _event_data(kind, return_request, to, **extra) -> dict:
    return {
        "kind": f"return_{kind}",
        "return": return_request.number,
        "return_id": return_request.pk,
        "to": to,
        **extra,
    }


def return_email_send(*, return_id: int, kind: str, user_id=None) -> OrderEvent:
    """Email the shopper about their return; raises whatever the email backend raises."""
    if kind not in RETURN_KINDS:
        raise ValueError(f"Unknown return email kind: {kind}")
    return_request = ReturnRequest.objects.select_related(
        "order__shipping_address", "exchange_order"
    ).get(pk=return_id)
    order = return_request.order
    if kind == ReturnEmail.APPROVED:
        return_request = return_slip_generate(return_id=return_id)
    with translation.override(order.language_code):
        context = {
            "return_request": return_request,
            "order": order,
            "return_lines": list(return_request.lines.select_related("order_line")),
            "return_address": settings.SHOP_RETURN_ADDRESS,
            "order_url": absolute_url(reverse("orders:detail", kwargs={"token": order.token})),
            "shop_name": settings.SHOP_NAME,
        }
        subject = return_email_subject(kind, return_request)
    attachments = []
    if kind == ReturnEmail.APPROVED:
        with return_request.return_slip.open("rb") as slip:
            attachments.append((f"{return_request.number}.pdf", slip.read(), "application/pdf"))
    templated_email_send(
        to=order.email,
        subject=subject,
        template=f"emails/return_{kind}",
        context=context,
        language=order.language_code,
        attachments=attachments,
    )
    return OrderEvent.objects.create(
        order=order,
        type=OrderEvent.Type.EMAIL_SENT,
        user_id=user_id,
        message=subject,
        data=_event_data(kind, return_request, order.email),
        customer_visible=False,
    )


def return_email_failed(*, return_id: int, kind: str, error: str, user_id=None):
    """Record on the timeline that a return email could not be sent, after the last retry."""
    return_request = ReturnRequest.objects.select_related("order").filter(pk=return_id).first()
    if return_request is None:
        return None
    order = return_request.order
    with translation.override(order.language_code):
        subject = return_email_subject(kind, return_request) if kind in RETURN_KINDS else kind
    return OrderEvent.objects.create(
        order=order,
        type=OrderEvent.Type.EMAIL_FAILED,
        user_id=user_id,
        message=subject,
        data=_event_data(kind, return_request, order.email, error=error[:500]),
        customer_visible=False,
    )
