"""Account queries: `me`, and the guest's `orderLookup(number, email)`."""

import graphene
from django.core.exceptions import ValidationError
from graphql import GraphQLError

from core.graphql.inputs import max_length_of, text_input_errors
from core.http import client_ip
from customers.error_codes import OrderLookupErrorCode
from customers.graphql.account_types import User
from customers.order_lookup import order_lookup
from orders.graphql.orders.types import Order
from orders.models import Order as OrderModel
from orders.selectors import guest_order_for_lookup, order_for_user


class CustomersQueries(graphene.ObjectType):
    me = graphene.Field(User, description="The signed-in customer; null for a guest.")
    order_lookup = graphene.Field(
        Order,
        number=graphene.String(required=True),
        email=graphene.String(required=True),
        description="A guest order by its number and the email it was placed with. A wrong "
        "number and a wrong email give the same error (extensions.code NOT_FOUND); failed "
        "look-ups are rate limited per client address and per number (RATE_LIMITED). Orders "
        "of an account are read through `me` or `order(id)` instead.",
    )

    def resolve_me(root, info):
        user = info.context.user
        return user if user.is_authenticated else None

    def resolve_order_lookup(root, info, number, email):
        request = info.context
        refused = text_input_errors(
            {"number": number, "email": email},
            max_lengths={"number": max_length_of(OrderModel, "number")},
            code=OrderLookupErrorCode.INVALID.value,
        )
        if refused:
            field, [error] = next(iter(refused.error_dict.items()))
            raise GraphQLError(
                error.message, extensions={"code": error.code.upper(), "field": field}
            )
        try:
            order = order_lookup(
                number=number, email=email, ip=client_ip(request), find=guest_order_for_lookup
            )
        except ValidationError as error:
            raise GraphQLError(
                error.messages[0], extensions={"code": str(error.code).upper()}
            ) from None
        # Read again through the access rule, for its prefetches and customer-visible events.
        return order_for_user(token=order.token, user=request.user)
