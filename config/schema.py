"""The root GraphQL schema: gathers each app's queries and mutations."""

import graphene

from shop.graphql.schema import ShopMutations, ShopQueries


class Query(ShopQueries, graphene.ObjectType):
    pass


class Mutation(ShopMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
