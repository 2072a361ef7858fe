"""GraphQL types shared by every app: money and the direction of a sort."""

from decimal import Decimal
from typing import NamedTuple

import graphene

from core.money import currency


class MoneyValue(NamedTuple):
    amount: Decimal
    currency: str


def money(amount: Decimal | None) -> MoneyValue | None:
    """What a `Money` field resolves to: the amount (already in cents) in the shop currency."""
    if amount is None:
        return None
    return MoneyValue(amount, currency())


class Money(graphene.ObjectType):
    """An amount of money: `amount` is a decimal string such as "19.90"."""

    amount = graphene.Decimal(required=True, description="The amount, rounded to the cent.")
    currency = graphene.String(required=True, description="ISO 4217 code, such as EUR.")


class OrderDirection(graphene.Enum):
    ASC = "asc"
    DESC = "desc"

    @property
    def description(self):
        if self == OrderDirection.ASC:
            return "Ascending: A to Z, lowest first, oldest first."
        return "Descending: Z to A, highest first, newest first."


def enum_value(item):
    """The stored value behind a GraphQL enum argument (graphene hands over the enum member or,
    from a default, the plain value)."""
    return getattr(item, "value", item)
