"""The root GraphQL schema: gathers each app's queries and mutations."""

import graphene
from graphene import relay

from shop.graphql.schema import ShopMutations, ShopQueries


class Query(ShopQueries, graphene.ObjectType):
    node = relay.Node.Field(description="Any object by its global id.")


class Mutation(ShopMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
