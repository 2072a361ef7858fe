"""The shop's part of the root schema (config/schema.py gathers every app's)."""

from shop.graphql.mutations import ShopMutations
from shop.graphql.queries import ShopQueries

__all__ = ["ShopMutations", "ShopQueries"]
