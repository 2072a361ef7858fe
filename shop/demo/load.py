"""Write the demo catalog to the database in batches, skipping whatever is already there.

Slugs and SKUs are deterministic, so a second run finds every product by its slug and creates
nothing; a run that stopped half-way (each batch is one transaction) is completed by the next one.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.db import rows_update
from shop.demo.data import CATEGORY_TREE, COLOURS, FEATURED_LEAVES, LEAVES, Leaf
from shop.demo.french import CATEGORIES as CATEGORIES_FR
from shop.demo.french import COLOURS as COLOURS_FR
from shop.demo.generate import ProductSpec, product_specs
from shop.demo.images import placeholder_jpeg
from shop.models import (
    Attribute,
    AttributeValue,
    Category,
    Product,
    ProductImage,
    ProductType,
    ProductTypeAttribute,
    ProductVariant,
    VariantAttributeValue,
)
from shop.services import products_refresh_derived_fields

DEFAULT_PRODUCTS = 120
BATCH_SIZE = 250
# Products numbered above this share a pool of pictures per category instead of drawing their
# own: a picture costs ~2.3 ms to draw and write, which would add ~28 s to a 10,000-product load
# that takes ~12 s otherwise.
UNIQUE_IMAGES_UP_TO = 1000
POOL_SIZE = 6


@dataclass
class LoadResult:
    categories_created: int = 0
    products_created: int = 0
    variants_created: int = 0
    images_created: int = 0
    files_written: int = 0
    categories_total: int = 0
    products_total: int = 0

    @property
    def created_anything(self) -> bool:
        return bool(self.categories_created or self.products_created or self.variants_created)


def demo_catalog_load(
    *, products: int = DEFAULT_PRODUCTS, on_progress: Callable[[int, int], None] | None = None
) -> LoadResult:
    """Create the demo categories and those of the first `products` demo products that do not
    exist yet. `on_progress(done, total)` is called as products are done, for a progress bar.
    """
    result = LoadResult()
    leaves, result.categories_created = categories_ensure()
    options = options_ensure()
    existing = set(Product.objects.values_list("slug", flat=True))
    todo = [spec for spec in product_specs(products) if spec.slug not in existing]
    existing_skus = set(ProductVariant.objects.values_list("sku", flat=True)) if todo else set()
    pictures = _Pictures()
    now = timezone.now()
    for start in range(0, len(todo), BATCH_SIZE):
        batch = todo[start : start + BATCH_SIZE]
        images = {}
        for done, spec in enumerate(batch, start=start + 1):
            images[spec.number] = pictures.for_product(spec)
            if on_progress:
                on_progress(done, len(todo))
        _load_batch(batch, leaves, images, existing_skus, now, result, options)
    result.files_written = pictures.files_written
    result.categories_total = Category.objects.count()
    result.products_total = Product.objects.count()
    return result


def categories_ensure() -> tuple[dict[str, Category], int]:
    """The demo category tree, created where missing. Returns the leaves by SKU code and how
    many categories were created."""
    slugs = [parent.slug for parent in CATEGORY_TREE] + [leaf.slug for leaf in LEAVES]
    by_slug = {category.slug: category for category in Category.objects.filter(slug__in=slugs)}
    created = 0
    leaves = {}
    for position, spec in enumerate(CATEGORY_TREE):
        parent = by_slug.get(spec.slug)
        if parent is None:
            parent = Category.objects.create(
                name_en=spec.name,
                name_fr=CATEGORIES_FR[spec.slug][0],
                slug=spec.slug,
                description_en=spec.description,
                description_fr=CATEGORIES_FR[spec.slug][1],
                is_featured=spec.is_featured,
                position=position,
            )
            created += 1
        for child_position, leaf in enumerate(spec.children):
            child = by_slug.get(leaf.slug)
            if child is None:
                name_fr = CATEGORIES_FR[leaf.slug][0]
                child = Category.objects.create(
                    parent=parent,
                    name_en=leaf.name,
                    name_fr=name_fr,
                    slug=leaf.slug,
                    description_en=f"{leaf.name}, part of our {spec.name.lower()} range.",
                    description_fr=(
                        f"{name_fr}, dans notre rayon {CATEGORIES_FR[spec.slug][0].lower()}."
                    ),
                    is_featured=leaf.slug in FEATURED_LEAVES,
                    position=child_position,
                )
                created += 1
            leaves[leaf.code] = child
    return leaves, created


@dataclass
class DemoOptions:
    """The demo's product types by leaf SKU code, and its Size and Colour values."""

    types: dict[str, ProductType]
    size: Attribute
    colour: Attribute
    sizes: dict[str, AttributeValue]  # by size label ("M", "32", "180 g")
    colours: dict[str, AttributeValue]  # by colour code ("NAV")


