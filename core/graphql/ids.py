"""Global ids (`base64("Product:42")`) back to primary keys, or to UUIDs."""

import uuid

from graphene import relay
from graphene.relay.node import NodeField as RelayNodeField
from graphql_relay import from_global_id

from core.db import database_id


def pk_from_global_id(global_id: str, type_name: str) -> int | None:
    """The primary key inside a global id of `type_name`; None when the id is malformed or
    names another type or a key no row can have (the caller turns that into its own error)."""
    found_type, raw_pk = from_global_id(str(global_id))
    return database_id(raw_pk) if found_type == type_name else None


def pks_from_global_ids(global_ids, type_name: str) -> tuple[dict[int, str], list[str]]:
    """The ids of `type_name` by their primary key, and the ids that are not of that type."""
    ids_by_pk, invalid = {}, []
    for global_id in global_ids:
        pk = pk_from_global_id(global_id, type_name)
        if pk is None:
            invalid.append(global_id)
        else:
            ids_by_pk[pk] = global_id
    return ids_by_pk, invalid


def uuid_from_global_id(global_id: str, type_name: str) -> uuid.UUID | None:
    """The UUID inside a global id of `type_name` (checkouts, orders: ids that are not
    sequential keys, DESIGN.md); None when the id is malformed or names another type."""
    found_type, raw = from_global_id(str(global_id))
    if found_type != type_name:
        return None
    return uuid_or_none(raw)


def uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def is_node_id(info, global_id) -> bool:
    """Whether `global_id` names a type of the schema that is a Relay node."""
    type_name, _ = from_global_id(str(global_id))
    found = info.schema.get_type(type_name) if type_name else None
    graphene_type = getattr(found, "graphene_type", None)
    interfaces = getattr(getattr(graphene_type, "_meta", None), "interfaces", ())
    return relay.Node in interfaces


class NodeField(RelayNodeField):
    """`node(id:)`, where an id that is malformed or names no node type is simply not found
    (null), like an id of no row. graphene raises a bare Exception for those, which the endpoint
    would report (and log) as an internal error."""

    def wrap_resolve(self, parent_resolver):
        resolve = super().wrap_resolve(parent_resolver)

        def resolve_node(root, info, id):
            return resolve(root, info, id=id) if is_node_id(info, id) else None

        return resolve_node
