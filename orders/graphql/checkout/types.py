"""The checkout's GraphQL types: Checkout, its lines and shipping methods (its payments are
orders.graphql.orders.payments.Payment, shared with the order).

A Checkout's global id encodes its token (a UUID), never its primary key: holding it is the
guest's proof of access (DESIGN.md). Whoever reaches a checkout, by `checkout(id)`, `node(id)` or
a mutation, goes through orders.selectors.checkout_for_user. Objects below it (lines, payments)
have integer ids, which are no credential: `node` gives them only to a viewer who may use the
checkout (or read the order) through their account (orders.selectors.checkouts_readable_by,
orders_readable_by); a guest reaches them through the checkout's id.

A checkout is loaded with orders.selectors.checkouts_with_lines and priced once per request by
orders.pricing.calculate_totals over its prefetched lines, so its fields cost a fixed number of
queries whatever the number of lines.
"""

import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from core.db import database_id
from core.graphql.ids import uuid_or_none
from core.graphql.types import Money, money
from customers.graphql.types import Address
from orders import models
from orders.checkout.services import checkout_line_items, checkout_shipping_methods, checkout_totals
from orders.graphql.shared import child_node
from orders.payments.gateways import available_gateways
from orders.pricing import Totals, calculate_totals
from orders.selectors import checkout_for_user, checkouts_readable_by, checkouts_with_lines
from shop.graphql.types import ProductVariant


def checkout_loaded(checkout_id: int) -> models.Checkout:
    """The checkout with everything its type reads, for a mutation's payload."""
    return checkouts_with_lines().get(pk=checkout_id)


def checkout_for_viewer(info, token) -> models.Checkout | None:
    """The checkout with this token (a UUID or its string) if the requesting user may use it."""
    token = uuid_or_none(token)
    if token is None:
        return None
    checkout = checkout_for_user(token=token, user=info.context.user)
    return None if checkout is None else checkout_loaded(checkout.pk)


def checkout_priced(checkout: models.Checkout) -> Totals:
    """The checkout's totals (orders.checkout.checkout_totals, reading the prefetched lines),
    computed once per loaded checkout."""
    totals = getattr(checkout, "_graphql_totals", None)
    if totals is None:
        totals = checkout._graphql_totals = checkout_totals(checkout)
    return totals


class ShippingMethod(DjangoObjectType):
    """A way to deliver: its price for the checkout it is listed on."""

    name = graphene.String(required=True)
    price = graphene.Field(
        Money,
        required=True,
        description="What this checkout would pay for it (0 when its goods reach `freeAbove`); "
        "the base price elsewhere.",
    )
    free_above = graphene.Field(
        Money, description="Free when the goods, after discount, cost at least this much."
    )
    minimum_delivery_days = graphene.Int(required=True)
    maximum_delivery_days = graphene.Int(required=True)

    class Meta:
        model = models.ShippingMethod
        fields = ("id",)
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, id):
        if database_id(id) is None:
            return None
        return models.ShippingMethod.objects.filter(pk=id, is_active=True).first()

    def resolve_price(root, info):
        return money(getattr(root, "checkout_price", root.price))

    def resolve_free_above(root, info):
        return money(root.free_above)

    def resolve_minimum_delivery_days(root, info):
        return root.min_days

    def resolve_maximum_delivery_days(root, info):
        return root.max_days


def _priced_for(checkout: models.Checkout, method: models.ShippingMethod):
    """`method` with the price this checkout would pay for it, as calculate_totals says."""
    totals = calculate_totals(
        lines=checkout_line_items(checkout), shipping_method=method, voucher=checkout.voucher
    )
    method.checkout_price = totals.shipping
    return method


def _priced_line(line: models.CheckoutLine):
    """The line as priced with its checkout (one line per variant in a checkout)."""
    totals = checkout_priced(line.checkout)
    return next(priced for priced in totals.lines if priced.variant.pk == line.variant_id)


class CheckoutLine(DjangoObjectType):
    quantity = graphene.Int(required=True)
    variant = graphene.Field(ProductVariant, required=True)
    unit_price = graphene.Field(Money, required=True, description="VAT included.")
    total_price = graphene.Field(Money, required=True, description="VAT included.")

    class Meta:
        model = models.CheckoutLine
        fields = ("id",)
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, id):
        if database_id(id) is None:
            return None
        # An integer id is no credential: only the checkout's signed-in owner.
        checkouts = checkouts_readable_by(info.context.user)
        return child_node(
            models.CheckoutLine.objects.filter(pk=id, checkout__in=checkouts)
            .select_related("checkout")
            .first(),
            lambda line: checkout_for_viewer(info, line.checkout.token),
            lambda checkout: checkout.lines.all(),
        )

    def resolve_variant(root, info):
        return root.variant

    def resolve_unit_price(root, info):
        return money(_priced_line(root).unit_price)

    def resolve_total_price(root, info):
        return money(_priced_line(root).total)


class Checkout(DjangoObjectType):
    """A shopper's cart and what is needed to turn it into an order. Prices include VAT."""

    token = graphene.UUID(required=True, description="The UUID inside the id.")
    email = graphene.String(description="Null until given.")
    lines = graphene.List(graphene.NonNull(CheckoutLine), required=True, description="In order.")
    quantity = graphene.Int(required=True, description="How many items, all lines together.")
    shipping_address = graphene.Field(Address)
    billing_address = graphene.Field(Address, description="Null: the shipping address is used.")
    shipping_methods = graphene.List(
        graphene.NonNull(ShippingMethod),
        required=True,
        description="The methods that deliver to the shipping address (all active ones before "
        "it is known), priced for this checkout.",
    )
    delivery_method = graphene.Field(ShippingMethod, description="The chosen shipping method.")
    voucher_code = graphene.String(description="The promo code applied, if any.")
    subtotal_price = graphene.Field(Money, required=True, description="The goods.")
    discount = graphene.Field(Money, required=True, description="Taken off by the promo code.")
    shipping_price = graphene.Field(Money, required=True)
    vat = graphene.Field(Money, required=True, description="The VAT included in the total.")
    total_price = graphene.Field(Money, required=True, description="What will be charged.")
    available_payment_gateways = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="The gateways `checkoutPaymentCreate` accepts: stripe, offline.",
    )

    class Meta:
        model = models.Checkout
        fields = ("id",)
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, id):
        return checkout_for_viewer(info, id)

    def resolve_id(root, info):
        return str(root.token)

    def resolve_email(root, info):
        return root.email or None

    def resolve_lines(root, info):
        return root.lines.all()

    def resolve_quantity(root, info):
        return checkout_priced(root).quantity

    def resolve_shipping_methods(root, info):
        return [_priced_for(root, method) for method in checkout_shipping_methods(root)]

    def resolve_delivery_method(root, info):
        method = root.shipping_method
        if method is None:
            return None
        method.checkout_price = checkout_priced(root).shipping
        return method

    def resolve_voucher_code(root, info):
        return root.voucher.code if root.voucher else None

    def resolve_subtotal_price(root, info):
        return money(checkout_priced(root).subtotal)

    def resolve_discount(root, info):
        return money(checkout_priced(root).discount)

    def resolve_shipping_price(root, info):
        return money(checkout_priced(root).shipping)

    def resolve_vat(root, info):
        return money(checkout_priced(root).vat)

    def resolve_total_price(root, info):
        return money(checkout_priced(root).total)

    def resolve_available_payment_gateways(root, info):
        return available_gateways()
