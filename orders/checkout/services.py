"""Writes to a checkout: lines, email, addresses, shipping method, promo code.

Every function validates everything before it writes and runs in one transaction, so a refused
change leaves the checkout exactly as it was. Errors are ValidationErrors keyed by input field,
with codes from CheckoutErrorCode. Permission to touch the checkout is the caller's business
(orders.selectors.checkout_for_user).
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import typed_error
from customers.addresses import address_clean
from customers.models import Address
from orders.checkout.vouchers import voucher_check, voucher_find
from orders.error_codes import CheckoutErrorCode
from orders.models import Checkout, CheckoutLine, Payment, ShippingMethod
from orders.payments.ledger import payment_cancel
from orders.pricing import Totals, calculate_totals
from shop.models import ProductVariant
from shop.selectors import variants_with_reserved
from shop.stock import reserved_quantity, stock_release


def _ensure_open(checkout: Checkout) -> None:
    if checkout.status != Checkout.Status.OPEN:
        raise typed_error(
            _("This checkout has already been turned into an order."),
            CheckoutErrorCode.CHECKOUT_COMPLETED,
            field="id",
        )


def _changed(checkout: Checkout) -> None:
    """After any change that may alter the amount: payments started for the old amount are
    canceled once this transaction commits (payments_cancel_stale)."""
    checkout.save(update_fields=["updated_at"])
    checkout_id = checkout.pk
    transaction.on_commit(lambda: payments_cancel_stale(checkout_id=checkout_id))


def _check_quantities(checkout: Checkout, wanted: dict[int, int]) -> dict[int, ProductVariant]:
    """Check that each variant is for sale in the wanted quantity; returns the variants.

    What this checkout itself holds (a payment started earlier) does not count against it.
    """
    variants = {
        variant.pk: variant
        for variant in ProductVariant.objects.select_related("product").filter(pk__in=list(wanted))
    }
    held_by_others = reserved_quantity(variant_ids=variants, exclude_checkout=checkout.token)
    for variant in variants.values():
        variant.quantity_reserved = held_by_others.get(variant.pk, 0)
    limit = settings.SHOP_CART_MAX_LINE_QUANTITY
    for variant_id, quantity in wanted.items():
        variant = variants.get(variant_id)
        if variant is None or not variant.product.is_published:
            raise typed_error(
                _("This product is not for sale."), CheckoutErrorCode.NOT_FOUND, field="lines"
            )
        if quantity > limit:
            raise typed_error(
                _("You can buy at most %(limit)s of one item."),
                CheckoutErrorCode.QUANTITY_GREATER_THAN_LIMIT,
                field="quantity",
                limit=limit,
                variant_id=variant_id,
            )
        if quantity > variant.quantity_available:
            raise typed_error(
                _("Only %(available)s left of %(name)s (%(sku)s)."),
                CheckoutErrorCode.INSUFFICIENT_STOCK,
                field="quantity",
                available=variant.quantity_available,
                name=str(variant),
                sku=variant.sku,
                variant_id=variant_id,
            )
    return variants


def _set_quantities(checkout: Checkout, wanted: dict[int, int]) -> None:
    """Make the checkout's lines hold `wanted` ({variant id: quantity}; 0 removes)."""
    _ensure_open(checkout)
    for quantity in wanted.values():
        if quantity < 0:
            raise typed_error(
                _("The quantity cannot be negative."), CheckoutErrorCode.INVALID, field="quantity"
            )
    _check_quantities(checkout, {pk: qty for pk, qty in wanted.items() if qty > 0})
    existing = {line.variant_id: line for line in checkout.lines.select_for_update()}
    for variant_id, quantity in wanted.items():
        line = existing.get(variant_id)
        if quantity == 0:
            if line:
                line.delete()
        elif line:
            line.quantity = quantity
            line.save(update_fields=["quantity"])
        else:
            CheckoutLine.objects.create(checkout=checkout, variant_id=variant_id, quantity=quantity)
    _changed(checkout)


def _merge_lines(lines) -> dict[int, int]:
    merged: dict[int, int] = {}
    for variant_id, quantity in lines:
        merged[variant_id] = merged.get(variant_id, 0) + quantity
    return merged


@transaction.atomic
def checkout_create(*, user=None, email: str = "", lines=(), language_code: str = "en") -> Checkout:
    """A new checkout, or the signed-in customer's open one with these lines added."""
    if user is not None and user.is_authenticated:
        checkout = (
            Checkout.objects.select_for_update()
            .filter(user=user, status=Checkout.Status.OPEN)
            .first()
        )
        if checkout is None:
            checkout = Checkout.objects.create(
                user=user, email=email or user.email, language_code=language_code
            )
    else:
        checkout = Checkout.objects.create(email=email.strip(), language_code=language_code)
    if lines:
        checkout_lines_add(checkout=checkout, lines=lines)
    return checkout


