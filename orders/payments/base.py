"""The gateway interface: what the payment services ask of a payment provider.

A gateway only talks to its provider and translates the answers; it never touches our database.
The services (orders.checkout.payment, orders.payments.ledger and refunds) hold the ledger and
call these outside any row lock.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Protocol


class GatewayName(StrEnum):
    """A gateway's name, as chosen at checkout and stored in Payment.gateway and Order.gateway.
    BANK_TRANSFER and PAY_ON_DELIVERY are the two offline methods: nothing is charged online,
    staff record the money when it arrives (orders.payments.ledger.order_mark_paid). EXCHANGE
    marks a replacement order (orders.returns.exchanges): nothing was paid, no gateway is behind
    it."""

    STRIPE = "stripe"
    BANK_TRANSFER = "bank_transfer"
    PAY_ON_DELIVERY = "pay_on_delivery"
    EXCHANGE = "exchange"


OFFLINE_GATEWAYS = frozenset({GatewayName.BANK_TRANSFER, GatewayName.PAY_ON_DELIVERY})


def is_offline(name: str) -> bool:
    """Whether the method is paid outside the shop (bank transfer, on delivery)."""
    return name in OFFLINE_GATEWAYS


class ProviderStatus(StrEnum):
    """Where a payment or refund stands at the provider (ProviderPayment and ProviderRefund)."""

    PENDING = "pending"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


class GatewayError(Exception):
    """The provider refused or could not be reached; `message` is safe to show a shopper."""

    def __init__(self, message: str, *, code: str = "", retryable: bool = False):
        super().__init__(message)
        self.message = message
        self.code = code
        self.retryable = retryable


@dataclass(frozen=True)
class ProviderPayment:
    """A payment as the provider sees it.

    `status` (a ProviderStatus) is one of: PENDING (waiting for the shopper: card not yet given or
    3-D Secure), PROCESSING, SUCCEEDED (money captured), FAILED (last attempt declined; the shopper
    may retry), CANCELED.
    """

    reference: str
    status: ProviderStatus
    amount: Decimal
    currency: str
    client_secret: str = ""
    failure_message: str = ""


@dataclass(frozen=True)
class ProviderRefund:
    reference: str
    status: ProviderStatus  # SUCCEEDED, PENDING or FAILED
    amount: Decimal


class PaymentGateway(Protocol):
    name: GatewayName  # STRIPE, BANK_TRANSFER or PAY_ON_DELIVERY
    # Whether the shopper pays in the browser (Stripe.js) before the order can be placed.
    needs_client_confirmation: bool

    def create_payment(
        self, *, amount: Decimal, currency: str, idempotency_key: str, email: str, metadata: dict
    ) -> ProviderPayment: ...

    def retrieve_payment(self, *, reference: str) -> ProviderPayment: ...

    def cancel_payment(self, *, reference: str, idempotency_key: str) -> ProviderPayment: ...

    def refund(
        self, *, reference: str, amount: Decimal, currency: str, idempotency_key: str, reason: str
    ) -> ProviderRefund: ...
