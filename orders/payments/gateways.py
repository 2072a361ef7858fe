"""The payment gateways: which ones a shopper may choose, and the one that took a payment."""

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import typed_error
from orders.error_codes import CheckoutErrorCode
from orders.payments.base import GatewayName, PaymentGateway, is_offline
from orders.payments.offline import OfflineGateway
from orders.payments.stripe_gateway import StripeGateway


def available_gateways() -> list[str]:
    """The gateways a shopper may choose: Stripe when a key is set, then the offline methods
    the shop accepts (SHOP_OFFLINE_PAYMENT_METHODS)."""
    names = [GatewayName.STRIPE] if settings.STRIPE_SECRET_KEY else []
    offline = [GatewayName(name) for name in settings.SHOP_OFFLINE_PAYMENT_METHODS]
    return [*names, *(name for name in offline if is_offline(name))]


def get_gateway(name: str) -> PaymentGateway:
    if name not in available_gateways():
        raise typed_error(
            _("This payment method is not available."),
            CheckoutErrorCode.GATEWAY_NOT_AVAILABLE,
            field="gateway",
        )
    if name == GatewayName.STRIPE:
        return StripeGateway()
    return OfflineGateway(GatewayName(name))
