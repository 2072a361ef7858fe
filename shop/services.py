"""Writes to the catalog. Admin actions, GraphQL mutations and the demo loader all call these."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from itertools import product as cartesian

from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from core.db import rows_update
from core.errors import typed_error
from core.uploads import IMAGE_FORMATS, UploadRefused, upload_clean
from customers.ratelimit import rate_limit_hit, rate_limited
from shop.error_codes import ShopErrorCode
from shop.models import (
    Attribute,
    AttributeValue,
    Category,
    Product,
    ProductVariant,
    SearchMiss,
    SearchTerm,
    VariantAttributeValue,
)
from shop.search import (
    search_language,
    search_query_normalise,
    search_text_fold,
    search_vector_updates,
    search_words_of_names,
)
from shop.selectors import category_with_descendants_ids
from shop.stock import variant_set_stock

SCOPE_SEARCH_MISS_IP = "shop-search-miss-ip"

# The languages the catalog is written in (shop/translation.py).
CATALOG_LANGUAGES = [code for code, _name in settings.LANGUAGES]


def product_search_terms(product_ids: list[int]) -> dict[int, list[str]]:
    """Words a product is found by besides its name, description, category names and SKUs,
    by product id: the names of its variants' attribute values (colours, sizes…), one query."""
    names = [f"value__name_{code}" for code in CATALOG_LANGUAGES]  # "navy" and "marine"
    rows = (
        VariantAttributeValue.objects.filter(variant__product_id__in=list(product_ids))
        .values_list("variant__product_id", *names)
        .order_by("variant__product_id", "value__attribute__position", "value__position")
        .distinct()
    )
    terms: dict[int, list[str]] = defaultdict(list)
    for product_id, *value_names in rows:
        for name in value_names:
            if name and name not in terms[product_id]:
                terms[product_id].append(name)
    return dict(terms)


def _category_names() -> dict[int, str]:
    """Each category's name followed by its ancestors' names (one query for the whole tree)."""
    # Every language's name: a French search finds "Pantalons" as an English one "Trousers".
    name_fields = [f"name_{code}" for code in CATALOG_LANGUAGES]
    rows = {
        pk: (parent_id, " ".join(dict.fromkeys(filter(None, names))))
        for pk, parent_id, *names in Category.objects.values_list("pk", "parent_id", *name_fields)
    }
    paths = {}
    for pk in rows:
        names, seen, current = [], set(), pk
        while current is not None and current in rows and current not in seen:
            seen.add(current)
            parent_id, name = rows[current]
            names.append(name)
            current = parent_id
        paths[pk] = " ".join(names)
    return paths


def _search_document(
    name: str, description: str, category_names: str, skus: list[str], terms: list[str]
) -> str:
    """What a product is found by, folded (lower case, no accents) for the SQLite fallback;
    PostgreSQL indexes it as weight B of the search vectors."""
    return search_text_fold(" ".join([name, description, category_names, *skus, *terms]))


def product_refresh_derived_fields(*, product: Product) -> Product:
    """Recompute the lowest price and the search text from the product's variants.

    Call after any change to a product's name, description, category or variants (price, SKU).
    """
    products_refresh_derived_fields(product_ids=[product.pk])
    product.refresh_from_db(fields=["price_from", "search_document"])
    return product


