"""The order's GraphQL types. An Order's global id encodes its token (a UUID), never its primary
key; it is read through orders.selectors.order_for_user (a guest holding the id, the customer who
placed it, or staff with orders.view_order), which also prefetches what these types read.
Children with integer ids (lines, parcels, payments, refunds, return lines) are given by `node`
only through orders.selectors.orders_readable_by (owner or staff: an integer id is no
credential); the timeline always through orders.selectors.order_events_for.

An order shows what was frozen when it was placed: names, SKUs, prices and totals never follow
later catalog edits.
"""

import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from core.db import database_id
from core.graphql.connection import CountableConnection
from core.graphql.ids import uuid_or_none
from core.graphql.types import Money, MoneyValue
from customers.graphql.types import Address
from orders import models
from orders.graphql.document_types import Invoice, order_invoices
from orders.graphql.fulfillment_types import Fulfillment, order_fulfillments
from orders.graphql.return_types import order_returns
from orders.graphql.types import Payment
from orders.models.order import OrderStatus as OrderStatusChoices
from orders.models.order import PaymentStatus as PaymentStatusChoices
from orders.payments.selectors import order_payment_sums
from orders.selectors import order_events_for, order_for_account, order_for_user
from support.selectors import order_tickets_for


def _enum_of(name: str, choices, description: str):
    """A GraphQL enum of a model's choices: upper-case names, the stored values behind them."""
    return graphene.Enum(
        name, [(member.name, member.value) for member in choices], description=description
    )


OrderStatus = _enum_of("OrderStatus", OrderStatusChoices, "Where an order stands.")
PaymentChargeStatus = _enum_of(
    "PaymentChargeStatus", PaymentStatusChoices, "How much of an order has been paid or refunded."
)
OrderEventType = _enum_of("OrderEventType", models.OrderEvent.Type, "What happened to an order.")


def order_for_viewer(info, token) -> models.Order | None:
    token = uuid_or_none(token)
    return None if token is None else order_for_user(token=token, user=info.context.user)


def _money(amount, order: models.Order) -> MoneyValue:
    return MoneyValue(amount, order.currency)


class OrderLine(DjangoObjectType):
    """A line as it was sold."""

    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True, description="May be empty.")
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    quantity_fulfilled = graphene.Int(required=True, description="How many have been shipped.")
    quantity_returned = graphene.Int(
        required=True, description="How many came back (returns received)."
    )
    unit_price = graphene.Field(Money, required=True, description="VAT included.")
    total_price = graphene.Field(Money, required=True, description="VAT included.")
    vat_rate = graphene.Decimal(required=True, description="VAT rate in percent.")

    class Meta:
        model = models.OrderLine
        fields = ("id",)
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, id):
        if database_id(id) is None:
            return None
        # An integer id is no credential: only a viewer who may read the order by account.
        line = models.OrderLine.objects.filter(pk=id).only("order_id").first()
        order = (
            None if line is None else order_for_account(pk=line.order_id, user=info.context.user)
        )
        if order is None:
            return None
        return next((each for each in order.lines.all() if each.pk == line.pk), None)

    def resolve_unit_price(root, info):
        return _money(root.unit_price, root.order)

    def resolve_total_price(root, info):
        return _money(root.total, root.order)


class OrderEvent(graphene.ObjectType):
    """One entry of the order's timeline. Customers see the entries meant for them."""

    type = graphene.Field(OrderEventType, required=True)
    date = graphene.DateTime(required=True)
    message = graphene.String(required=True, description="May be empty.")

    def resolve_date(root, info):
        return root.created_at


class Order(DjangoObjectType):
    """A placed order. Prices include VAT."""

    token = graphene.UUID(required=True, description="The UUID inside the id.")
    number = graphene.String(required=True, description="Such as 2026-000123.")
    status = graphene.Field(OrderStatus, required=True)
    payment_status = graphene.Field(PaymentChargeStatus, required=True)
    email = graphene.String(required=True)
    created = graphene.DateTime(required=True, description="When it was placed.")
    lines = graphene.List(graphene.NonNull(OrderLine), required=True)
    shipping_address = graphene.Field(Address)
    billing_address = graphene.Field(Address)
    shipping_method_name = graphene.String(required=True, description="May be empty.")
    voucher_code = graphene.String(description="The promo code used, if any.")
    subtotal = graphene.Field(Money, required=True, description="The goods.")
    discount = graphene.Field(Money, required=True)
    shipping_price = graphene.Field(Money, required=True)
    vat = graphene.Field(Money, required=True, description="The VAT included in the total.")
    total = graphene.Field(Money, required=True)
    events = graphene.List(graphene.NonNull(OrderEvent), required=True, description="Oldest first.")
    payments = graphene.List(graphene.NonNull(Payment), required=True)
    fulfillments = graphene.List(
        graphene.NonNull(Fulfillment),
        required=True,
        description="The parcels, first shipped first.",
    )
    invoices = graphene.List(
        graphene.NonNull(Invoice), required=True, description="The invoice, once requested."
    )
    returns = graphene.List(
        graphene.NonNull("orders.graphql.return_types.ReturnRequest"),
        required=True,
        description="The return requests, newest first.",
    )
    total_captured = graphene.Field(
        Money, required=True, description="What the payments took (captured)."
    )
    total_refunded = graphene.Field(Money, required=True, description="What was given back.")
    tickets = graphene.List(
        graphene.NonNull("support.graphql.types.Ticket"),
        required=True,
        description="Support tickets about the order: support agents and the order's owner.",
    )

    class Meta:
        model = models.Order
        fields = ("id",)
        interfaces = (relay.Node,)
        connection_class = CountableConnection

    @classmethod
    def get_node(cls, info, id):
        return order_for_viewer(info, id)

    def resolve_id(root, info):
        return str(root.token)

    def resolve_created(root, info):
        return root.created_at

    def resolve_lines(root, info):
        return root.lines.all()

    def resolve_voucher_code(root, info):
        return root.voucher_code or None

    def resolve_subtotal(root, info):
        return _money(root.subtotal, root)

    def resolve_discount(root, info):
        return _money(root.discount, root)

    def resolve_shipping_price(root, info):
        return _money(root.shipping_price, root)

    def resolve_vat(root, info):
        return _money(root.vat, root)

    def resolve_total(root, info):
        return _money(root.total, root)

    def resolve_events(root, info):
        return order_events_for(root, info.context.user)

    def resolve_payments(root, info):
        return root.payments.all()

    def resolve_fulfillments(root, info):
        return order_fulfillments(root)

    def resolve_invoices(root, info):
        return order_invoices(root)

    def resolve_returns(root, info):
        return order_returns(root, info.context.user)

    def resolve_total_captured(root, info):
        return _money(order_payment_sums(root).captured, root)

    def resolve_total_refunded(root, info):
        return _money(order_payment_sums(root).refunded, root)

    def resolve_tickets(root, info):
        return order_tickets_for(root, info.context.user)
