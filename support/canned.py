"""Canned replies: a small, safe placeholder substitution (never the template engine)."""


def canned_response_render(*, canned, ticket) -> str:
    """`canned.body` with {{ order.number }}, {{ order.status }}, {{ tracking_links }} and
    {{ customer.first_name }} filled from the ticket's order and customer (empty when absent)."""
    raise NotImplementedError