def products_refresh_derived_fields(*, product_ids: Iterable[int], batch_size: int = 500) -> int:
    """`product_refresh_derived_fields` for many products (imports, the demo loader): four
    SELECTs, one executemany'd UPDATE and, on PostgreSQL, one UPDATE of the search vectors per
    batch of `batch_size` products.

    Returns how many products were asked for.
    """
    ids = sorted(set(product_ids))
    category_names = _category_names() if ids else {}
    search_terms_add(category_names.values())
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        skus: dict[int, list[str]] = defaultdict(list)
        # Same order as product.variants (the model's ordering), so both give the same text.
        variants = ProductVariant.objects.filter(product_id__in=batch).order_by(
            *ProductVariant._meta.ordering
        )
        for product_id, sku in variants.values_list("product_id", "sku"):
            skus[product_id].append(sku)
        lowest = dict(
            ProductVariant.objects.filter(product_id__in=batch)
            .order_by()
            .values("product_id")
            .annotate(low=Min("price"))
            .values_list("product_id", "low")
        )
        terms = product_search_terms(batch)
        text_fields = [
            f"{field}_{code}" for field in ("name", "description") for code in CATALOG_LANGUAGES
        ]
        rows = Product.objects.filter(pk__in=batch).values_list("pk", "category_id", *text_fields)
        names = set()
        documents = []
        languages = len(CATALOG_LANGUAGES)
        for pk, category_id, *texts in rows:
            # The name and description in every language (each once), for a search in any.
            product_names = list(dict.fromkeys(filter(None, texts[:languages])))
            descriptions = list(dict.fromkeys(filter(None, texts[languages:])))
            names.update(product_names)
            category = category_names.get(category_id, "")
            document = _search_document(
                " ".join(product_names),
                " ".join(descriptions),
                category,
                skus[pk],
                terms.get(pk, []),
            )
            documents.append((pk, lowest.get(pk), document))
        rows_update(Product, ["price_from", "search_document"], documents)
        search_terms_add(names)
        products = Product.objects.filter(pk__in=batch)
        if connections[products.db].vendor == "postgresql":
            products.update(**search_vector_updates())
    return len(ids)


def search_terms_add(names: Iterable[str]) -> None:
    """Remember the words of these names (products, categories) as words a misspelt search
    may be corrected to (shop.search). Words are never removed: one that no product uses any
    more only widens a search that finds nothing anyway."""
    words = search_words_of_names(names)
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=word) for word in sorted(words)], ignore_conflicts=True, batch_size=500
    )


def category_products_refresh(*, category: Category) -> int:
    """Refresh the search text of the products in `category` and below it, whose documents
    hold the category's name: call after renaming or moving a category."""
    ids = Product.objects.filter(
        category_id__in=category_with_descendants_ids([category])
    ).values_list("pk", flat=True)
    return products_refresh_derived_fields(product_ids=list(ids))


def search_miss_record(*, query: str, language: str | None = None, ip: str | None = None) -> bool:
    """Count one catalog search that found nothing, for the seller's "Searches with no result".

    `ip`: the client of a web request; it is counted at most SHOP_SEARCH_MISS_LOGS_PER_IP_PER_HOUR
    times an hour, so a loop of requests cannot fill the list. Returns whether it was counted.
    """
    query = search_text_fold(search_query_normalise(query))
    if not query:
        return False
    if ip is not None:
        limit = settings.SHOP_SEARCH_MISS_LOGS_PER_IP_PER_HOUR
        if rate_limited(scope=SCOPE_SEARCH_MISS_IP, key=ip, limit=limit, window_seconds=3600):
            return False
        rate_limit_hit(scope=SCOPE_SEARCH_MISS_IP, key=ip)
    language = search_language(language)
    now = timezone.now()
    misses = SearchMiss.objects.filter(query=query, language=language)
    if misses.update(count=F("count") + 1, last_searched_at=now):
        return True
    try:
        with transaction.atomic():
            SearchMiss.objects.create(query=query, language=language, last_searched_at=now)
    except IntegrityError:  # the same miss, counted meanwhile by another request
        misses.update(count=F("count") + 1, last_searched_at=now)
    return True


def products_set_published(*, product_ids, is_published: bool) -> int:
    """Publish or unpublish many products at once; returns how many changed."""
    products = Product.objects.filter(pk__in=list(product_ids))
    return products.exclude(is_published=is_published).update(is_published=is_published)


def product_image_file(*, upload):
    """The file to store for an uploaded product image: re-encoded, named `<random>.<ext>` of
    its detected format (core.uploads). Refuses INVALID_IMAGE (not JPEG, PNG, GIF or WebP)."""
    try:
        return upload_clean(upload, formats=IMAGE_FORMATS).file
    except UploadRefused:
        raise typed_error(
            _("Upload a JPEG, PNG, GIF or WebP image."), ShopErrorCode.INVALID_IMAGE
        ) from None


def variant_combination_name(values: Iterable[AttributeValue]) -> str:
    """The variant name order lines copy: "28 / Charcoal"."""
    return " / ".join(value.name for value in values)


def _variant_sku(product: Product, values: Iterable[AttributeValue]) -> str:
    return "-".join([product.slug, *(value.slug for value in values)]).upper()[:64]