@transaction.atomic
def checkout_lines_add(*, checkout: Checkout, lines) -> Checkout:
    """Add (variant id, quantity) pairs to what the checkout already holds."""
    for _variant_id, quantity in lines:
        if quantity < 1:
            raise typed_error(
                _("The quantity must be at least 1."), CheckoutErrorCode.INVALID, field="quantity"
            )
    current = dict(checkout.lines.values_list("variant_id", "quantity"))
    wanted = {
        variant_id: current.get(variant_id, 0) + quantity
        for variant_id, quantity in _merge_lines(lines).items()
    }
    _set_quantities(checkout, wanted)
    return checkout


@transaction.atomic
def checkout_lines_update(*, checkout: Checkout, lines) -> Checkout:
    """Set the quantity of each (variant id, quantity) pair; 0 removes the line."""
    wanted: dict[int, int] = {}
    for variant_id, quantity in lines:
        wanted[variant_id] = quantity
    _set_quantities(checkout, wanted)
    return checkout


@transaction.atomic
def checkout_lines_delete(*, checkout: Checkout, line_ids) -> Checkout:
    _ensure_open(checkout)
    line_ids = set(line_ids)
    lines = checkout.lines.filter(pk__in=line_ids)
    if len(lines) != len(line_ids):
        raise typed_error(
            _("No such line in this checkout."), CheckoutErrorCode.NOT_FOUND, field="line_ids"
        )
    lines.delete()
    _changed(checkout)
    return checkout


@transaction.atomic
def checkout_email_update(*, checkout: Checkout, email: str) -> Checkout:
    _ensure_open(checkout)
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise typed_error(
            _("Enter a valid email address."), CheckoutErrorCode.INVALID, field="email"
        ) from None
    checkout.email = email
    checkout.save(update_fields=["email", "updated_at"])
    return checkout


def _address_update(checkout: Checkout, attribute: str, data: dict) -> Address:
    _ensure_open(checkout)
    try:
        cleaned = address_clean(data)
    except ValidationError as exc:
        raise ValidationError(exc.error_dict) from None
    address = getattr(checkout, attribute)
    if address is None:
        address = Address.objects.create(**cleaned)
        setattr(checkout, attribute, address)
        checkout.save(update_fields=[f"{attribute}", "updated_at"])
    else:
        Address.objects.filter(pk=address.pk).update(**cleaned)
        for name, value in cleaned.items():
            setattr(address, name, value)
    return address


@transaction.atomic
def checkout_shipping_address_update(*, checkout: Checkout, address: dict) -> Checkout:
    """Set the delivery address; a shipping method that does not ship there is unset."""
    new = _address_update(checkout, "shipping_address", address)
    method = checkout.shipping_method
    if method is not None and not method.ships_to(new.country):
        checkout.shipping_method = None
        checkout.save(update_fields=["shipping_method", "updated_at"])
    _changed(checkout)
    return checkout


@transaction.atomic
def checkout_billing_address_update(*, checkout: Checkout, address: dict) -> Checkout:
    _address_update(checkout, "billing_address", address)
    return checkout


def checkout_shipping_methods(checkout: Checkout) -> list[ShippingMethod]:
    """The active methods that ship to the checkout's address (all active ones before it is
    known)."""
    methods = list(ShippingMethod.objects.filter(is_active=True))
    address = checkout.shipping_address
    if address is None:
        return methods
    return [method for method in methods if method.ships_to(address.country)]


@transaction.atomic
def checkout_shipping_method_update(*, checkout: Checkout, shipping_method_id: int) -> Checkout:
    _ensure_open(checkout)
    method = ShippingMethod.objects.filter(pk=shipping_method_id, is_active=True).first()
    if method is None or method not in checkout_shipping_methods(checkout):
        raise typed_error(
            _("This shipping method is not available for your address."),
            CheckoutErrorCode.SHIPPING_METHOD_NOT_AVAILABLE,
            field="delivery_method_id",
        )
    checkout.shipping_method = method
    checkout.save(update_fields=["shipping_method", "updated_at"])
    _changed(checkout)
    return checkout


@transaction.atomic
def checkout_promo_code_add(*, checkout: Checkout, code: str) -> Checkout:
    _ensure_open(checkout)
    voucher = voucher_find(code)
    voucher_check(
        voucher=voucher, subtotal=checkout_totals(checkout).subtotal, email=checkout.email
    )
    checkout.voucher = voucher
    checkout.save(update_fields=["voucher", "updated_at"])
    _changed(checkout)
    return checkout


@transaction.atomic
def checkout_promo_code_remove(*, checkout: Checkout, code: str = "") -> Checkout:
    _ensure_open(checkout)
    if checkout.voucher and (not code or checkout.voucher.code.lower() == code.strip().lower()):
        checkout.voucher = None
        checkout.save(update_fields=["voucher", "updated_at"])
        _changed(checkout)
    return checkout


