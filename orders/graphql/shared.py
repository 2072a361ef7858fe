"""What the types of every sub-package share: an enum of a model's choices, a child row taken
from its parent's prefetched rows (`node` of a line, a parcel), and absolute download links."""

from collections.abc import Callable, Iterable

import graphene
from django.db.models import Prefetch, prefetch_related_objects


def enum_of(name: str, choices, description: str) -> type[graphene.Enum]:
    """A GraphQL enum of a model's choices: upper-case names, the stored values behind them."""
    return graphene.Enum(
        name, [(member.name, member.value) for member in choices], description=description
    )


def prefetched_rows(instance, lookup: str, prefetch: Callable[[], Prefetch]) -> list:
    """The related rows of `instance` under `lookup`, prefetched now with `prefetch()` unless
    the queryset that loaded it did (then they cost no query)."""
    if lookup not in getattr(instance, "_prefetched_objects_cache", {}):
        prefetch_related_objects([instance], prefetch())
    return list(getattr(instance, lookup).all())


def row_with_pk(rows: Iterable, pk: int):
    """The row with this primary key among `rows` (a parent's prefetched children, so it
    carries what they carry), or None."""
    return next((row for row in rows if row.pk == pk), None)


def child_node(row, load_parent: Callable, children: Callable[..., Iterable]):
    """`row` (a line, a parcel: found by its integer id, which is no credential, among the rows
    whose parent the viewer may read by account) as its parent carries it once loaded for the
    viewer by `load_parent(row)`, so it reads only prefetched rows. None when there is no such
    row or the viewer may not read the parent."""
    parent = None if row is None else load_parent(row)
    return None if parent is None else row_with_pk(children(parent), row.pk)


def absolute_url(info, path: str) -> str:
    """`path` as a full URL for the client of this request (the path alone without one)."""
    request = info.context
    return request.build_absolute_uri(path) if hasattr(request, "build_absolute_uri") else path
