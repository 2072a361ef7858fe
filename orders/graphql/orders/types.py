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

from core.graphql.connection import CountableConnection
from core.graphql.ids import uuid_or_none
from core.graphql.types import Money
from customers.graphql.types import Address
from orders import models
from orders.graphql.documents.types import Invoice, order_invoices, order_summary_url
from orders.graphql.orders.fulfillments import Fulfillment, order_fulfillments
from orders.graphql.orders.lines import OrderLine, order_money
from orders.graphql.orders.loading import order_returns
from orders.graphql.orders.payments import Payment
from orders.graphql.shared import enum_of
from orders.lifecycle import customer_status as wording
from orders.models.order import OrderStatus as OrderStatusChoices
from orders.models.order import PaymentStatus as PaymentStatusChoices
from orders.payments.instructions import method_name, payment_instructions
from orders.payments.selectors import order_payment_sums
from orders.selectors import order_events_for, order_for_user
from support.selectors import order_tickets_for

OrderStatus = enum_of("OrderStatus", OrderStatusChoices, "Where an order stands.")
PaymentChargeStatus = enum_of(
    "PaymentChargeStatus", PaymentStatusChoices, "How much of an order has been paid or refunded."
)
CustomerOrderStatus = enum_of(
    "CustomerOrderStatus",
    wording.CustomerStatus,
    "Where an order stands, in the shopper's words (RECEIVED, PREPARING, ON_ITS_WAY…).",
)
CustomerPaymentStatus = enum_of(
    "CustomerPaymentStatus",
    wording.CustomerPaymentStatus,
    "Where an order's payment stands, in the shopper's words.",
)
OrderEventType = enum_of("OrderEventType", models.OrderEvent.Type, "What happened to an order.")


def order_for_viewer(info, token) -> models.Order | None:
    """The order with this token (a UUID or its string) if the requesting user may see it."""
    token = uuid_or_none(token)
    return None if token is None else order_for_user(token=token, user=info.context.user)


class OrderEvent(graphene.ObjectType):
    """One entry of the order's timeline. Customers see the entries meant for them."""

    type = graphene.Field(OrderEventType, required=True)
    date = graphene.DateTime(required=True)
    message = graphene.String(required=True, description="May be empty.")

    def resolve_date(root, info):
        return root.created_at


class PaymentMethod(graphene.ObjectType):
    """How an order is paid."""

    code = graphene.String(
        required=True, description="stripe, bank_transfer, pay_on_delivery or exchange."
    )
    name = graphene.String(required=True, description="In the request's language.")


class PaymentInstructions(graphene.ObjectType):
    """What the shopper still has to do to pay an order paid by bank transfer or on delivery:
    the same words as the order page, the emails and the order summary."""

    title = graphene.String(required=True)
    text = graphene.String(required=True)
    amount_due = graphene.Field(Money, required=True)
    bank_details = graphene.String(required=True, description="Empty but for a bank transfer.")
    reference = graphene.String(
        required=True, description="To give with the transfer; empty but for a bank transfer."
    )


class Order(DjangoObjectType):
    """A placed order. Prices include VAT."""

    token = graphene.UUID(required=True, description="The UUID inside the id.")
    number = graphene.String(required=True, description="Such as 2026-000123.")
    status = graphene.Field(OrderStatus, required=True, description="The seller's precise status.")
    payment_status = graphene.Field(PaymentChargeStatus, required=True)
    customer_status = graphene.Field(
        CustomerOrderStatus, required=True, description="What to show the shopper."
    )
    customer_status_label = graphene.String(
        required=True, description="`customerStatus` in the request's language."
    )
    customer_payment_status = graphene.Field(
        CustomerPaymentStatus, required=True, description="What to show the shopper."
    )
    customer_payment_status_label = graphene.String(required=True)
    payment_method = graphene.Field(PaymentMethod, required=True)
    payment_instructions = graphene.Field(
        PaymentInstructions,
        description="What is left to pay and how; null when nothing is due (paid, card, canceled).",
    )
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
        graphene.NonNull(Invoice),
        required=True,
        description="The invoice, issued once the order is fully paid.",
    )
    summary_url = graphene.String(
        description=(
            "The order summary PDF (titled 'Order summary — not an invoice', no invoice "
            "number) while the order has no invoice; null once it has one, or when canceled."
        )
    )
    # By its path: the returns' types import this one (ReturnRequest.order), a real cycle.
    returns = graphene.List(
        graphene.NonNull("orders.graphql.returns.types.ReturnRequest"),
        required=True,
        description="The return requests, newest first.",
    )
    total_captured = graphene.Field(
        Money, required=True, description="What the payments took (captured)."
    )
    total_refunded = graphene.Field(Money, required=True, description="What was given back.")
    # By its path, as support's Ticket.order names Order: the two types refer to each other.
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

    def resolve_payment_method(root, info):
        return PaymentMethod(code=root.gateway, name=method_name(root.gateway))

    def resolve_payment_instructions(root, info):
        instructions = payment_instructions(root, captured=order_payment_sums(root).captured)
        if instructions is None:
            return None
        return PaymentInstructions(
            title=instructions.title,
            text=instructions.text,
            amount_due=order_money(instructions.amount_due, root),
            bank_details=instructions.bank_details,
            reference=instructions.reference,
        )

    def resolve_customer_status(root, info):
        return wording.customer_status(root)

    def resolve_customer_status_label(root, info):
        return wording.customer_status(root).label

    def resolve_customer_payment_status(root, info):
        return wording.customer_payment_status(root)

    def resolve_customer_payment_status_label(root, info):
        return wording.customer_payment_status(root).label

    def resolve_lines(root, info):
        return root.lines.all()

    def resolve_voucher_code(root, info):
        return root.voucher_code or None

    def resolve_subtotal(root, info):
        return order_money(root.subtotal, root)

    def resolve_discount(root, info):
        return order_money(root.discount, root)

    def resolve_shipping_price(root, info):
        return order_money(root.shipping_price, root)

    def resolve_vat(root, info):
        return order_money(root.vat, root)

    def resolve_total(root, info):
        return order_money(root.total, root)

    def resolve_events(root, info):
        return order_events_for(root, info.context.user)

    def resolve_payments(root, info):
        return root.payments.all()

    def resolve_fulfillments(root, info):
        return order_fulfillments(root)

    def resolve_invoices(root, info):
        return order_invoices(root)

    def resolve_summary_url(root, info):
        return order_summary_url(info, root)

    def resolve_returns(root, info):
        return order_returns(root, info.context.user)

    def resolve_total_captured(root, info):
        return order_money(order_payment_sums(root).captured, root)

    def resolve_total_refunded(root, info):
        return order_money(order_payment_sums(root).refunded, root)

    def resolve_tickets(root, info):
        return order_tickets_for(root, info.context.user)
