"""The gateway interface: what the payment services ask of a payment provider.

A gateway only talks to its provider and translates the answers; it never touches our database.
The services (orders.payments.services) hold the ledger and call these outside any row lock.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


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

    `status` is one of: "pending" (waiting for the shopper: card not yet given or 3-D Secure),
    "processing", "succeeded" (money captured), "failed" (last attempt declined; the shopper may
    retry), "canceled".
    """

    reference: str
    status: str
    amount: Decimal
    currency: str
    client_secret: str = ""
    failure_message: str = ""


@dataclass(frozen=True)
class ProviderRefund:
    reference: str
    status: str  # "succeeded", "pending" or "failed"
    amount: Decimal


class PaymentGateway(Protocol):
    name: str  # "offline" | "stripe"
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
