"""The one function that prices a cart: subtotal, discount, shipping, VAT and total.

The cart page, the GraphQL checkout, order creation and the invoice all call `calculate_totals`.
Prices are VAT-inclusive (DESIGN.md); the VAT inside them is worked out per rate after the
discount has been shared out over the lines in proportion to their amounts.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from core.money import quantize
from orders.models.checkout import Voucher

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PricedLine:
    variant: object  # shop.models.ProductVariant
    quantity: int
    unit_price: Decimal
    vat_rate: Decimal
    total: Decimal


@dataclass(frozen=True)
class VatLine:
    rate: Decimal
    net: Decimal
    vat: Decimal
    gross: Decimal


@dataclass(frozen=True)
class Totals:
    lines: list[PricedLine]
    subtotal: Decimal
    discount: Decimal
    shipping: Decimal
    vat: Decimal
    total: Decimal
    currency: str
    vat_breakdown: list[VatLine] = field(default_factory=list)

    @property
    def quantity(self) -> int:
        return sum(line.quantity for line in self.lines)


def voucher_discount(voucher, subtotal: Decimal) -> Decimal:
    """What a voucher takes off the goods (never more than the goods cost)."""
    if voucher is None or subtotal <= 0:
        return ZERO
    if voucher.kind == Voucher.Kind.PERCENTAGE:
        amount = subtotal * voucher.value / Decimal(100)
    else:
        amount = voucher.value
    return quantize(min(amount, subtotal))


def vat_split(gross: Decimal, rate: Decimal) -> VatLine:
    """The VAT inside a VAT-inclusive amount at `rate` percent: gross × rate / (100 + rate),
    rounded to the cent (core.money.quantize); the net is what is left, so net + VAT is
    exactly `gross`. The one formula for the cart, the order, the invoice and the credit note."""
    vat = quantize(gross * rate / (Decimal(100) + rate))
    return VatLine(rate=rate, net=gross - vat, vat=vat, gross=gross)


def amount_shares(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`amount` shared out over `weights` in proportion (a discount over the lines by their
    amounts, a capped refund over its lines): each share rounded to the cent, the rounding
    remainder on the last one, so the shares add up to `amount` exactly. Weights that add up
    to zero give nothing to all but the last."""
    total = sum(weights, ZERO)
    shares = []
    remaining = amount
    for index, weight in enumerate(weights):
        if index == len(weights) - 1:
            share = remaining
        else:
            share = quantize(amount * weight / total) if total else ZERO
            remaining -= share
        shares.append(share)
    return shares


def calculate_totals(*, lines, shipping_method=None, voucher=None) -> Totals:
    """Price `lines`, a list of (variant, quantity), with the variant's product loaded.

    The voucher must already be known valid (orders.checkout.vouchers.voucher_check); the
    shipping method must ship to the address (checked by the checkout services).
    """
    priced = [
        PricedLine(
            variant=variant,
            quantity=quantity,
            unit_price=variant.price,
            vat_rate=variant.product.vat_rate,
            total=quantize(variant.price * quantity),
        )
        for variant, quantity in lines
    ]
    subtotal = quantize(sum((line.total for line in priced), ZERO))
    discount = voucher_discount(voucher, subtotal)
    shipping = ZERO
    if shipping_method is not None and priced:
        shipping = quantize(shipping_method.price_for(subtotal - discount))

    # Share the discount over the lines by amount; the rounding remainder goes to the last one.
    gross_by_rate: dict[Decimal, Decimal] = defaultdict(lambda: ZERO)
    shares = amount_shares(discount, [line.total for line in priced])
    for line, share in zip(priced, shares, strict=True):
        gross_by_rate[line.vat_rate] += line.total - share
    if shipping:
        gross_by_rate[settings.SHOP_DEFAULT_VAT_RATE] += shipping

    breakdown = [vat_split(gross_by_rate[rate], rate) for rate in sorted(gross_by_rate)]

    return Totals(
        lines=priced,
        subtotal=subtotal,
        discount=discount,
        shipping=shipping,
        vat=sum((line.vat for line in breakdown), ZERO),
        total=subtotal - discount + shipping,
        currency=settings.SHOP_CURRENCY,
        vat_breakdown=breakdown,
    )


def totals_to_json(totals: Totals) -> dict:
    """`totals` as JSON (Decimals as strings, variants by id), to be read back by
    totals_from_json: what a payment was started for (orders.checkout.snapshot)."""
    return {
        "currency": totals.currency,
        "lines": [
            {
                "variant_id": line.variant.pk,
                "sku": line.variant.sku,
                "quantity": line.quantity,
                "unit_price": str(line.unit_price),
                "vat_rate": str(line.vat_rate),
                "total": str(line.total),
            }
            for line in totals.lines
        ],
        "subtotal": str(totals.subtotal),
        "discount": str(totals.discount),
        "shipping": str(totals.shipping),
        "vat": str(totals.vat),
        "total": str(totals.total),
        "vat_breakdown": [
            {"rate": str(v.rate), "net": str(v.net), "vat": str(v.vat), "gross": str(v.gross)}
            for v in totals.vat_breakdown
        ],
    }


def totals_from_json(data: dict, *, variants: dict) -> Totals:
    """The Totals that totals_to_json wrote, exactly as they were (nothing is priced again);
    `variants`: {id: ProductVariant} for every line's variant."""
    return Totals(
        lines=[
            PricedLine(
                variant=variants[line["variant_id"]],
                quantity=line["quantity"],
                unit_price=Decimal(line["unit_price"]),
                vat_rate=Decimal(line["vat_rate"]),
                total=Decimal(line["total"]),
            )
            for line in data["lines"]
        ],
        subtotal=Decimal(data["subtotal"]),
        discount=Decimal(data["discount"]),
        shipping=Decimal(data["shipping"]),
        vat=Decimal(data["vat"]),
        total=Decimal(data["total"]),
        currency=data["currency"],
        vat_breakdown=[
            VatLine(**{key: Decimal(value) for key, value in vat.items()})
            for vat in data["vat_breakdown"]
        ],
    )
