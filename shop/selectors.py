"""Reads of the catalog that cross relations, shaped so a page runs a fixed number of queries."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from shop.models import Category, Product, ProductImage, ProductVariant, Reservation


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


def catalog_products(*, include_unpublished: bool = False) -> QuerySet[Product]:
    """Products with what a product card needs, in a constant number of queries.

    Unpublished products only for staff who may see them (the caller checks the permission).
    """
    queryset = Product.objects.select_related("category").prefetch_related(
        Prefetch("variants", queryset=variants_with_reserved().order_by("position", "id")),
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
    )
    return queryset if include_unpublished else queryset.filter(is_published=True)


def published_products() -> QuerySet[Product]:
    """Published products with what a product card needs, in a constant number of queries."""
    return catalog_products()


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
    """Top-level categories with their children, for the header and the home page."""
    return list(
        Category.objects.filter(parent__isnull=True).prefetch_related(
            Prefetch("children", queryset=Category.objects.order_by("position", "name"))
        )
    )
