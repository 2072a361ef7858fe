"""The customers part of the root schema (config/schema.py gathers every app's)."""

import graphene

from customers.graphql.mutations import AccountRegister, TokenCreate
from customers.graphql.queries import CustomersQueries

__all__ = ["CustomersMutations", "CustomersQueries"]


class CustomersMutations(graphene.ObjectType):
    token_create = TokenCreate.Field()
    account_register = AccountRegister.Field()
