"""Voucher rules: dates, minimum spend, usage limits, once per customer."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.money import format_money
from orders.error_codes import CheckoutErrorCode
from orders.models import Voucher, VoucherUsage


def _invalid(message: str) -> ValidationError:
    return typed_error(message, CheckoutErrorCode.INVALID_VOUCHER, field="promo_code")


def voucher_find(code: str) -> Voucher:
    voucher = Voucher.objects.filter(code__iexact=(code or "").strip(), is_active=True).first()
    if voucher is None:
        raise _invalid(_("This promo code does not exist."))
    return voucher


def voucher_check(*, voucher: Voucher, subtotal: Decimal, email: str = "") -> None:
    """Raise an INVALID_VOUCHER error saying why, if `voucher` cannot be used now."""
    now = timezone.now()
    if not voucher.is_active:
        raise _invalid(_("This promo code is no longer valid."))
    if voucher.starts_at and now < voucher.starts_at:
        raise _invalid(_("This promo code is not valid yet."))
    if voucher.ends_at and now >= voucher.ends_at:
        raise _invalid(_("This promo code has expired."))
    if voucher.usage_limit is not None and voucher.used_count >= voucher.usage_limit:
        raise _invalid(_("This promo code has been used up."))
    if voucher.min_spend and subtotal < voucher.min_spend:
        raise _invalid(
            _("This promo code needs a spend of at least %(amount)s.")
            % {"amount": format_money(voucher.min_spend)}
        )
    if (
        voucher.once_per_customer
        and email
        and VoucherUsage.objects.filter(voucher=voucher, email__iexact=email).exists()
    ):
        raise _invalid(_("You have already used this promo code."))


def voucher_use(*, voucher_id: int, order, subtotal: Decimal) -> None:
    """Count one use by `order`, re-checking the rules on the locked voucher row.

    Call inside the order's transaction: a voucher used up meanwhile refuses the order.
    """
    voucher = Voucher.objects.select_for_update().get(pk=voucher_id)
    voucher_check(voucher=voucher, subtotal=subtotal, email=order.email)
    Voucher.objects.filter(pk=voucher.pk).update(used_count=F("used_count") + 1)
    VoucherUsage.objects.create(voucher=voucher, email=order.email.lower(), order=order)
