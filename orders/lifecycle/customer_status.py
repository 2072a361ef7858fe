"""The words a shopper reads about their order: where it stands ("Preparing", "On its way") and
where its payment stands ("Paid", "To pay on delivery"), derived from the precise statuses the
seller works with (OrderStatus, PaymentStatus) and the way the order is paid. Pages, emails,
canned replies and the GraphQL API all ask here, so they never disagree."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from orders.models import Order
from orders.models.order import OrderStatus, PaymentStatus
from orders.payments.base import GatewayName


class CustomerStatus(models.TextChoices):
    RECEIVED = "received", _("Order received")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    PREPARING = "preparing", _("Preparing")
    ON_ITS_WAY = "on_its_way", _("On its way")
    DELIVERED = "delivered", _("Delivered")
    RETURNED = "returned", _("Returned")
    CANCELED = "canceled", _("Canceled")


class CustomerPaymentStatus(models.TextChoices):
    NOT_PAID = "not_paid", _("Not paid yet")
    ON_DELIVERY = "on_delivery", _("To pay on delivery")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    PAID = "paid", _("Paid")
    PARTLY_REFUNDED = "partly_refunded", _("Partly refunded")
    REFUNDED = "refunded", _("Refunded")


# Paid when the parcel arrives: not "awaiting payment" before that.
PAID_ON_DELIVERY_GATEWAYS = frozenset({GatewayName.PAY_ON_DELIVERY})

S = OrderStatus
P = PaymentStatus
SHIPPED_STATUSES = (S.PARTIALLY_FULFILLED, S.FULFILLED)
# A partly returned order was delivered; its returns show beside it.
DELIVERED_STATUSES = (S.DELIVERED, S.PARTIALLY_RETURNED)
PAID_STATUSES = (P.FULLY_CHARGED, P.PARTIALLY_REFUNDED)


def paid_on_delivery(order: Order) -> bool:
    return order.gateway in PAID_ON_DELIVERY_GATEWAYS


def customer_status(order: Order) -> CustomerStatus:
    status = order.status
    if status == S.CANCELED:
        return CustomerStatus.CANCELED
    if status == S.RETURNED:
        return CustomerStatus.RETURNED
    if status in DELIVERED_STATUSES:
        return CustomerStatus.DELIVERED
    if status in SHIPPED_STATUSES:
        return CustomerStatus.ON_ITS_WAY
    paid = order.payment_status in PAID_STATUSES or order.gateway == GatewayName.EXCHANGE
    if not paid and not paid_on_delivery(order):
        return CustomerStatus.AWAITING_PAYMENT
    if status == S.UNFULFILLED:
        return CustomerStatus.PREPARING
    return CustomerStatus.PAID if paid else CustomerStatus.RECEIVED


def customer_payment_status(order: Order) -> CustomerPaymentStatus:
    payment = order.payment_status
    if payment == P.FULLY_REFUNDED:
        return CustomerPaymentStatus.REFUNDED
    if payment == P.PARTIALLY_REFUNDED:
        return CustomerPaymentStatus.PARTLY_REFUNDED
    if payment == P.FULLY_CHARGED or order.gateway == GatewayName.EXCHANGE:
        return CustomerPaymentStatus.PAID
    if payment == P.PARTIALLY_CHARGED:
        return CustomerPaymentStatus.PARTLY_PAID
    if paid_on_delivery(order) and order.status != S.CANCELED:
        return CustomerPaymentStatus.ON_DELIVERY
    return CustomerPaymentStatus.NOT_PAID
