"""The offline gateway: pay on delivery or by bank transfer. Nothing is charged online; staff
record the money when it arrives. Refunds are recorded as manual ones (a transfer back)."""

import uuid
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
    name = GatewayName.OFFLINE
    needs_client_confirmation = False

    def create_payment(
        self, *, amount: Decimal, currency: str, idempotency_key: str, email, metadata
    ):
        status = (
            ProviderStatus.SUCCEEDED
            if settings.OFFLINE_GATEWAY_MARK_PAID
            else ProviderStatus.PENDING
        )
        return ProviderPayment(
            reference=f"offline-{idempotency_key}", status=status, amount=amount, currency=currency
        )

    def retrieve_payment(self, *, reference: str) -> ProviderPayment:
        # Never asked: needs_client_confirmation is False, the order is placed at once.
        raise GatewayError(_("Offline payments are confirmed by the shop when they arrive."))

    def cancel_payment(self, *, reference: str, idempotency_key: str) -> ProviderPayment:
        return ProviderPayment(
            reference=reference, status=ProviderStatus.CANCELED, amount=Decimal(0), currency=""
        )

    def refund(self, *, reference, amount, currency, idempotency_key, reason) -> ProviderRefund:
        return ProviderRefund(
            reference=f"manual-{uuid.uuid4()}", status=ProviderStatus.SUCCEEDED, amount=amount
        )
