"""The `filter` and `sortBy` inputs of the catalog queries.

`products` feeds its input into shop.filters.ProductFilter, the filter set of the HTML listing,
so the pages and the API select and order products identically. Where the pages silently drop
an invalid value, the API answers with an error naming the input field.
"""

import graphene
from django.utils.translation import gettext as _
from graphql import GraphQLError

from core.graphql.ids import pk_from_global_id, pks_from_global_ids
from core.graphql.types import OrderDirection
from shop.filters import ATTRIBUTE_PREFIX, DEFAULT_SORT, SORTS, ProductFilter

# ProductFilter's form fields, by the name of the API's input field.
FORM_FIELD_API_NAMES = {
    "q": "search",
    "category_id": "categories",
    "price_min": "priceGte",
    "price_max": "priceLte",
    "in_stock": "inStock",
    "sort": "sortBy",
}
MAX_CATEGORY_LEVEL = 10


class AttributeFilterInput(graphene.InputObjectType):
    slug = graphene.String(required=True, description="The attribute, such as `colour`.")
    values = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Value slugs; a product with a variant in any of them matches.",
    )


class ProductFilterInput(graphene.InputObjectType):
    search = graphene.String(
        description=(
            "Words to look for in names, descriptions, category names and SKUs, in the "
            "request's language (stemmed, accents ignored, typos in names tolerated on "
            "PostgreSQL). Without `sortBy`, the best matches come first."
        )
    )
    categories = graphene.List(
        graphene.NonNull(graphene.ID),
        description="Category ids; products of the categories below them match too.",
    )
    price_gte = graphene.Decimal(description="Lowest price from this amount.")
    price_lte = graphene.Decimal(description="Lowest price up to this amount.")
    in_stock = graphene.Boolean(
        description="true: only products with a variant in stock. false or null: no filter."
    )
    attributes = graphene.List(
        graphene.NonNull(AttributeFilterInput),
        description=(
            "Attribute values: products with one variant matching every attribute given "
            "(any of the values of each)."
        ),
    )


class ProductSortField(graphene.Enum):
    NAME = "name"
    PRICE = "price"
    CREATED_AT = "created_at"

    @property
    def description(self):
        return {
            ProductSortField.NAME: "By name.",
            ProductSortField.PRICE: "By lowest variant price.",
            ProductSortField.CREATED_AT: "By creation date.",
        }[self]


class ProductSortingInput(graphene.InputObjectType):
    field = ProductSortField(required=True)
    direction = OrderDirection(required=True)


# (field, direction) -> the value of ProductFilter's `sort`.
PRODUCT_SORTS = {
    ("name", "asc"): "name",
    ("name", "desc"): "-name",
    ("price", "asc"): "price",
    ("price", "desc"): "-price",
    ("created_at", "asc"): "oldest",
    ("created_at", "desc"): "newest",
}


def filter_products(queryset, *, filter_input=None, sort_by=None):
    """`queryset` filtered and ordered as asked. Raises GraphQLError on an invalid input."""
    filter_input = filter_input or {}
    data = {}
    if filter_input.get("search"):
        data["q"] = filter_input["search"]
    category_ids_by_pk = {}
    if filter_input.get("categories"):
        category_ids_by_pk, invalid = pks_from_global_ids(filter_input["categories"], "Category")
        if invalid:
            raise GraphQLError(
                _("Invalid category id(s) in `categories`: %(ids)s.") % {"ids": ", ".join(invalid)}
            )
        data["category_id"] = list(category_ids_by_pk)
    if filter_input.get("price_gte") is not None:
        data["price_min"] = filter_input["price_gte"]
    if filter_input.get("price_lte") is not None:
        data["price_max"] = filter_input["price_lte"]
    if filter_input.get("in_stock"):
        data["in_stock"] = True
    for attribute in filter_input.get("attributes") or []:
        values = [value for value in attribute["values"] if value]
        if values:
            data[f"{ATTRIBUTE_PREFIX}{attribute['slug']}"] = values
    if sort_by:
        data["sort"] = PRODUCT_SORTS[(sort_by.field.value, sort_by.direction.value)]

    if data.keys() <= {"sort"}:
        # Nothing to filter: order as ProductFilter would, without building its form (a tenth
        # of a listing request). tests/shop/test_graphql.py checks both give the same SQL.
        return queryset.order_by(*SORTS[data.get("sort", DEFAULT_SORT)])
    product_filter = ProductFilter(data, queryset=queryset)
    if not product_filter.is_valid():
        raise GraphQLError(_filter_error_message(product_filter.form, category_ids_by_pk))
    return product_filter.qs


def _filter_error_message(form, category_ids_by_pk) -> str:
    messages = []
    for name, errors in form.errors.as_data().items():
        api_name = FORM_FIELD_API_NAMES.get(name, name)
        for error in errors:
            if name == "category_id" and error.code == "invalid_choice":
                pk = error.params["value"]
                message = _("No category with the id %(id)s.") % {
                    "id": category_ids_by_pk.get(int(pk), pk)
                }
            else:
                message = error.message % error.params if error.params else error.message
            messages.append(f"{api_name}: {message}")
    return " ".join(messages)


def filter_categories(queryset, *, level=None, parent=None):
    """Categories at a depth of the tree (0: top level) or below a parent category."""
    if level is not None:
        if not 0 <= level <= MAX_CATEGORY_LEVEL:
            raise GraphQLError(
                _("`level` must be between 0 and %(max)s.") % {"max": MAX_CATEGORY_LEVEL}
            )
        # Level n: n ancestors, so the n-th parent exists and the (n+1)-th does not.
        queryset = queryset.filter(**{"__".join(["parent"] * (level + 1)) + "__isnull": True})
        if level:
            queryset = queryset.filter(**{"__".join(["parent"] * level) + "__isnull": False})
    if parent is not None:
        parent_pk = pk_from_global_id(parent, "Category")
        if parent_pk is None:
            raise GraphQLError(_("Invalid category id in `parent`: %(id)s.") % {"id": parent})
        queryset = queryset.filter(parent_id=parent_pk)
    return queryset
