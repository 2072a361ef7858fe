"""The offline gateways: bank transfer and pay on delivery. Nothing is charged online; staff
record the money when it arrives (orders.payments.ledger.order_mark_paid). A refund is money
paid back by bank transfer: recorded at once, with the reference to put on the transfer."""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from orders.payments.base import (
    GatewayError,
    GatewayName,
    ProviderPayment,
    ProviderRefund,
    ProviderStatus,
)


class OfflineGateway:
    needs_client_confirmation = False

    def __init__(self, name: GatewayName = GatewayName.BANK_TRANSFER):
        self.name = name

    def create_payment(
        self, *, amount: Decimal, currency: str, idempotency_key: str, email, metadata
    ):
        status = (
            ProviderStatus.SUCCEEDED
            if settings.OFFLINE_GATEWAY_MARK_PAID
            else ProviderStatus.PENDING
        )
        return ProviderPayment(
            reference=f"{self.name}-{idempotency_key}",
            status=status,
            amount=amount,
            currency=currency,
        )

    def retrieve_payment(self, *, reference: str) -> ProviderPayment:
        # Never asked: needs_client_confirmation is False, the order is placed at once.
        raise GatewayError(_("Offline payments are confirmed by the shop when they arrive."))

    def cancel_payment(self, *, reference: str, idempotency_key: str) -> ProviderPayment:
        return ProviderPayment(
            reference=reference, status=ProviderStatus.CANCELED, amount=Decimal(0), currency=""
        )

    def refund(self, *, reference, amount, currency, idempotency_key, reason) -> ProviderRefund:
        # Paid back by bank transfer: no provider reference; the ledger row keeps the one the
        # seller gave, or the order number (orders.payments.refunds).
        return ProviderRefund(reference="", status=ProviderStatus.SUCCEEDED, amount=amount)