@transaction.atomic
def variants_generate(
    product: Product,
    values_by_attribute: Mapping[Attribute, Iterable[AttributeValue]],
    *,
    price: Decimal,
    quantity: int = 0,
) -> list[ProductVariant]:
    """Create one variant of `product` per combination of the given values that it does not
    have yet (idempotent: running it twice creates nothing the second time).

    `values_by_attribute`: for each attribute of the product's type, the values to combine
    (an attribute with no value is left out). The variant is named "28 / Charcoal", its SKU is
    the product's slug followed by the values' slugs. Returns the variants created.
    """
    if price is None or Decimal(price) < 0:
        raise typed_error(_("Enter a price of 0 or more."), ShopErrorCode.INVALID, field="price")
    if quantity is None or quantity < 0:
        raise typed_error(
            _("Stock cannot be negative."), ShopErrorCode.NEGATIVE_STOCK, field="quantity"
        )
    Product.objects.select_for_update().filter(pk=product.pk).first()  # one generation at once
    allowed = set()
    if product.product_type_id:
        allowed = set(product.product_type.attributes.values_list("pk", flat=True))
    groups = []
    for attribute in sorted(values_by_attribute, key=lambda a: (a.position, a.pk)):
        values = sorted(
            {value.pk: value for value in values_by_attribute[attribute]}.values(),
            key=lambda v: (v.position, v.pk),
        )
        if not values:
            continue
        if attribute.pk not in allowed or any(v.attribute_id != attribute.pk for v in values):
            raise typed_error(
                _("“%(attribute)s” is not an option of this product’s type."),
                ShopErrorCode.INVALID,
                field="values",
                attribute=attribute.name,
            )
        groups.append(values)
    if not groups:
        return []
    by_variant: dict[int, set[int]] = defaultdict(set)
    for variant_id, value_id in VariantAttributeValue.objects.filter(
        variant__product=product
    ).values_list("variant_id", "value_id"):
        by_variant[variant_id].add(value_id)
    existing = {frozenset(values) for values in by_variant.values()}
    position = product.variants.count()
    created = []
    for combination in cartesian(*groups):
        key = frozenset(value.pk for value in combination)
        if key in existing:
            continue
        sku = _variant_sku(product, combination)
        if ProductVariant.objects.filter(sku=sku).exists():
            sku = f"{sku[:56]}-{len(existing) + len(created) + 1}"
        variant = ProductVariant.objects.create(
            product=product,
            sku=sku,
            name=variant_combination_name(combination),
            price=price,
            quantity=quantity,
            position=position,
        )
        position += 1
        VariantAttributeValue.objects.bulk_create(
            [
                VariantAttributeValue(variant=variant, attribute_id=v.attribute_id, value=v)
                for v in combination
            ]
        )
        existing.add(key)
        created.append(variant)
    if created:
        products_refresh_derived_fields(product_ids=[product.pk])
    return created


@transaction.atomic
def variants_bulk_update(product: Product, rows: Iterable[Mapping]) -> int:
    """Set the price and/or stock of many variants of `product`: rows of
    {"id": …, "price": …, "quantity": …} (price and quantity optional). Stock goes through
    shop.stock.variant_set_stock (locked). Returns how many variants changed."""
    rows = list(rows)
    ids = [row["id"] for row in rows]
    variants = {
        v.pk: v
        for v in ProductVariant.objects.select_for_update().filter(product=product, pk__in=ids)
    }
    changed = 0
    for row in rows:
        variant = variants.get(row["id"])
        if variant is None:
            raise typed_error(_("No such variant."), ShopErrorCode.NOT_FOUND, field="id")
        touched = False
        price = row.get("price")
        if price is not None and Decimal(price) != variant.price:
            if Decimal(price) < 0:
                raise typed_error(
                    _("Enter a price of 0 or more."), ShopErrorCode.INVALID, field="price"
                )
            variant.price = Decimal(price)
            variant.save(update_fields=["price"])
            touched = True
        quantity = row.get("quantity")
        if quantity is not None and quantity != variant.quantity:
            variant_set_stock(variant_id=variant.pk, quantity=quantity)
            touched = True
        changed += touched
    if changed:
        products_refresh_derived_fields(product_ids=[product.pk])
    return changed
