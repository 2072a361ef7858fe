import graphene


class ShopQueries(graphene.ObjectType):
    ping = graphene.String()


class ShopMutations(graphene.ObjectType):
    pass
