import graphene
from django.utils.translation import gettext as _
from graphql import GraphQLError

from core.graphql.connection import ConnectionField
from core.graphql.ids import pk_from_global_id
from core.graphql.selections import selects_any
from core.http import client_ip
from shop.graphql.filters import (
    ProductFilterInput,
    ProductSortingInput,
    filter_categories,
    filter_products,
)
from shop.graphql.types import (
    ATTRIBUTE_FIELDS,
    IMAGE_FIELDS,
    Category,
    Product,
    categories_with_relatives,
    visible_products,
)
from shop.selectors import catalog_products
from shop.services import search_miss_record


def _one_lookup(type_name: str, id, slug):
    """The primary key or the slug to look up, exactly one of them being given."""
    if (id is None) == (slug is None):
        raise GraphQLError(_("Give either `id` or `slug`, not both nor neither."))
    if id is None:
        return {"slug": slug}
    pk = pk_from_global_id(id, type_name)
    if pk is None:
        raise GraphQLError(
            _("Invalid id %(id)s: not the id of a %(type)s.") % {"id": id, "type": type_name}
        )
    return {"pk": pk}


class ShopQueries(graphene.ObjectType):
    products = ConnectionField(
        Product,
        filter=ProductFilterInput(description="Only the products matching all these criteria."),
        sort_by=ProductSortingInput(description="The order of the products; by name if not set."),
        description="The catalog: published products (all products for staff who may see them).",
    )
    product = graphene.Field(
        Product,
        id=graphene.ID(),
        slug=graphene.String(),
        description="One product by `id` or by `slug`; null if there is none to see.",
    )
    categories = ConnectionField(
        Category,
        level=graphene.Int(description="Only the categories at this depth; 0 is the top level."),
        parent=graphene.ID(description="Only the categories directly below this one."),
        description="Categories, ordered by position and name.",
    )
    category = graphene.Field(
        Category,
        id=graphene.ID(),
        slug=graphene.String(),
        description="One category by `id` or by `slug`; null if there is none.",
    )

    def resolve_products(root, info, filter=None, sort_by=None, **kwargs):
        # Unpublished products are removed by the connection, through Product.get_queryset.
        queryset = catalog_products(
            include_unpublished=True,
            with_images=selects_any(info, IMAGE_FIELDS),
            with_attributes=selects_any(info, ATTRIBUTE_FIELDS),
        )
        products = filter_products(queryset, filter_input=filter, sort_by=sort_by)
        search = (filter or {}).get("search")
        others = {key for key, value in (filter or {}).items() if value and key != "search"}
        if search and not others and not products.filter(is_published=True).exists():
            # A search of the whole catalog that finds nothing: the seller's "Searches with no
            # result", as from the listing page (one query, only for such a search).
            search_miss_record(query=search, ip=client_ip(info.context))
        return products

    def resolve_product(root, info, id=None, slug=None):
        lookup = _one_lookup("Product", id, slug)
        return visible_products(info).filter(**lookup).first()

    def resolve_categories(root, info, level=None, parent=None, **kwargs):
        queryset = categories_with_relatives().order_by("position", "name", "id")
        return filter_categories(queryset, level=level, parent=parent)

    def resolve_category(root, info, id=None, slug=None):
        lookup = _one_lookup("Category", id, slug)
        return categories_with_relatives().filter(**lookup).first()
