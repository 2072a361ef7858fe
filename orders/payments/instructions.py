"""What each payment method is called and what the shopper does to pay: the one wording that the
checkout, the confirmation page, the order page, the emails, the order summary PDF and the
GraphQL API all show, so that they never contradict each other."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import format_money
from orders.models import Order
from orders.models.order import OrderStatus, PaymentStatus
from orders.payments.base import GatewayName

METHOD_NAMES = {
    GatewayName.STRIPE: gettext_lazy("Credit or debit card"),
    GatewayName.BANK_TRANSFER: gettext_lazy("Bank transfer"),
    GatewayName.PAY_ON_DELIVERY: gettext_lazy("Pay on delivery"),
    GatewayName.EXCHANGE: gettext_lazy("Replacement (nothing to pay)"),
}
# What the checkout says under each choice.
METHOD_HELP = {
    GatewayName.STRIPE: gettext_lazy(
        "Visa, Mastercard or American Express, paid securely through Stripe."
    ),
    GatewayName.BANK_TRANSFER: gettext_lazy(
        "Transfer the amount to our bank account: the details and the reference to give come "
        "with your order confirmation. We prepare your order once the money arrives."
    ),
    GatewayName.PAY_ON_DELIVERY: gettext_lazy(
        "Pay the courier when your parcel arrives, in cash or by cheque. We prepare your order "
        "right away."
    ),
}


def method_name(gateway: str) -> str:
    return str(METHOD_NAMES.get(gateway, gateway))


@dataclass(frozen=True)
class PaymentInstructions:
    """What the shopper still has to do to pay, or None when nothing is due."""

    method: str
    title: str
    text: str
    amount_due: Decimal
    bank_details: str = ""
    reference: str = ""


def amount_due(order: Order, captured: Decimal) -> Decimal:
    return max(order.total - captured, Decimal("0.00"))


def payment_instructions(order: Order, *, captured: Decimal = Decimal(0)):
    """The instructions of an offline order not paid in full (`captured`: what was received),
    in the active language; None otherwise."""
    if order.status == OrderStatus.CANCELED or order.payment_status in (
        PaymentStatus.FULLY_CHARGED,
        PaymentStatus.PARTIALLY_REFUNDED,
        PaymentStatus.FULLY_REFUNDED,
    ):
        return None
    due = amount_due(order, captured)
    if due <= 0:
        return None
    amount = format_money(due, order.currency)
    if order.gateway == GatewayName.BANK_TRANSFER:
        return PaymentInstructions(
            method=order.gateway,
            title=_("How to pay by bank transfer"),
            text=_(
                "Transfer %(amount)s to the account below, with the reference %(reference)s so "
                "that we can match your payment. We prepare your order once the money arrives."
            )
            % {"amount": amount, "reference": order.number},
            amount_due=due,
            bank_details=settings.SHOP_BANK_DETAILS,
            reference=order.number,
        )
    if order.gateway == GatewayName.PAY_ON_DELIVERY:
        return PaymentInstructions(
            method=order.gateway,
            title=_("How to pay on delivery"),
            text=_(
                "Pay %(amount)s to the courier when your parcel arrives, in cash or by cheque "
                "to the order of %(shop)s. Nothing to pay now."
            )
            % {"amount": amount, "shop": settings.SHOP_NAME},
            amount_due=due,
        )
    return None
