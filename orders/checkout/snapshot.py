"""What a payment pays for: the checkout as checkout_totals priced it when the payment started,
kept on the Payment (`Payment.snapshot`, JSON with Decimals as strings).

Once the money is in, the order is placed from it (orders.checkout.placement), never priced
again: a seller who edits a price, a voucher used up or expired by other orders, a shipping
price changed, none of them alters what the shopper paid for. What did change meanwhile is
told to the seller (`paid_terms_changes`); a checkout whose contents the shopper changed
after paying (`checkout_changes`) no longer matches the payment.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _

from core.money import format_money
from orders.checkout.vouchers import VoucherRefusal
from orders.models import Checkout, ShippingMethod, Voucher
from orders.pricing import Totals, totals_from_json, totals_to_json, voucher_discount
from shop.models import ProductVariant


class PlacementImpossible(Exception):
    """The order cannot be built from what was paid for (a product deleted meanwhile): the
    caller records it for staff (orders.checkout.webhooks) rather than guessing."""


@dataclass(frozen=True)
class PaidCheckout:
    """A payment's snapshot, read back: its totals and what they were computed with."""

    totals: Totals
    voucher_id: int | None
    voucher_code: str
    shipping_method_id: int | None
    shipping_method_name: str


class ChangeKind(StrEnum):
    """What changed after the payment started, and was honoured as paid."""

    PRICE = "price_changed"
    VAT_RATE = "vat_rate_changed"
    SHIPPING_PRICE = "shipping_changed"
    SHIPPING_METHOD_DELETED = "shipping_method_deleted"
    DISCOUNT = "discount_changed"
    VOUCHER_DELETED = "voucher_deleted"
    VOUCHER_REFUSED = "voucher_refused"  # used up, expired… (VoucherRefusal in the data)


@dataclass(frozen=True)
class Change:
    """One difference between what was paid for and the shop now, for the order's timeline."""

    kind: ChangeKind
    message: str
    data: dict = field(default_factory=dict)


def checkout_snapshot(*, checkout: Checkout, totals: Totals) -> dict:
    """The snapshot of `checkout` priced as `totals` (orders.checkout.services.checkout_totals),
    for Payment.snapshot."""
    return {
        **totals_to_json(totals),
        "voucher_id": checkout.voucher_id,
        "voucher_code": checkout.voucher.code if checkout.voucher else "",
        "shipping_method_id": checkout.shipping_method_id,
        "shipping_method_name": checkout.shipping_method.name if checkout.shipping_method else "",
    }


def snapshot_read(snapshot: dict) -> PaidCheckout:
    """The snapshot with its variants loaded (products too). Raises PlacementImpossible when a
    variant was deleted since."""
    ids = [line["variant_id"] for line in snapshot["lines"]]
    variants = ProductVariant.objects.select_related("product").in_bulk(ids)
    missing = [line["sku"] for line in snapshot["lines"] if line["variant_id"] not in variants]
    if missing:
        raise PlacementImpossible(f"Paid-for variants no longer exist: {', '.join(missing)}")
    return PaidCheckout(
        totals=totals_from_json(snapshot, variants=variants),
        voucher_id=snapshot["voucher_id"],
        voucher_code=snapshot["voucher_code"],
        shipping_method_id=snapshot["shipping_method_id"],
        shipping_method_name=snapshot["shipping_method_name"],
    )


def _gone(model, pk) -> bool:
    """Deleted by staff since (a foreign key set to null is no change made by the shopper)."""
    return pk is not None and not model.objects.filter(pk=pk).exists()


def _describe(lines: dict[int, int], skus: dict[int, str]) -> str:
    return ", ".join(f"{quantity} × {skus[pk]}" for pk, quantity in lines.items()) or "—"


def checkout_changes(paid: PaidCheckout, checkout: Checkout) -> dict | None:
    """How the checkout's contents (lines, shipping method, voucher) now differ from what was
    paid for, as {"paid": …, "cart": …} descriptions; None when they are the same. Prices are
    not compared: what the shopper paid for them is honoured (paid_terms_changes)."""
    paid_lines = {line.variant.pk: line.quantity for line in paid.totals.lines}
    cart_lines = {}
    skus = {line.variant.pk: line.variant.sku for line in paid.totals.lines}
    for line in checkout.lines.select_related("variant"):
        cart_lines[line.variant_id] = line.quantity
        skus[line.variant_id] = line.variant.sku
    same_method = checkout.shipping_method_id == paid.shipping_method_id or (
        checkout.shipping_method_id is None and _gone(ShippingMethod, paid.shipping_method_id)
    )
    same_voucher = checkout.voucher_id == paid.voucher_id or (
        checkout.voucher_id is None and _gone(Voucher, paid.voucher_id)
    )
    if paid_lines == cart_lines and same_method and same_voucher:
        return None
    return {"paid": _describe(paid_lines, skus), "cart": _describe(cart_lines, skus)}


