"""Paying for a checkout: start a payment (the stock reserved), then complete it, from the
shopper's browser or the provider's webhook, into an order (orders.checkout.placement).

Rules (DESIGN.md, LESSONS.md): stock is reserved under row locks, then the locks are released
before the provider is called; every provider call carries an idempotency key; every money
movement is a PaymentTransaction row (orders.payments.ledger).
"""

import logging
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from content.selectors import terms_revision_current
from core.errors import typed_error
from orders.checkout.placement import order_place
from orders.checkout.services import checkout_fingerprint, checkout_validate_ready
from orders.checkout.snapshot import checkout_snapshot
from orders.checkout.stock_holds import (
    checkout_hold_expiry,
    unpaid_order_placed,
    unpaid_orders_check,
)
from orders.error_codes import CheckoutErrorCode
from orders.models import Checkout, Order, Payment, PaymentTransaction
from orders.payments.base import GatewayError, ProviderPayment, ProviderStatus, is_offline
from orders.payments.gateways import get_gateway
from orders.payments.ledger import (
    ledger_write,
    payment_cancel,
    payment_fail,
    payment_record_capture,
)
from orders.payments.refunds import payment_refund_after_commit
from shop.stock import InsufficientStock, ShareExceeded, stock_release, stock_reserve

logger = logging.getLogger(__name__)


def _variant_error(shortage, message: str, code: CheckoutErrorCode) -> ValidationError:
    """The typed error of the first variant a reservation refused, with what is available."""
    first = shortage.shortages[0]
    return typed_error(
        message,
        code,
        field="lines",
        available=first.available,
        name=str(first.variant),
        sku=first.variant.sku,
        variant_id=first.variant.pk,
    )


def _stock_error(shortage: InsufficientStock) -> ValidationError:
    return _variant_error(
        shortage,
        _("Only %(available)s left of %(name)s (%(sku)s)."),
        CheckoutErrorCode.INSUFFICIENT_STOCK,
    )


def _share_error(over: ShareExceeded) -> ValidationError:
    return _variant_error(
        over,
        _("You can buy at most %(available)s of %(name)s (%(sku)s) in one order."),
        CheckoutErrorCode.QUANTITY_GREATER_THAN_LIMIT,
    )


def checkout_terms_check(checkout: Checkout, *, accept: bool) -> None:
    """Record the terms of sale accepted now, or refuse to go on without them (see
    payment_start). Call holding the checkout's row lock."""
    terms = terms_revision_current()
    if terms is None:
        return
    if accept:
        if checkout.terms_revision_id != terms.pk:
            checkout.terms_revision = terms
            checkout.save(update_fields=["terms_revision", "updated_at"])
        return
    if checkout.terms_revision_id is None:
        raise typed_error(
            _("Please accept the terms of sale to place your order."),
            CheckoutErrorCode.TERMS_NOT_ACCEPTED,
            field="acceptTerms",
        )


def payment_start(
    *,
    checkout: Checkout,
    gateway_name: str,
    ip: str | None = None,
    accept_terms: bool = False,
) -> Payment:
    """Reserve the stock and open a payment with the gateway for the checkout's total.

    When the shop publishes terms of sale, nothing is paid before the shopper accepts them:
    `accept_terms` records the revision accepted now on the checkout (it goes to the order);
    without it, and none accepted before, TERMS_NOT_ACCEPTED (field acceptTerms).

    Asking again for an unchanged checkout returns the same payment (and renews the
    reservation, within the limits of orders.checkout.stock_holds); after a change, the old
    payment is canceled and a new one made. `ip` is the shopper's address
    (core.http.client_ip), counted by the per-address limits; None from a task or a command.
    """
    gateway = get_gateway(gateway_name)
    with transaction.atomic():
        checkout = Checkout.objects.select_for_update().get(pk=checkout.pk)
        totals = checkout_validate_ready(checkout)
        checkout_terms_check(checkout, accept=accept_terms)
        fingerprint = checkout_fingerprint(totals, checkout)
        if is_offline(gateway_name):
            unpaid_orders_check(checkout=checkout, ip=ip)
        expires_at = checkout_hold_expiry(checkout=checkout, ip=ip, now=timezone.now())
        try:
            stock_reserve(
                checkout_token=checkout.token,
                quantities={line.variant.pk: line.quantity for line in totals.lines},
                expires_at=expires_at,
                max_share=settings.SHOP_RESERVATION_MAX_SHARE,
                min_units=settings.SHOP_RESERVATION_MIN_UNITS,
            )
        except InsufficientStock as shortage:
            raise _stock_error(shortage) from None
        except ShareExceeded as over:
            raise _share_error(over) from None
        pending = list(checkout.payments.select_for_update().filter(status=Payment.Status.PENDING))
        payment = next(
            (p for p in pending if p.gateway == gateway_name and p.fingerprint == fingerprint),
            None,
        )
        stale = [p.pk for p in pending if p is not payment]
        if payment is None:
            payment = Payment.objects.create(
                checkout=checkout,
                gateway=gateway_name,
                amount=totals.total,
                currency=totals.currency,
                idempotency_key=f"payment-{checkout.token}-{uuid.uuid4()}",
                fingerprint=fingerprint,
                # What the shopper pays for: the order is placed from it once paid.
                snapshot=checkout_snapshot(checkout=checkout, totals=totals),
            )
    # The stock locks are released: now talk to the provider.
    for payment_id in stale:
        payment_cancel(payment_id=payment_id)
    if payment.provider_reference:
        return payment
    try:
        provider = gateway.create_payment(
            amount=payment.amount,
            currency=payment.currency,
            idempotency_key=payment.idempotency_key,
            email=checkout.email,
            metadata={"checkout": str(checkout.token), "payment": str(payment.pk)},
        )
    except GatewayError as exc:
        with transaction.atomic():
            # The shopper sees this error on the page: no email about it.
            payment_fail(payment_id=payment.pk, message=exc.message, notify=False)
        raise typed_error(exc.message, CheckoutErrorCode.PAYMENT_FAILED, field="gateway") from None
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if not payment.provider_reference:
            payment.provider_reference = provider.reference
            payment.client_secret = provider.client_secret
            payment.save(update_fields=["provider_reference", "client_secret", "updated_at"])
            ledger_write(
                payment,
                PaymentTransaction.Kind.AUTHORIZATION,
                PaymentTransaction.Status.PENDING,
                provider.reference,
                provider.amount,
            )
    return payment


