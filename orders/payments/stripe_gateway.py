"""The Stripe gateway: PaymentIntents through the official `stripe` SDK.

The shopper confirms the card in the browser with Stripe.js and the PaymentIntent's client
secret; this module only creates, reads, cancels and refunds PaymentIntents, and translates
Stripe's answers into ProviderPayment / ProviderRefund or a GatewayError whose message can be
shown to a shopper. It holds no global SDK state: each gateway has its own StripeClient, pointed
at STRIPE_API_BASE when set (localstripe in tests).
"""

import logging
from collections.abc import Mapping
from decimal import Decimal

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

from orders.payments.base import (
    GatewayError,
    GatewayName,
    ProviderPayment,
    ProviderRefund,
    ProviderStatus,
)

logger = logging.getLogger(__name__)

# https://docs.stripe.com/currencies#zero-decimal
ZERO_DECIMAL_CURRENCIES = frozenset(
    {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga"}
    | {"pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"}
)
WAITING_FOR_SHOPPER = frozenset(
    {"requires_payment_method", "requires_confirmation", "requires_action"}
)
# Stripe's own refund statuses: "requires_action" and "pending" are still on their way.
REFUND_STATUSES = {
    "succeeded": ProviderStatus.SUCCEEDED,
    "failed": ProviderStatus.FAILED,
    "canceled": ProviderStatus.FAILED,
}
METADATA_VALUE_MAX = 500


def _exponent(currency: str) -> int:
    return 0 if currency.lower() in ZERO_DECIMAL_CURRENCIES else 2


def to_minor_units(amount: Decimal, currency: str) -> int:
    """44.70 EUR → 4470. Refuses an amount with a fraction of the smallest unit."""
    scaled = Decimal(amount).scaleb(_exponent(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} {currency} is not a whole number of minor units")
    return int(scaled)


def from_minor_units(value: int, currency: str) -> Decimal:
    exponent = _exponent(currency)
    return Decimal(int(value)).scaleb(-exponent).quantize(Decimal(1).scaleb(-exponent))


def _decline_message(code: str | None) -> str:
    """A shopper-safe, translated message for a card decline or error code."""
    messages = {
        "card_declined": _("Your card was declined."),
        "generic_decline": _("Your card was declined."),
        "do_not_honor": _("Your card was declined."),
        "insufficient_funds": _("Your card has insufficient funds."),
        "expired_card": _("Your card has expired."),
        "incorrect_cvc": _("Your card's security code is incorrect."),
        "invalid_cvc": _("Your card's security code is incorrect."),
        "incorrect_number": _("Your card number is incorrect."),
        "invalid_number": _("Your card number is incorrect."),
        "invalid_expiry_month": _("Your card's expiry date is incorrect."),
        "invalid_expiry_year": _("Your card's expiry date is incorrect."),
        "processing_error": _("An error occurred while processing your card. Please try again."),
        "payment_intent_authentication_failure": _(
            "Your bank did not confirm the payment. Please try again or use another card."
        ),
    }
    return messages.get(code or "", _("Your payment was declined. Please use another card."))


def provider_payment_from_intent(intent: Mapping) -> ProviderPayment:
    """Translate a PaymentIntent (a dict as found in a webhook event or the SDK's to_dict())."""
    status = intent["status"]
    error = intent.get("last_payment_error") or {}
    failure_message = ""
    if error:
        failure_message = _decline_message(error.get("decline_code") or error.get("code"))
    if status in WAITING_FOR_SHOPPER:
        mapped = ProviderStatus.FAILED if error else ProviderStatus.PENDING
    elif status in ("processing", "requires_capture"):
        mapped = ProviderStatus.PROCESSING  # requires_capture: authorized, not yet captured
    elif status in ("succeeded", "canceled"):
        mapped = ProviderStatus(status)
    else:
        logger.warning("Unknown PaymentIntent status %r for %s", status, intent.get("id"))
        mapped = ProviderStatus.PENDING
    currency = intent["currency"]
    return ProviderPayment(
        reference=intent["id"],
        status=mapped,
        amount=from_minor_units(intent["amount"], currency),
        currency=currency.upper(),
        client_secret=intent.get("client_secret") or "",
        failure_message=failure_message,
    )


def _gateway_error(exc: stripe.StripeError, operation: str) -> GatewayError:
    """Log what Stripe said (never the key) and give the shopper a message they can act on."""
    logger.warning(
        "Stripe %s failed: %s (HTTP %s, code %s, request %s)",
        operation,
        type(exc).__name__,
        exc.http_status,
        exc.code,
        exc.request_id,
    )
    if isinstance(exc, stripe.CardError):
        return GatewayError(_decline_message(exc.code), code=exc.code or "card_declined")
    if isinstance(exc, stripe.APIConnectionError | stripe.RateLimitError | stripe.APIError):
        return GatewayError(
            _("The payment service cannot be reached right now. Please try again in a moment."),
            code="provider_unavailable",
            retryable=True,
        )
    if isinstance(exc, stripe.AuthenticationError | stripe.PermissionError):
        logger.error("Stripe refused our API key: check STRIPE_SECRET_KEY")
        return GatewayError(
            _("Card payments are not available right now. Please choose another payment method."),
            code="provider_misconfigured",
        )
    return GatewayError(
        _("The payment could not be processed. Please try again."),
        code=exc.code or type(exc).__name__,
    )


def stripe_client() -> stripe.StripeClient:
    options = {}
    if settings.STRIPE_API_BASE:
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE.rstrip("/")}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, max_network_retries=2, **options)


