"""The shopper's cart within a request: which orders.Checkout it is, and the glue between the
session and the checkout services (orders.checkout).

A visitor's cart is a checkout whose token is kept in the session; a signed-in customer's cart is
their open checkout in the database, so it follows them from device to device. On sign-in the
visitor's cart is merged into the customer's (`cart_merge_on_sign_in`, connected to
`user_logged_in` in ShopConfig.ready).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.db.models.query import prefetch_related_objects
from django.utils.translation import get_language

from orders.checkout.services import (
    checkout_create,
    checkout_lines_add,
    checkout_merge,
    checkout_shipping_methods,
    checkout_totals,
)
from orders.models import Checkout, CheckoutLine
from orders.pricing import Totals
from shop.models import Product, ProductImage, ProductVariant
from shop.stock import reserved_quantity

SESSION_KEY = "cart_token"


def _open_carts():
    return Checkout.objects.filter(status=Checkout.Status.OPEN).select_related(
        "voucher", "shipping_method", "shipping_address", "billing_address"
    )


def cart_get(request) -> Checkout | None:
    """The request's open cart, or None: the customer's open checkout when signed in, else the
    visitor's checkout named by the session (never one that belongs to a customer)."""
    if request.user.is_authenticated:
        return _open_carts().filter(user=request.user).first()
    token = request.session.get(SESSION_KEY)
    if not token:
        return None
    return _open_carts().filter(token=token, user__isnull=True).first()


def cart_get_or_create(request) -> Checkout:
    """The request's open cart, created (and, for a visitor, remembered in the session) if
    there is none yet."""
    checkout = cart_get(request)
    if checkout is not None:
        return checkout
    user = request.user if request.user.is_authenticated else None
    checkout = checkout_create(user=user, language_code=get_language() or settings.LANGUAGE_CODE)
    if user is None:
        request.session[SESSION_KEY] = str(checkout.token)
    return checkout


def cart_lines_add(request, *, variant_id: int, quantity: int) -> Checkout:
    """Add `quantity` of a variant to the request's cart (made if needed); raises the checkout
    service's ValidationError when the stock or the per-line limit does not allow it."""
    return checkout_lines_add(checkout=cart_get_or_create(request), lines=[(variant_id, quantity)])


def cart_merge_on_sign_in(request, user) -> None:
    """The visitor's cart joins the customer's open checkout (orders.checkout.checkout_merge);
    the session then forgets it. Does nothing for a visitor without a cart."""
    session = getattr(request, "session", None)
    token = session.pop(SESSION_KEY, None) if session is not None else None
    if not token:
        return
    source = Checkout.objects.filter(token=token, user__isnull=True).first()
    if source is not None:
        checkout_merge(source=source, user=user)


def cart_quantity(request) -> int:
    """How many items the request's cart holds, for the header: one aggregate query, and none at
    all for a visitor whose session names no cart."""
    # The visitor without a cart, most requests, is answered before any queryset is built.
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        owner = {"checkout__user": user}
    else:
        session = getattr(request, "session", None)
        token = session.get(SESSION_KEY) if session is not None else None
        if not token:
            return 0
        owner = {"checkout__token": token, "checkout__user__isnull": True}
    lines = CheckoutLine.objects.filter(checkout__status=Checkout.Status.OPEN, **owner)
    return lines.aggregate(total=Sum("quantity"))["total"] or 0


@dataclass(frozen=True)
class CartLine:
    variant: ProductVariant
    product: Product
    image: ProductImage | None
    quantity: int
    unit_price: Decimal
    total: Decimal
    available: int  # what is left for this shopper: stock minus what other checkouts hold

    @property
    def exceeds_stock(self) -> bool:
        return self.quantity > self.available


@dataclass(frozen=True)
class CartPage:
    checkout: Checkout
    lines: list[CartLine]
    totals: Totals
    # Cheapest delivery to the shopper's country (the shop's default before an address is
    # known), or None when no method ships there; the chosen method's price once there is one.
    shipping: Decimal | None
    total: Decimal

    @property
    def shipping_is_estimate(self) -> bool:
        return self.checkout.shipping_method_id is None


def cart_page(checkout: Checkout) -> CartPage:
    """What the cart page shows, in a fixed number of queries whatever the number of lines."""
    totals = checkout_totals(checkout)
    variants = [line.variant for line in totals.lines]
    products = [variant.product for variant in variants]
    prefetch_related_objects(products, "images")
    # The stock this checkout's own reservation holds is still the shopper's to buy.
    held = reserved_quantity(
        variant_ids=[variant.pk for variant in variants], exclude_checkout=checkout.token
    )
    lines = [
        CartLine(
            variant=line.variant,
            product=line.variant.product,
            image=line.variant.product.main_image,
            quantity=line.quantity,
            unit_price=line.unit_price,
            total=line.total,
            available=max(line.variant.quantity - held.get(line.variant.pk, 0), 0),
        )
        for line in totals.lines
    ]
    shipping = totals.shipping
    if checkout.shipping_method_id is None:
        shipping = _shipping_estimate(checkout, totals)
    total = totals.total + (shipping if checkout.shipping_method_id is None and shipping else 0)
    return CartPage(checkout=checkout, lines=lines, totals=totals, shipping=shipping, total=total)


def _shipping_estimate(checkout: Checkout, totals: Totals) -> Decimal | None:
    country = (
        checkout.shipping_address.country
        if checkout.shipping_address
        else settings.SHOP_DEFAULT_COUNTRY
    )
    goods = totals.subtotal - totals.discount
    prices = [
        method.price_for(goods)
        for method in checkout_shipping_methods(checkout)
        if method.ships_to(country)
    ]
    return min(prices) if prices and totals.lines else None