def paid_terms_changes(paid: PaidCheckout, checkout: Checkout) -> list[Change]:
    """What changed in the catalog, the shipping method or the voucher since the payment
    started, each kept at what the shopper paid (the order is placed from the snapshot)."""
    totals = paid.totals
    changes = []
    for line in totals.lines:
        variant = line.variant
        if variant.price != line.unit_price:
            changes.append(
                Change(
                    ChangeKind.PRICE,
                    _(
                        "The price of %(sku)s changed from %(paid)s to %(now)s after the payment "
                        "started: sold at %(paid)s."
                    )
                    % {
                        "sku": variant.sku,
                        "paid": format_money(line.unit_price, totals.currency),
                        "now": format_money(variant.price, totals.currency),
                    },
                    {"sku": variant.sku, "paid": str(line.unit_price), "now": str(variant.price)},
                )
            )
        if variant.product.vat_rate != line.vat_rate:
            changes.append(
                Change(
                    ChangeKind.VAT_RATE,
                    _(
                        "The VAT rate of %(sku)s changed from %(paid)s %% to %(now)s %% after the "
                        "payment started: sold at %(paid)s %%."
                    )
                    % {"sku": variant.sku, "paid": line.vat_rate, "now": variant.product.vat_rate},
                    {
                        "sku": variant.sku,
                        "paid": str(line.vat_rate),
                        "now": str(variant.product.vat_rate),
                    },
                )
            )
    method = ShippingMethod.objects.filter(pk=paid.shipping_method_id).first()
    if method is not None:
        now = method.price_for(totals.subtotal - totals.discount)
        if now != totals.shipping:
            changes.append(
                Change(
                    ChangeKind.SHIPPING_PRICE,
                    _(
                        "The price of shipping by %(method)s changed from %(paid)s to %(now)s "
                        "after the payment started: charged %(paid)s."
                    )
                    % {
                        "method": paid.shipping_method_name,
                        "paid": format_money(totals.shipping, totals.currency),
                        "now": format_money(now, totals.currency),
                    },
                    {"paid": str(totals.shipping), "now": str(now)},
                )
            )
    elif paid.shipping_method_id is not None:
        changes.append(
            Change(
                ChangeKind.SHIPPING_METHOD_DELETED,
                _(
                    "The shipping method %(method)s was deleted after the payment started: "
                    "shipping charged %(paid)s as paid."
                )
                % {
                    "method": paid.shipping_method_name,
                    "paid": format_money(totals.shipping, totals.currency),
                },
            )
        )
    voucher = Voucher.objects.filter(pk=paid.voucher_id).first()
    if voucher is not None:
        now = voucher_discount(voucher, totals.subtotal)
        if now != totals.discount:
            changes.append(
                Change(
                    ChangeKind.DISCOUNT,
                    _(
                        "The discount of voucher %(code)s changed from %(paid)s to %(now)s after "
                        "the payment started: %(paid)s given."
                    )
                    % {
                        "code": paid.voucher_code,
                        "paid": format_money(totals.discount, totals.currency),
                        "now": format_money(now, totals.currency),
                    },
                    {"code": paid.voucher_code, "paid": str(totals.discount), "now": str(now)},
                )
            )
    elif paid.voucher_id is not None:
        changes.append(
            Change(
                ChangeKind.VOUCHER_DELETED,
                _(
                    "Voucher %(code)s was deleted after the payment started: honoured, no use "
                    "counted."
                )
                % {"code": paid.voucher_code},
                {"code": paid.voucher_code},
            )
        )
    return changes


def voucher_honoured(refusal: VoucherRefusal, code: str) -> Change:
    """The timeline entry for a voucher that broke `refusal` after the payment started, and
    was honoured all the same."""
    messages = {
        VoucherRefusal.USED_UP: _(
            "Voucher %(code)s was used up after the payment started: honoured."
        ),
        VoucherRefusal.EXPIRED: _("Voucher %(code)s expired after the payment started: honoured."),
        VoucherRefusal.INACTIVE: _(
            "Voucher %(code)s was deactivated after the payment started: honoured."
        ),
        VoucherRefusal.NOT_STARTED: _(
            "The start date of voucher %(code)s was moved later after the payment started: "
            "honoured."
        ),
        VoucherRefusal.MIN_SPEND: _(
            "The minimum spend of voucher %(code)s was raised after the payment started: honoured."
        ),
        VoucherRefusal.ALREADY_USED: _(
            "Voucher %(code)s, once per customer, was used by the same customer in another order "
            "after the payment started: honoured."
        ),
    }
    return Change(
        ChangeKind.VOUCHER_REFUSED,
        messages[refusal] % {"code": code},
        {"code": code, "refusal": str(refusal)},
    )