def checkout_complete(*, checkout: Checkout, ip: str | None = None) -> Order:
    """Place the order once the payment is good: verified with the provider for Stripe, at once
    for the offline gateway (unpaid, unless OFFLINE_GATEWAY_MARK_PAID). Idempotent.

    An unpaid offline order past the limits of orders.checkout.stock_holds is refused
    (TOO_MANY_UNPAID_ORDERS) and the checkout's reservation freed; `ip` as for payment_start."""
    existing = Order.objects.filter(checkout_token=checkout.token).first()
    if existing is not None:
        return existing
    # Failed ones too: the shopper may have paid the same PaymentIntent with another card.
    payments = checkout.payments.exclude(status=Payment.Status.CANCELED)
    payment = payments.order_by("-created_at", "-id").first()
    if payment is None or not payment.provider_reference:
        raise typed_error(
            _("Start the payment before placing the order."),
            CheckoutErrorCode.PAYMENT_PENDING,
            field="id",
        )
    gateway = get_gateway(payment.gateway)
    if not gateway.needs_client_confirmation:
        try:
            unpaid_orders_check(checkout=checkout, ip=ip)
        except ValidationError:
            with transaction.atomic():
                stock_release(checkout_token=checkout.token)
            raise
        order = order_place(
            checkout_id=checkout.pk,
            payment_id=payment.pk,
            captured_amount=payment.amount if settings.OFFLINE_GATEWAY_MARK_PAID else None,
        )
        unpaid_order_placed(order=order, ip=ip)
        return order
    try:
        provider = gateway.retrieve_payment(reference=payment.provider_reference)
    except GatewayError as exc:
        raise typed_error(exc.message, CheckoutErrorCode.PAYMENT_FAILED, field="id") from None
    return payment_confirmed_by_provider(provider=provider) or _not_paid(payment, provider)


def _not_paid(payment: Payment, provider: ProviderPayment):
    if provider.status in (ProviderStatus.FAILED, ProviderStatus.CANCELED):
        message = provider.failure_message or _("The payment was declined.")
        raise typed_error(message, CheckoutErrorCode.PAYMENT_FAILED, field="id")
    raise typed_error(
        _("The payment is not complete yet."), CheckoutErrorCode.PAYMENT_PENDING, field="id"
    )


def payment_confirmed_by_provider(*, provider: ProviderPayment) -> Order | None:
    """The provider says a payment succeeded (checkoutComplete or a webhook): place the order.
    Returns None when the provider's payment is not (yet) a success or is not ours."""
    if provider.status != ProviderStatus.SUCCEEDED:
        return None
    payment = Payment.objects.filter(provider_reference=provider.reference).first()
    if payment is None:
        logger.warning("Succeeded payment %s is not one of ours", provider.reference)
        return None
    if payment.checkout_id is None:
        payment_orphan_refund(payment_id=payment.pk, amount=provider.amount)
        return None
    if provider.amount != payment.amount or provider.currency.upper() != payment.currency:
        # order_place books what was really received and refunds it if it does not match.
        logger.error("Payment %s: provider amount %s differs", payment.pk, provider.amount)
    return order_place(
        checkout_id=payment.checkout_id, payment_id=payment.pk, captured_amount=provider.amount
    )


def payment_orphan_refund(*, payment_id: int, amount: Decimal) -> None:
    """A payment of ours that succeeded after its checkout was deleted (merged into the
    shopper's account cart at sign-in, orders.checkout.services.checkout_merge): no order can
    be placed for it, so the money is booked and given back in full, with the reason in the
    ledger (the payment's admin page) and an error in the log. Idempotent."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if payment.status == Payment.Status.SUCCEEDED:
            return
        payment_record_capture(payment=payment, order=None, amount=amount)
        payment_refund_after_commit(
            payment=payment,
            amount=amount,
            reason=_("No order could be placed: the cart of this payment no longer exists."),
            idempotency_key=f"auto-refund-{payment.pk}",
        )
    logger.error("Payment %s succeeded with no checkout left: refunded %s", payment.pk, amount)