def _product_type_name(parent, leaf) -> str:
    """The parent's name when all its leaves have the same options (Clothing, Shoes: size and
    colour), else the leaf's (Mugs: colour only; Candles: size only)."""
    shapes = {(bool(child.sizes), bool(child.colours)) for child in parent.children}
    return parent.name if len(shapes) == 1 else leaf.name


@transaction.atomic
def options_ensure() -> DemoOptions:
    """The Size and Colour (swatch) attributes with every demo value, and one product type per
    kind of leaf with the attributes its products vary in; created where missing."""
    size, _ = Attribute.objects.get_or_create(
        slug="size", defaults={"name_en": "Size", "name_fr": "Taille", "position": 0}
    )
    colour, _ = Attribute.objects.get_or_create(
        slug="colour",
        defaults={
            "name_en": "Colour",
            "name_fr": "Couleur",
            "kind": Attribute.Kind.SWATCH,
            "position": 1,
        },
    )
    sizes: dict[str, AttributeValue] = {}
    for leaf in LEAVES:
        for label in leaf.sizes:
            if label not in sizes:
                sizes[label], _ = AttributeValue.objects.get_or_create(
                    attribute=size,
                    slug=slugify(label),
                    defaults={"name_en": label, "position": len(sizes)},
                )
    colours = {}
    for position, (code, spec) in enumerate(COLOURS.items()):
        colours[code], _ = AttributeValue.objects.get_or_create(
            attribute=colour,
            slug=slugify(spec.name),
            defaults={
                "name_en": spec.name,
                "name_fr": COLOURS_FR.get(spec.name),
                "position": position,
                "color": "#{:02x}{:02x}{:02x}".format(*spec.rgb),
            },
        )
    types = {}
    for parent in CATEGORY_TREE:
        for leaf in parent.children:
            attributes = [a for a, used in ((size, leaf.sizes), (colour, leaf.colours)) if used]
            if not attributes:
                continue
            name = _product_type_name(parent, leaf)
            product_type, created = ProductType.objects.get_or_create(
                slug=slugify(name), defaults={"name": name}
            )
            if created:
                for position, attribute in enumerate(attributes):
                    ProductTypeAttribute.objects.create(
                        product_type=product_type, attribute=attribute, position=position
                    )
            types[leaf.code] = product_type
    return DemoOptions(types=types, size=size, colour=colour, sizes=sizes, colours=colours)


