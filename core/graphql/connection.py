"""Relay connections: `first`/`after` pagination with `totalCount`, at most 100 items a page."""

import graphene
from django.utils.translation import gettext as _
from graphene import relay
from graphene_django.fields import DjangoConnectionField
from graphql import GraphQLError


class CountableConnection(relay.Connection):
    """A Relay connection that also tells how many items match (`totalCount`)."""

    class Meta:
        abstract = True

    total_count = graphene.Int(required=True, description="How many items match, on all pages.")

    @staticmethod
    def resolve_total_count(root, info):
        return root.length


class ConnectionField(DjangoConnectionField):
    """A DjangoConnectionField without graphene-django's extra `offset` argument (clients page
    with cursors), refusing a page larger than RELAY_CONNECTION_MAX_LIMIT with a GraphQL error
    (graphene-django only asserts it, which `python -O` would skip).

    The resolver returns an unevaluated queryset: the connection counts it, slices it, and only
    then evaluates it, so prefetches run for the page alone.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.args["offset"]

    @classmethod
    def connection_resolver(
        cls, resolver, connection, default_manager, queryset_resolver, max_limit, *args, **kwargs
    ):
        info = args[-1]
        for name in ("first", "last"):
            value = kwargs.get(name)
            if value is not None and value < 0:
                raise GraphQLError(
                    _("`%(name)s` cannot be negative on the `%(field)s` connection.")
                    % {"name": name, "field": info.field_name}
                )
            if max_limit and value is not None and value > max_limit:
                raise GraphQLError(
                    _(
                        "Requesting %(value)s records on the `%(field)s` connection exceeds "
                        "the `%(name)s` limit of %(max)s records."
                    )
                    % {"value": value, "field": info.field_name, "name": name, "max": max_limit}
                )
        return super().connection_resolver(
            resolver, connection, default_manager, queryset_resolver, max_limit, *args, **kwargs
        )
