"""The email that tells a shopper their payment was declined (their cart is kept)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.emails import templated_email_send
from orders.models import Payment
from orders.notifications.order_emails import absolute_url


def payment_failed_email_send(*, payment_id: int) -> None:
    """Email the checkout's address, in the checkout's language; raises whatever the email
    backend raises. Nothing is sent for a checkout without an email address."""
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
    templated_email_send(
        to=checkout.email,
        subject=subject,
        template="emails/payment_failed",
        context=context,
        language=checkout.language_code,
    )
