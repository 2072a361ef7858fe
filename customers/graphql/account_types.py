"""The signed-in customer in the API: `me { email firstName lastName addresses orders }`.

A separate module from customers.graphql.types because the orders' types import Address from
there, and `User.orders` imports the Order type.
"""

import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from core.graphql.connection import ConnectionField
from customers.graphql.types import Address
from customers.models import User as UserModel
from customers.selectors import addresses_of_user
from orders.graphql.orders.loading import orders_prefetched
from orders.graphql.orders.types import Order
from orders.graphql.returns.types import ReturnRequest, returns_queryset
from orders.selectors import orders_of_user
from support.graphql.types import Ticket, ticket_list_queryset
from support.selectors import tickets_of_customer


class User(DjangoObjectType):
    """A customer account, as its owner sees it."""

    email = graphene.String(required=True)
    first_name = graphene.String(required=True, description="May be empty.")
    last_name = graphene.String(required=True, description="May be empty.")
    is_email_verified = graphene.Boolean(
        required=True,
        description="Guest orders placed with this email join the account once it is true.",
    )
    addresses = graphene.List(
        graphene.NonNull(Address), required=True, description="The address book, oldest first."
    )
    default_shipping_address = graphene.Field(Address)
    default_billing_address = graphene.Field(Address)
    orders = ConnectionField(Order, description="The account's orders, newest first.")
    returns = ConnectionField(
        ReturnRequest, description="The return requests on the account's orders, newest first."
    )
    tickets = ConnectionField(Ticket, description="The account's support tickets, newest first.")

    class Meta:
        model = UserModel
        fields = ("id",)
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, id):
        # A user is readable by that user only.
        user = info.context.user
        if user.is_authenticated and str(user.pk) == str(id):
            return user
        return None

    def resolve_is_email_verified(root, info):
        return root.email_verified

    def resolve_addresses(root, info):
        return addresses_of_user(root)

    def resolve_default_shipping_address(root, info):
        return root.default_shipping_address

    def resolve_default_billing_address(root, info):
        return root.default_billing_address

    def resolve_orders(root, info, **kwargs):
        # Unevaluated: the connection counts and slices it, then the prefetches run for the
        # page alone, a fixed number of queries whatever the number of orders.
        return orders_prefetched(orders_of_user(root), info)

    def resolve_returns(root, info, **kwargs):
        orders = orders_of_user(root).values("pk")
        return returns_queryset(info.context.user).filter(order__in=orders)

    def resolve_tickets(root, info, **kwargs):
        return ticket_list_queryset(tickets_of_customer(root)).order_by("-created_at", "-id")
