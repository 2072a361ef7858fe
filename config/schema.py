"""The root GraphQL schema: gathers each app's queries and mutations."""

import graphene
from graphene import relay

from content.graphql.schema import ContentQueries
from core.graphql.ids import NodeField
from customers.graphql.schema import CustomersMutations, CustomersQueries
from orders.graphql.schema import OrdersMutations, OrdersQueries
from shop.graphql.schema import ShopMutations, ShopQueries
from support.graphql.schema import SupportMutations, SupportQueries


class Query(
    ContentQueries,
    CustomersQueries,
    OrdersQueries,
    ShopQueries,
    SupportQueries,
    graphene.ObjectType,
):
    node = NodeField(relay.Node, description="Any object by its global id.")


class Mutation(
    CustomersMutations, OrdersMutations, ShopMutations, SupportMutations, graphene.ObjectType
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