@transaction.atomic
def _load_batch(
    batch: list[ProductSpec],
    leaves: dict[str, Category],
    images: dict[int, list[tuple[str, str]]],
    existing_skus: set[str],
    now: datetime,
    result: LoadResult,
    options: DemoOptions,
) -> None:
    products = Product.objects.bulk_create(
        Product(
            category=leaves[spec.leaf.code],
            product_type=options.types.get(spec.leaf.code),
            name_en=spec.name,
            name_fr=spec.name_fr,
            slug=spec.slug,
            description_en=spec.description,
            description_fr=spec.description_fr,
            is_published=spec.is_published,
            is_featured=spec.is_featured,
        )
        for spec in batch
    )
    # created_at is auto_now_add, which bulk_create overwrites; spread the dates afterwards so
    # that sorting by newest means something.
    rows_update(
        Product,
        ["created_at", "updated_at"],
        (
            (product.pk, now - spec.age, now - spec.age)
            for product, spec in zip(products, batch, strict=True)
        ),
    )

    variants = []
    specs = []
    for product, spec in zip(products, batch, strict=True):
        for variant in spec.variants:
            if variant.sku in existing_skus:
                continue
            existing_skus.add(variant.sku)
            specs.append(variant)
            variants.append(
                ProductVariant(
                    product=product,
                    sku=variant.sku,
                    name=variant.name,
                    price=variant.price,
                    compare_at_price=variant.compare_at_price,
                    quantity=variant.quantity,
                    position=variant.position,
                )
            )
    ProductVariant.objects.bulk_create(variants)
    values = []
    for variant, spec in zip(variants, specs, strict=True):
        if spec.size:
            values.append((variant, options.size, options.sizes[spec.size]))
        if spec.colour:
            values.append((variant, options.colour, options.colours[spec.colour]))
    VariantAttributeValue.objects.bulk_create(
        VariantAttributeValue(variant=variant, attribute=attribute, value=value)
        for variant, attribute, value in values
    )

    rows = [
        ProductImage(
            product=product,
            image=name,
            alt=alt,
            position=position,
            # A product's own pictures are drawn in its first colour: shown for that colour.
            value=_first_colour(spec, options) if spec.number <= UNIQUE_IMAGES_UP_TO else None,
        )
        for product, spec in zip(products, batch, strict=True)
        for position, (name, alt) in enumerate(images[spec.number])
    ]
    ProductImage.objects.bulk_create(rows)

    products_refresh_derived_fields(product_ids=[product.pk for product in products])
    result.products_created += len(products)
    result.variants_created += len(variants)
    result.images_created += len(rows)


def _first_colour(spec: ProductSpec, options: DemoOptions) -> AttributeValue | None:
    colours = {variant.colour for variant in spec.variants if variant.colour}
    if len(colours) < 2:  # one colour: its pictures need no switching
        return None
    return options.colours[spec.variants[0].colour]


class _Pictures:
    """Placeholder files in the products' storage, drawn once: a file already there under the
    same deterministic name (an earlier run) is reused as is."""

    def __init__(self):
        self.field = ProductImage._meta.get_field("image")
        self.storage = self.field.storage
        self.known: dict[str, str] = {}
        self.files_written = 0

    def for_product(self, spec: ProductSpec) -> list[tuple[str, str]]:
        """(storage name, alternative text) of each picture of the product."""
        alts = [spec.name, f"{spec.name}, close-up"]
        pictures = []
        for index in range(spec.image_count):
            detail = index > 0
            if spec.number <= UNIQUE_IMAGES_UP_TO:
                filename = f"{spec.slug}-{index + 1}.jpg"
                colour, title, variation = spec.rgb, spec.name, spec.number
            else:
                slot = spec.number % POOL_SIZE
                filename = f"pool-{spec.leaf.slug}-{slot}{'-detail' if detail else ''}.jpg"
                colour, title, variation = _pool_colour(spec.leaf, slot), spec.leaf.name, slot
            drawing = {
                "title": title,
                "shape": spec.leaf.shape,
                "background": spec.leaf.rgb,
                "colour": colour,
                "variation": variation,
                "detail": detail,
            }
            pictures.append((self._ensure(filename, drawing), alts[index]))
        return pictures

    def _ensure(self, filename: str, drawing: dict) -> str:
        if filename not in self.known:
            # Our own JPEGs (placeholder_jpeg) under deterministic `.jpg` names, so that a later
            # run finds them; uploads get random names from core.uploads.UploadPath instead.
            name = f"{self.field.upload_to.folder}/{filename}"
            if not self.storage.exists(name):
                name = self.storage.save(name, ContentFile(placeholder_jpeg(**drawing)))
                self.files_written += 1
            self.known[filename] = name
        return self.known[filename]


def _pool_colour(leaf: Leaf, slot: int):
    return COLOURS[leaf.colours[slot % len(leaf.colours)]].rgb if leaf.colours else leaf.rgb
