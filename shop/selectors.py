"""Reads of the catalog that cross relations, shaped so a page runs a fixed number of queries."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from shop.models import (
    Category,
    Product,
    ProductImage,
    ProductVariant,
    Reservation,
    VariantAttributeValue,
)

SEARCH_ONLY_FIELDS = ("search_document", "search_vector_en", "search_vector_fr")


def variants_with_reserved() -> QuerySet[ProductVariant]:
    """Variants annotated with the quantity running checkouts hold, so that
    `quantity_available` needs no query of its own."""
    reserved = (
        Reservation.objects.filter(variant=OuterRef("pk"), expires_at__gt=timezone.now())
        .order_by()
        .values("variant")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    return ProductVariant.objects.annotate(quantity_reserved=Coalesce(Subquery(reserved), 0))


def _catalog_prefetches(*, with_images: bool) -> list[Prefetch]:
    prefetches = [
        Prefetch("variants", queryset=variants_with_reserved().order_by("position", "id"))
    ]
    if with_images:
        prefetches.append(
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"))
        )
    return prefetches


def catalog_products(
    *,
    include_unpublished: bool = False,
    with_images: bool = True,
    with_relations: bool = True,
    with_attributes: bool = False,
) -> QuerySet[Product]:
    """Products with what a product card needs, in a constant number of queries.

    Unpublished products only for staff who may see them (the caller checks the permission).
    `with_images=False` leaves the images out, for API queries that ask for none (a query
    fewer); `product.images` then costs a query per product. `with_relations=False` leaves out
    the variants and images too, for a page that loads them with `catalog_relations_load`.
    `with_attributes=True` joins the product type and prefetches the variants' attribute values
    with their attributes (a query more, for the API's `attributes` and `productType`).
    """
    # The search columns are read by the database alone; loading them would make every row of
    # a listing a few kilobytes wider (and a search's sort spill to disk).
    queryset = Product.objects.select_related("category").defer(*SEARCH_ONLY_FIELDS)
    if with_relations:
        queryset = queryset.prefetch_related(*_catalog_prefetches(with_images=with_images))
        if with_attributes:
            queryset = queryset.select_related("product_type").prefetch_related(
                Prefetch(
                    "variants__attribute_values",
                    queryset=VariantAttributeValue.objects.select_related(
                        "attribute", "value"
                    ).order_by("attribute__position", "attribute_id", "value__position"),
                )
            )
    return queryset if include_unpublished else queryset.filter(is_published=True)


def published_products(*, with_relations: bool = True) -> QuerySet[Product]:
    """Published products with what a product card needs, in a constant number of queries."""
    return catalog_products(with_relations=with_relations)


def catalog_relations_load(*product_lists: Sequence[Product]) -> None:
    """Prefetch what `catalog_products` prefetches (variants with their reservations, images)
    for the products of several lists at once: one query per relation for all of them, where
    each list's own prefetch would run its own."""
    products = [product for products in product_lists for product in products]
    prefetch_related_objects(products, *_catalog_prefetches(with_images=True))


def in_stock(queryset: QuerySet[Product]) -> QuerySet[Product]:
    return queryset.filter(
        Exists(ProductVariant.objects.filter(product=OuterRef("pk"), quantity__gt=0))
    )


def category_with_descendants_ids(categories) -> set[int]:
    """The ids of the given categories and of every category below them (one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = set(), [c.pk if isinstance(c, Category) else int(c) for c in categories]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


def navigation_categories() -> list[Category]:
    """Top-level categories, for the header and footer menus of every storefront page.

    Their children are not prefetched: no menu shows them, and the prefetch was a second query
    on every page. Add it back (one query, not one per category) if a menu ever lists them.
    """
    return list(Category.objects.filter(parent__isnull=True))


@dataclass
class ProductOptions:
    """What the product page's pickers show: each attribute of the product's variants with
    its values, and every combination (value ids) → its variant, stock and price."""

    attributes: list  # [(Attribute, [AttributeValue, ...]), ...] in position order
    combinations: dict  # frozenset of value ids → ProductVariant
    images_by_value: dict  # value id → [ProductImage, ...]

    def choice_of(self, data) -> dict[str, str]:
        """The chosen value slug per attribute slug in `data` (`attr_<slug>=<value slug>`)."""
        return {
            attribute.slug: data.get(f"attr_{attribute.slug}", "")
            for attribute, _values in self.attributes
        }

    def variant_for(self, choice: dict[str, str]):
        """The variant of a full choice, None when the combination does not exist; raises
        KeyError naming the first attribute left unchosen."""
        ids = set()
        for attribute, values in self.attributes:
            by_slug = {value.slug: value for value in values}
            value = by_slug.get(choice.get(attribute.slug, ""))
            if value is None:
                raise KeyError(attribute.name)
            ids.add(value.pk)
        return self.combinations.get(frozenset(ids))

    def as_json(self) -> dict:
        """The map the page's script reads: value ids joined by "-" (sorted) → variant."""
        return {
            "-".join(str(pk) for pk in sorted(key)): {
                "variant": variant.pk,
                "stock": variant.quantity_available,
                "price": str(variant.price),
                "sku": variant.sku,
            }
            for key, variant in self.combinations.items()
        }


def product_options(product: Product) -> ProductOptions | None:
    """The options of a product with a type (None without one), from its variants: two
    queries (the variants' values with their attributes, once; images are the product's
    prefetched ones when loaded)."""
    if not product.product_type_id:
        return None
    variants = {variant.pk: variant for variant in product.variants.all()}
    rows = (
        VariantAttributeValue.objects.filter(variant_id__in=list(variants))
        .select_related("attribute", "value")
        .order_by("attribute__position", "attribute_id", "value__position", "value__name")
    )
    attributes: dict[int, tuple] = {}
    by_variant: dict[int, set[int]] = {}
    for row in rows:
        attribute, values = attributes.setdefault(row.attribute_id, (row.attribute, {}))
        values.setdefault(row.value_id, row.value)
        by_variant.setdefault(row.variant_id, set()).add(row.value_id)
    # In the variants' own order (position, id): the first buyable one is pre-selected, the
    # same on every database (the rows above come in value order, not variant order).
    combinations = {
        frozenset(by_variant[variant_id]): variant
        for variant_id, variant in variants.items()
        if len(by_variant.get(variant_id, ())) == len(attributes)
    }
    images_by_value: dict[int, list] = {}
    for image in product.images.all():
        if image.value_id:
            images_by_value.setdefault(image.value_id, []).append(image)
    return ProductOptions(
        attributes=[
            (attribute, list(values.values())) for attribute, values in attributes.values()
        ],
        combinations=combinations,
        images_by_value=images_by_value,
    )
