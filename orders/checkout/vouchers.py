"""Voucher rules: dates, minimum spend, usage limits, once per customer."""

from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.money import format_money
from orders.error_codes import CheckoutErrorCode
from orders.models import Voucher, VoucherUsage


class VoucherRefusal(StrEnum):
    """Why a voucher cannot be used now (voucher_refusal)."""

    INACTIVE = "inactive"
    NOT_STARTED = "not_started"
    EXPIRED = "expired"
    USED_UP = "used_up"
    MIN_SPEND = "min_spend"
    ALREADY_USED = "already_used"


def _invalid(message: str) -> ValidationError:
    return typed_error(message, CheckoutErrorCode.INVALID_VOUCHER, field="promo_code")


def voucher_find(code: str) -> Voucher:
    voucher = Voucher.objects.filter(code__iexact=(code or "").strip(), is_active=True).first()
    if voucher is None:
        raise _invalid(_("This promo code does not exist."))
    return voucher


def voucher_refusal(
    *, voucher: Voucher, subtotal: Decimal, email: str = ""
) -> VoucherRefusal | None:
    """The first rule that `voucher` breaks now, or None when it can be used."""
    now = timezone.now()
    if not voucher.is_active:
        return VoucherRefusal.INACTIVE
    if voucher.starts_at and now < voucher.starts_at:
        return VoucherRefusal.NOT_STARTED
    if voucher.ends_at and now >= voucher.ends_at:
        return VoucherRefusal.EXPIRED
    if voucher.usage_limit is not None and voucher.used_count >= voucher.usage_limit:
        return VoucherRefusal.USED_UP
    if voucher.min_spend and subtotal < voucher.min_spend:
        return VoucherRefusal.MIN_SPEND
    if (
        voucher.once_per_customer
        and email
        and VoucherUsage.objects.filter(voucher=voucher, email__iexact=email).exists()
    ):
        return VoucherRefusal.ALREADY_USED
    return None


def _refusal_error(refusal: VoucherRefusal, voucher: Voucher) -> ValidationError:
    messages = {
        VoucherRefusal.INACTIVE: _("This promo code is no longer valid."),
        VoucherRefusal.NOT_STARTED: _("This promo code is not valid yet."),
        VoucherRefusal.EXPIRED: _("This promo code has expired."),
        VoucherRefusal.USED_UP: _("This promo code has been used up."),
        VoucherRefusal.ALREADY_USED: _("You have already used this promo code."),
    }
    if refusal == VoucherRefusal.MIN_SPEND:
        return _invalid(
            _("This promo code needs a spend of at least %(amount)s.")
            % {"amount": format_money(voucher.min_spend)}
        )
    return _invalid(messages[refusal])


def voucher_check(*, voucher: Voucher, subtotal: Decimal, email: str = "") -> None:
    """Raise an INVALID_VOUCHER error saying why, if `voucher` cannot be used now."""
    refusal = voucher_refusal(voucher=voucher, subtotal=subtotal, email=email)
    if refusal is not None:
        raise _refusal_error(refusal, voucher)


def voucher_use(
    *, voucher_id: int, order, subtotal: Decimal, honour: bool = False
) -> VoucherRefusal | None:
    """Count one use by `order`, re-checking the rules on the locked voucher row.

    Call inside the order's transaction. A voucher that broke a rule meanwhile (used up,
    expired…) refuses the order, unless `honour`: the shopper has paid with the discount, so the
    use is counted anyway (even past the usage limit) and the broken rule returned, for the
    order's timeline.
    """
    voucher = Voucher.objects.select_for_update().get(pk=voucher_id)
    refusal = voucher_refusal(voucher=voucher, subtotal=subtotal, email=order.email)
    if refusal is not None and not honour:
        raise _refusal_error(refusal, voucher)
    Voucher.objects.filter(pk=voucher.pk).update(used_count=F("used_count") + 1)
    VoucherUsage.objects.create(voucher=voucher, email=order.email.lower(), order=order)
    return refusal
