"""The catalog's GraphQL types. Non-staff see published products only, whichever way they ask
(`products`, `product`, `node`, a category's products).

The list fields read the prefetched relations (`root.variants.all()`), so a page of products
costs the same few queries whatever its size; keep it that way when adding fields.
"""

import graphene
from django.db.models import Prefetch
from graphene import relay
from graphene_django import DjangoObjectType

from core.db import database_id, prefetched
from core.graphql.connection import ConnectionField, CountableConnection
from core.graphql.errors import make_error_type
from core.graphql.selections import selects_any
from core.graphql.types import Money, money
from shop import models
from shop.error_codes import ShopErrorCode
from shop.selectors import catalog_products, category_with_descendants_ids

ShopError = make_error_type("ShopError", ShopErrorCode)

VIEW_UNPUBLISHED_PERMISSION = "shop.view_product"


def can_see_unpublished(info) -> bool:
    user = info.context.user
    return user.is_authenticated and user.has_perm(VIEW_UNPUBLISHED_PERMISSION)


# The fields that read the variants' attribute values (prefetched only if one is asked for).
ATTRIBUTE_FIELDS = frozenset({"attributes", "productType"})

# The fields of Product that read its images: the images are prefetched only if one is asked for.
IMAGE_FIELDS = frozenset({"images", "thumbnail"})


def visible_products(info):
    """The products the requesting user may see, with their variants prefetched, and their
    images when the query asks for them."""
    return catalog_products(
        include_unpublished=can_see_unpublished(info),
        with_images=selects_any(info, IMAGE_FIELDS),
        with_attributes=selects_any(info, ATTRIBUTE_FIELDS),
    )


def categories_with_relatives():
    """Categories with their parent joined and their children prefetched."""
    return models.Category.objects.select_related("parent").prefetch_related(
        Prefetch("children", queryset=models.Category.objects.order_by("position", "name", "id"))
    )


def absolute_url(info, url: str) -> str:
    """`url` made absolute for the current request (storages may already give absolute URLs)."""
    if not url.startswith("/") or url.startswith("//"):
        return url
    request = info.context
    # build_absolute_uri validates the host on each call; once per request is enough.
    base = getattr(request, "_shop_absolute_base", None)
    if base is None:
        base = request._shop_absolute_base = request.build_absolute_uri("/")[:-1]
    return base + url


class ProductImage(graphene.ObjectType):
    url = graphene.String(required=True, description="Absolute URL of the image.")
    alt = graphene.String(required=True, description="Alternative text; may be empty.")

    def resolve_url(root, info):
        return absolute_url(info, root.image.url)


class Category(DjangoObjectType):
    parent = graphene.Field(lambda: Category, description="The category above; null at the top.")
    children = graphene.List(
        graphene.NonNull(lambda: Category), required=True, description="The categories below."
    )
    products = ConnectionField(
        lambda: Product,
        description="Products of this category and of every category below it, by name.",
    )

    class Meta:
        model = models.Category
        fields = ("id", "name", "slug", "description")
        interfaces = (relay.Node,)
        connection_class = CountableConnection

    def resolve_children(root, info):
        return prefetched(root, "children")

    def resolve_products(root, info, **kwargs):
        # The connection then applies Product.get_queryset, which hides unpublished products.
        # A few queries per category: fine for one category, an N+1 inside `categories`.
        category_ids = category_with_descendants_ids([root])
        return (
            catalog_products(
                include_unpublished=True,
                with_images=selects_any(info, IMAGE_FIELDS),
                with_attributes=selects_any(info, ATTRIBUTE_FIELDS),
            )
            .filter(category_id__in=category_ids)
            .order_by("name", "id")
        )


class Attribute(graphene.ObjectType):
    """An option products come in, such as size or colour."""

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    kind = graphene.String(required=True, description="`text`, or `swatch` for colours.")