class StripeGateway:
    name = GatewayName.STRIPE
    needs_client_confirmation = True

    def __init__(self, client: stripe.StripeClient | None = None):
        self.client = client or stripe_client()

    def create_payment(
        self, *, amount: Decimal, currency: str, idempotency_key: str, email: str, metadata: dict
    ) -> ProviderPayment:
        # No receipt_email: the shop sends its own confirmation (and localstripe refuses it);
        # the email is kept in the metadata so the dashboard shows whose payment it is.
        values = {**metadata, "email": email}
        params = {
            "amount": to_minor_units(amount, currency),
            "currency": currency.lower(),
            "payment_method_types": ["card"],
            "metadata": {key: str(value)[:METADATA_VALUE_MAX] for key, value in values.items()},
        }
        try:
            intent = self.client.v1.payment_intents.create(
                params=params, options={"idempotency_key": idempotency_key}
            )
        except stripe.StripeError as exc:
            raise _gateway_error(exc, "create") from exc
        return provider_payment_from_intent(intent.to_dict())

    def retrieve_payment(self, *, reference: str) -> ProviderPayment:
        try:
            intent = self.client.v1.payment_intents.retrieve(reference)
        except stripe.StripeError as exc:
            raise _gateway_error(exc, "retrieve") from exc
        return provider_payment_from_intent(intent.to_dict())

    def cancel_payment(self, *, reference: str, idempotency_key: str) -> ProviderPayment:
        try:
            intent = self.client.v1.payment_intents.cancel(
                reference, options={"idempotency_key": idempotency_key}
            )
        except stripe.InvalidRequestError as exc:
            # Refused because it is no longer cancelable: already canceled is what we wanted;
            # anything else (succeeded, processing) is an error for the caller.
            current = self.retrieve_payment(reference=reference)
            if current.status == ProviderStatus.CANCELED:
                return current
            raise _gateway_error(exc, "cancel") from exc
        except stripe.StripeError as exc:
            raise _gateway_error(exc, "cancel") from exc
        return provider_payment_from_intent(intent.to_dict())

    def refund(
        self, *, reference: str, amount: Decimal, currency: str, idempotency_key: str, reason: str
    ) -> ProviderRefund:
        params = {
            "payment_intent": reference,
            "amount": to_minor_units(amount, currency),
            "metadata": {"reason": reason[:METADATA_VALUE_MAX]},
        }
        try:
            refund = self.client.v1.refunds.create(
                params=params, options={"idempotency_key": idempotency_key}
            )
        except stripe.StripeError as exc:
            raise _gateway_error(exc, "refund") from exc
        return ProviderRefund(
            reference=refund.id,
            status=REFUND_STATUSES.get(refund.status, ProviderStatus.PENDING),
            amount=from_minor_units(refund.amount, refund.currency or currency),
        )