def checkout_line_items(checkout: Checkout) -> list[tuple[ProductVariant, int]]:
    """(variant, quantity) pairs with products loaded, in the order they were added; read from
    the prefetched lines when the checkout comes from orders.selectors.checkouts_with_lines."""
    if "lines" in getattr(checkout, "_prefetched_objects_cache", {}):
        lines = checkout.lines.all()
    else:
        lines = checkout.lines.select_related("variant__product").order_by("created_at", "id")
    return [(line.variant, line.quantity) for line in lines]


def checkout_totals(checkout: Checkout) -> Totals:
    """The checkout priced by the one pricing function (orders.pricing.calculate_totals)."""
    return calculate_totals(
        lines=checkout_line_items(checkout),
        shipping_method=checkout.shipping_method,
        voucher=checkout.voucher,
    )


def checkout_validate_ready(checkout: Checkout) -> Totals:
    """Everything needed to pay is there and still valid; returns the totals to charge.

    The voucher is re-checked (it may have expired since it was applied) and stock is checked
    against what others hold; reservations are made by the payment service.
    """
    _ensure_open(checkout)
    lines = checkout_line_items(checkout)
    if not lines:
        raise typed_error(_("Your cart is empty."), CheckoutErrorCode.EMPTY_CHECKOUT, field="lines")
    if not checkout.email:
        raise typed_error(
            _("Enter your email address."), CheckoutErrorCode.EMAIL_REQUIRED, field="email"
        )
    if checkout.shipping_address is None:
        raise typed_error(
            _("Enter a delivery address."),
            CheckoutErrorCode.SHIPPING_ADDRESS_REQUIRED,
            field="shipping_address",
        )
    method = checkout.shipping_method
    if (
        method is None
        or not method.is_active
        or not method.ships_to(checkout.shipping_address.country)
    ):
        raise typed_error(
            _("Choose a shipping method available for your address."),
            CheckoutErrorCode.SHIPPING_METHOD_NOT_AVAILABLE,
            field="delivery_method_id",
        )
    totals = checkout_totals(checkout)
    if checkout.voucher is not None:
        voucher_check(voucher=checkout.voucher, subtotal=totals.subtotal, email=checkout.email)
    _check_quantities(checkout, {variant.pk: quantity for variant, quantity in lines})
    return totals


@transaction.atomic
def checkout_merge(*, source: Checkout, user) -> Checkout:
    """On sign-in: move the anonymous checkout's lines into the customer's open checkout
    (quantities add up, capped by stock and the per-line limit) and drop the anonymous one."""
    target = checkout_create(user=user)
    if source.pk == target.pk or source.status != Checkout.Status.OPEN:
        return target
    current = dict(target.lines.values_list("variant_id", "quantity"))
    variants = {
        v.pk: v for v in variants_with_reserved().filter(pk__in=source.lines.values("variant_id"))
    }
    for line in source.lines.all():
        variant = variants.get(line.variant_id)
        if variant is None:
            continue
        quantity = min(
            current.get(line.variant_id, 0) + line.quantity,
            settings.SHOP_CART_MAX_LINE_QUANTITY,
            variant.quantity_available,
        )
        if quantity > 0:
            CheckoutLine.objects.update_or_create(
                checkout=target, variant_id=line.variant_id, defaults={"quantity": quantity}
            )
    # A payment still running for the anonymous cart could no longer become an order.
    for payment_id in source.payments.filter(status=Payment.Status.PENDING).values_list(
        "pk", flat=True
    ):
        transaction.on_commit(lambda payment_id=payment_id: payment_cancel(payment_id=payment_id))
    source.delete()
    _changed(target)
    return target


def checkout_fingerprint(totals: Totals, checkout: Checkout) -> str:
    """What a payment is for: lines, prices, shipping and total. A change makes a new payment."""
    parts = [f"{line.variant.pk}:{line.quantity}:{line.unit_price}" for line in totals.lines]
    parts += [str(checkout.shipping_method_id), str(checkout.voucher_id), str(totals.total)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def payments_cancel_stale(*, checkout_id: int) -> None:
    """After a checkout changed: cancel its pending payments made for another content, and free
    the stock they held (the next payment reserves again)."""
    checkout = Checkout.objects.filter(pk=checkout_id, status=Checkout.Status.OPEN).first()
    if checkout is None:
        return
    pending = list(checkout.payments.filter(status=Payment.Status.PENDING))
    if not pending:
        return
    fingerprint = checkout_fingerprint(checkout_totals(checkout), checkout)
    stale = [p for p in pending if p.fingerprint != fingerprint]
    for payment in stale:
        payment_cancel(payment_id=payment.pk)
    if stale:
        stock_release(checkout_token=checkout.token)