class AttributeValue(graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    color = graphene.String(description="The swatch colour, such as #1f2a44, if any.")

    def resolve_color(root, info):
        return root.color or None


class SelectedAttribute(graphene.ObjectType):
    """An attribute and the values of it a product (or a variant) has."""

    attribute = graphene.Field(Attribute, required=True)
    values = graphene.List(graphene.NonNull(AttributeValue), required=True)


class ProductType(graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)


def _selected_attributes(rows) -> list[dict]:
    """VariantAttributeValue rows (with attribute and value) grouped by attribute, in order."""
    grouped: dict[int, dict] = {}
    for row in rows:
        entry = grouped.setdefault(row.attribute_id, {"attribute": row.attribute, "values": {}})
        entry["values"].setdefault(row.value_id, row.value)
    ordered = sorted(grouped.values(), key=lambda e: (e["attribute"].position, e["attribute"].pk))
    return [
        {
            "attribute": entry["attribute"],
            "values": sorted(entry["values"].values(), key=lambda v: (v.position, v.name)),
        }
        for entry in ordered
    ]


class Product(DjangoObjectType):
    category = graphene.Field(Category, required=True)
    vat_rate = graphene.Decimal(required=True, description="VAT rate in percent, in the prices.")
    created = graphene.DateTime(required=True, description="When the product was created.")
    price_from = graphene.Field(
        Money, description="The lowest price of its variants; null when it has none."
    )
    is_available = graphene.Boolean(required=True, description="Whether a variant is in stock.")
    images = graphene.List(graphene.NonNull(ProductImage), required=True, description="In order.")
    thumbnail = graphene.Field(ProductImage, description="The first image, if any.")
    variants = graphene.List(
        graphene.NonNull(lambda: ProductVariant), required=True, description="In order."
    )
    product_type = graphene.Field(ProductType, description="What options it comes in, if any.")
    attributes = graphene.List(
        graphene.NonNull(SelectedAttribute),
        required=True,
        description="Each attribute of its variants with the values they come in.",
    )

    class Meta:
        model = models.Product
        fields = ("id", "name", "slug", "description", "is_published")
        interfaces = (relay.Node,)
        connection_class = CountableConnection

    @classmethod
    def get_queryset(cls, queryset, info):
        if can_see_unpublished(info):
            return queryset
        return queryset.filter(is_published=True)

    @classmethod
    def get_node(cls, info, id):
        if database_id(id) is None:
            return None
        return visible_products(info).filter(pk=id).first()

    def resolve_created(root, info):
        return root.created_at

    def resolve_price_from(root, info):
        return money(root.price_from)

    def resolve_is_available(root, info):
        return any(variant.quantity_available > 0 for variant in prefetched(root, "variants"))

    def resolve_images(root, info):
        return prefetched(root, "images")

    def resolve_thumbnail(root, info):
        images = prefetched(root, "images")
        return images[0] if images else None

    def resolve_variants(root, info):
        return prefetched(root, "variants")

    def resolve_product_type(root, info):
        return root.product_type

    def resolve_attributes(root, info):
        return _selected_attributes(
            row
            for variant in prefetched(root, "variants")
            for row in prefetched(variant, "attribute_values")
        )


class ProductVariant(DjangoObjectType):
    """What is sold: one size or colour of a product, with its own SKU, price and stock."""

    # Declared rather than converted, so no translated help_text ends up in the schema.
    name = graphene.String(required=True, description="Such as “M / Blue”; may be empty.")
    product = graphene.Field(Product, required=True)
    price = graphene.Field(Money, required=True, description="Price, VAT included.")
    compare_at_price = graphene.Field(
        Money, description="The former price, to show struck through when higher than `price`."
    )
    quantity_available = graphene.Int(required=True, description="How many can be bought.")
    attributes = graphene.List(
        graphene.NonNull(SelectedAttribute),
        required=True,
        description="The values it is made of, one per attribute (“28”, “Charcoal”).",
    )

    class Meta:
        model = models.ProductVariant
        fields = ("id", "sku")
        interfaces = (relay.Node,)

    @classmethod
    def get_queryset(cls, queryset, info):
        if can_see_unpublished(info):
            return queryset
        return queryset.filter(product__is_published=True)

    @classmethod
    def get_node(cls, info, id):
        if database_id(id) is None:
            return None
        queryset = cls.get_queryset(models.ProductVariant.objects.select_related("product"), info)
        return queryset.filter(pk=id).first()

    def resolve_price(root, info):
        return money(root.price)

    def resolve_compare_at_price(root, info):
        return money(root.compare_at_price)

    def resolve_quantity_available(root, info):
        return root.quantity_available

    def resolve_attributes(root, info):
        return _selected_attributes(prefetched(root, "attribute_values"))
