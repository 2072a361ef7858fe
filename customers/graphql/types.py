"""Addresses in the API: the `Address` type and the `AddressInput` of DESIGN.md.

The input's fields have the names of customers.models.Address (`street_address_1` becomes
`streetAddress1` in the schema), so it goes to customers.addresses.address_clean as it is, and
its errors come back on the camelCased field (`postalCode`).
"""

import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from core.db import database_id
from customers.models import Address as AddressModel


class Address(DjangoObjectType):
    """A postal address, as given for a checkout or frozen on an order."""

    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    company_name = graphene.String(required=True, description="May be empty.")
    street_address_1 = graphene.String(required=True)
    street_address_2 = graphene.String(required=True, description="May be empty.")
    postal_code = graphene.String(required=True)
    city = graphene.String(required=True)
    country = graphene.String(required=True, description="ISO 3166 code, such as FR.")
    phone = graphene.String(required=True, description="May be empty.")

    class Meta:
        model = AddressModel
        fields = ("id",)
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, id):
        # Addresses are read through their checkout or order; by id, only from one's own book.
        user = info.context.user
        if database_id(id) is None or not user.is_authenticated:
            return None
        return AddressModel.objects.filter(pk=id, user=user).first()


class AddressInput(graphene.InputObjectType):
    """An address to validate: required fields, a country we deliver to, the postcode format
    of that country. Missing required fields come back as errors, not as a GraphQL failure."""

    first_name = graphene.String()
    last_name = graphene.String()
    company_name = graphene.String()
    street_address_1 = graphene.String()
    street_address_2 = graphene.String()
    postal_code = graphene.String()
    city = graphene.String()
    country = graphene.String(description="ISO 3166 code, such as FR.")
    phone = graphene.String()


def address_input_data(value) -> dict:
    """The AddressInput as the dict customers.addresses.address_clean expects."""
    return {name: value.get(name) for name in AddressModel.FIELDS}
