"""Stock: reservations while a payment runs, allocation when the order is placed, stock taken
for a replacement and put back by a cancel or a return. Stock changes only here.

Every function that changes stock locks the variant rows with SELECT … FOR UPDATE, always in id
order so two checkouts never wait on each other in a cycle, and re-reads availability inside the
lock. Callers must already be inside `transaction.atomic()`; the lock is held until it commits,
so never call a payment provider while holding it (LESSONS.md).
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import typed_error
from shop.error_codes import ShopErrorCode
from shop.models import ProductVariant, Reservation


@dataclass
class Shortage:
    """A variant that cannot be sold in the quantity asked for."""

    variant: ProductVariant
    requested: int
    available: int


class InsufficientStock(Exception):
    def __init__(self, shortages: list[Shortage]):
        self.shortages = shortages
        super().__init__(
            ", ".join(f"{s.variant.sku}: {s.available} left of {s.requested}" for s in shortages)
        )


class ShareExceeded(Exception):
    """One checkout asked to hold more than its share of a variant's stock; `available` of each
    shortage is the most it may hold."""

    def __init__(self, shortages: list[Shortage]):
        self.shortages = shortages
        super().__init__(
            ", ".join(f"{s.variant.sku}: at most {s.available} of {s.requested}" for s in shortages)
        )


def reservation_share_limit(*, stock: int, max_share: Decimal, min_units: int = 1) -> int:
    """The most one checkout may hold of a variant with `stock` units: `max_share` of it,
    rounded up, and never fewer than `min_units` (at least one) so that the last units can
    still be sold."""
    return max(1, min_units, math.ceil(Decimal(stock) * max_share))


def reserved_quantity(*, variant_ids, exclude_checkout: UUID | None = None) -> dict[int, int]:
    """Quantity held by unexpired reservations, per variant id."""
    return Reservation.objects.held(variant_ids=variant_ids, exclude_checkout=exclude_checkout)


def _lock_variants(variant_ids) -> dict[int, ProductVariant]:
    variants = (
        ProductVariant.objects.select_for_update(of=("self",))
        .filter(pk__in=variant_ids)
        .order_by("pk")
    )
    return {variant.pk: variant for variant in variants.select_related("product")}


def _check_available(variants, quantities, checkout_token) -> None:
    held_by_others = reserved_quantity(variant_ids=variants, exclude_checkout=checkout_token)
    shortages = []
    for variant_id, requested in quantities.items():
        variant = variants.get(variant_id)
        available = 0 if variant is None else variant.quantity - held_by_others.get(variant_id, 0)
        if requested > available:
            shortages.append(Shortage(variant, requested, max(available, 0)))
    if shortages:
        raise InsufficientStock(shortages)


def stock_reserve(
    *,
    checkout_token: UUID,
    quantities: dict[int, int],
    expires_at: datetime | None = None,
    max_share: Decimal | None = None,
    min_units: int = 1,
) -> datetime:
    """Hold `quantities` ({variant id: quantity}) for a checkout, replacing what it held before,
    until `expires_at` (default: SHOP_RESERVATION_MINUTES from now).

    Raises InsufficientStock when any variant lacks the quantity, and ShareExceeded when
    `max_share` is given and a quantity is above reservation_share_limit of the variant's stock
    (never below `min_units`);
    either way it holds nothing new. Returns when the reservation expires.
    """
    variants = _lock_variants(sorted(quantities))
    _check_available(variants, quantities, checkout_token)
    if max_share is not None:
        over = []
        for variant_id, requested in quantities.items():
            variant = variants[variant_id]
            limit = reservation_share_limit(
                stock=variant.quantity, max_share=max_share, min_units=min_units
            )
            if requested > limit:
                over.append(Shortage(variant, requested, limit))
        if over:
            raise ShareExceeded(over)
    if expires_at is None:
        expires_at = timezone.now() + timedelta(minutes=settings.SHOP_RESERVATION_MINUTES)
    Reservation.objects.filter(checkout_token=checkout_token).delete()
    Reservation.objects.bulk_create(
        Reservation(
            variant_id=variant_id,
            checkout_token=checkout_token,
            quantity=quantity,
            expires_at=expires_at,
        )
        for variant_id, quantity in quantities.items()
        if quantity > 0
    )
    return expires_at


def stock_release(*, checkout_token: UUID) -> int:
    """Give back what a checkout held; returns how many reservation rows went."""
    deleted, _ = Reservation.objects.filter(checkout_token=checkout_token).delete()
    return deleted


def stock_allocate(*, checkout_token: UUID, quantities: dict[int, int]) -> None:
    """Sell `quantities`: take them off the stock and drop the checkout's reservations.

    The checkout's own reservation, expired or not, never blocks it; other checkouts' unexpired
    reservations do. Raises InsufficientStock (changing nothing) when the stock is gone.
    """
    stock_take(quantities=quantities, checkout_token=checkout_token)
    stock_release(checkout_token=checkout_token)


def stock_take(*, quantities: dict[int, int], checkout_token: UUID | None = None) -> None:
    """Take `quantities` ({variant id: quantity}) off the stock at once, under the variant row
    locks (in id order): what other checkouts hold in unexpired reservations is not available
    (`checkout_token`'s own reservation is). Raises InsufficientStock, changing nothing."""
    variants = _lock_variants(sorted(quantities))
    _check_available(variants, quantities, checkout_token)
    for variant_id, quantity in quantities.items():
        variant = variants[variant_id]
        variant.quantity -= quantity
        variant.save(update_fields=["quantity"])


def stock_restock(*, quantities: dict[int, int]) -> None:
    """Put `quantities` ({variant id: quantity}) back on sale (a canceled order, a returned
    item), under the variant row locks in id order; variants deleted since are skipped."""
    for variant_id in _lock_variants(sorted(pk for pk, quantity in quantities.items() if quantity)):
        ProductVariant.objects.filter(pk=variant_id).update(
            quantity=F("quantity") + quantities[variant_id]
        )


def stock_release_expired() -> int:
    """Delete expired reservations (run by Celery beat); returns how many went."""
    deleted, _ = Reservation.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


@transaction.atomic
def variant_set_stock(*, variant_id: int, quantity: int) -> ProductVariant:
    """Set the quantity in stock of a variant (a stock count after an inventory, say)."""
    if quantity < 0:
        raise typed_error(
            _("Stock cannot be negative."), ShopErrorCode.NEGATIVE_STOCK, field="quantity"
        )
    try:
        variant = ProductVariant.objects.select_for_update().get(pk=variant_id)
    except ProductVariant.DoesNotExist:
        raise typed_error(_("No such variant."), ShopErrorCode.NOT_FOUND, field="id") from None
    variant.quantity = quantity
    variant.save(update_fields=["quantity"])
    return variant
