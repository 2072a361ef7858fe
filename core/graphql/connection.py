import graphene
from graphene import relay


class CountableConnection(relay.Connection):
    """A Relay connection that also tells how many items match (`totalCount`)."""

    class Meta:
        abstract = True

    total_count = graphene.Int(required=True, description="How many items match, on all pages.")

    @staticmethod
    def resolve_total_count(root, info):
        return root.length
