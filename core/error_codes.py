from enum import Enum


class GraphQLRequestErrorCode(Enum):
    """The codes of the errors about a GraphQL request as a whole (`extensions.code`): refused
    before it runs for asking too much, or failed unexpectedly while it ran."""

    QUERY_TOO_LONG = "QUERY_TOO_LONG"
    REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
    QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
    TOO_MANY_REPEATS = "TOO_MANY_REPEATS"
    INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
    INTERNAL_ERROR = "INTERNAL_ERROR"
