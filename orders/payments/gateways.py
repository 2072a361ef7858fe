"""The payment gateways: which ones a shopper may choose, and the one that took a payment."""

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import typed_error
from orders.error_codes import CheckoutErrorCode
from orders.payments.base import GatewayName, PaymentGateway
from orders.payments.offline import OfflineGateway
from orders.payments.stripe_gateway import StripeGateway


def available_gateways() -> list[str]:
    """The gateways a shopper may choose: Stripe when a key is set, and the offline one."""
    names = [GatewayName.STRIPE] if settings.STRIPE_SECRET_KEY else []
    return [*names, GatewayName.OFFLINE]


def get_gateway(name: str) -> PaymentGateway:
    if name not in available_gateways():
        raise typed_error(
            _("This payment method is not available."),
            CheckoutErrorCode.GATEWAY_NOT_AVAILABLE,
            field="gateway",
        )
    if name == GatewayName.STRIPE:
        return StripeGateway()
    return OfflineGateway()
