from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import UploadPath


class Category(models.Model):
    """A node of the catalog tree: a category may have a parent and children."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        related_name="children",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_featured = models.BooleanField(_("featured on the home page"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("shop:category", kwargs={"slug": self.slug})


class Attribute(models.Model):
    """An option a product comes in: size, colour… A SWATCH attribute's values show as colours."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        SWATCH = "swatch", _("Colour swatch")

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class AttributeValue(models.Model):
    attribute = models.ForeignKey(
        Attribute, verbose_name=_("attribute"), related_name="values", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80)
    position = models.PositiveIntegerField(_("position"), default=0)
    color = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour such as #1f2a44."))],
        help_text=_("For colour swatches, e.g. #1f2a44."),
    )

    class Meta:
        verbose_name = _("attribute value")
        verbose_name_plural = _("attribute values")
        ordering = ["attribute__position", "attribute_id", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["attribute", "slug"], name="attributevalue_slug_unique")
        ]

    def __str__(self):
        return f"{self.attribute.name}: {self.name}"


class ProductType(models.Model):
    """A kind of product (clothing, shoes, mugs) and the attributes its variants combine."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    attributes = models.ManyToManyField(
        Attribute,
        verbose_name=_("attributes"),
        through="ProductTypeAttribute",
        related_name="product_types",
        blank=True,
    )

    class Meta:
        verbose_name = _("product type")
        verbose_name_plural = _("product types")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProductTypeAttribute(models.Model):
    product_type = models.ForeignKey(
        ProductType, related_name="type_attributes", on_delete=models.CASCADE
    )
    attribute = models.ForeignKey(
        Attribute, verbose_name=_("attribute"), related_name="+", on_delete=models.PROTECT
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("product type attribute")
        verbose_name_plural = _("product type attributes")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product_type", "attribute"], name="producttypeattribute_unique"
            )
        ]

    def __str__(self):
        return str(self.attribute)


class Product(models.Model):
    category = models.ForeignKey(
        Category, verbose_name=_("category"), related_name="products", on_delete=models.PROTECT
    )
    product_type = models.ForeignKey(
        ProductType,
        verbose_name=_("product type"),
        related_name="products",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    vat_rate = models.DecimalField(
        _("VAT rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=settings.SHOP_DEFAULT_VAT_RATE,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    is_published = models.BooleanField(_("published"), default=False)
    is_featured = models.BooleanField(_("featured on the home page"), default=False)
    is_returnable = models.BooleanField(
        _("can be returned"),
        default=True,
        help_text=_("Untick for goods that cannot be sent back (hygiene, made to order…)."),
    )
    # Kept by shop.services.product_refresh_derived_fields so listings sort, filter and search
    # on one table instead of aggregating variants for every row.
    price_from = models.DecimalField(
        _("lowest price"), max_digits=10, decimal_places=2, null=True, blank=True, editable=False
    )
    search_document = models.TextField(editable=False, blank=True)
    # Full-text vectors of `name` (weight A) and `search_document` (B), one per language, with
    # GIN indexes: PostgreSQL only (migration 0005), null on SQLite. See shop.search.
    search_vector_en = SearchVectorField(null=True, editable=False)
    search_vector_fr = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["is_published", "name"], name="product_pub_name"),
            models.Index(fields=["is_published", "price_from"], name="product_pub_price"),
            models.Index(fields=["is_published", "-created_at"], name="product_pub_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vat_rate__gte=0) & models.Q(vat_rate__lte=100),
                name="product_vat_rate_0_100",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("shop:product", kwargs={"slug": self.slug})

    @property
    def main_image(self):
        """The first image, read from the prefetched images when they are there."""
        images = list(self.images.all())
        return images[0] if images else None


class ProductImage(models.Model):
    product = models.ForeignKey(Product, related_name="images", on_delete=models.CASCADE)
    # Public (MEDIA_URL), but named by the detected format: shop.admin cleans the upload with
    # core.uploads before it is saved.
    image = models.ImageField(_("image"), upload_to=UploadPath("products"))
    alt = models.CharField(_("alternative text"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    # Shown when the shopper picks this colour (a value of a SWATCH attribute).
    value = models.ForeignKey(
        AttributeValue,
        verbose_name=_("shown for"),
        related_name="images",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"attribute__kind": "swatch"},
    )

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["position", "id"]

    def __str__(self):
        return self.alt or self.image.name


class ProductVariant(models.Model):
    """What is actually sold: one size or colour of a product, with its SKU, price and stock."""

    product = models.ForeignKey(Product, related_name="variants", on_delete=models.CASCADE)
    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120, blank=True, help_text=_("e.g. “M / Blue”"))
    price = models.DecimalField(
        _("price (VAT incl.)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    compare_at_price = models.DecimalField(
        _("compare-at price"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The former price, shown struck through when higher than the price."),
    )
    quantity = models.IntegerField(_("quantity in stock"), default=0)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="variant_stock_gte_0"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="variant_price_gte_0"),
        ]

    def __str__(self):
        return f"{self.product.name} – {self.name}" if self.name else self.product.name

    @property
    def quantity_available(self):
        """What a shopper may still buy: the stock minus what running checkouts have reserved.

        Listings annotate `quantity_reserved` (shop.selectors.with_reserved) so this reads no
        row per variant; without the annotation it asks the database.
        """
        reserved = getattr(self, "quantity_reserved", None)
        if reserved is None:
            reserved = Reservation.objects.held(variant_ids=[self.pk]).get(self.pk, 0)
        return max(self.quantity - reserved, 0)

    @property
    def is_on_sale(self):
        return self.compare_at_price is not None and self.compare_at_price > self.price


class VariantAttributeValue(models.Model):
    """One value of a variant's combination: "28" for Size, "Charcoal" for Colour."""

    variant = models.ForeignKey(
        ProductVariant, related_name="attribute_values", on_delete=models.CASCADE
    )
    attribute = models.ForeignKey(
        Attribute, verbose_name=_("attribute"), related_name="+", on_delete=models.PROTECT
    )
    value = models.ForeignKey(
        AttributeValue, verbose_name=_("value"), related_name="+", on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("variant attribute value")
        verbose_name_plural = _("variant attribute values")
        ordering = ["attribute__position", "attribute_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["variant", "attribute"], name="variantattributevalue_unique"
            )
        ]

    def __str__(self):
        return str(self.value)


class ReservationQuerySet(models.QuerySet):
    def held(self, *, variant_ids, exclude_checkout=None) -> dict[int, int]:
        """Quantity held by unexpired reservations, per variant id (but `exclude_checkout`'s)."""
        reservations = self.filter(variant_id__in=list(variant_ids), expires_at__gt=timezone.now())
        if exclude_checkout is not None:
            reservations = reservations.exclude(checkout_token=exclude_checkout)
        rows = reservations.values("variant_id").annotate(total=Sum("quantity")).order_by()
        return {row["variant_id"]: row["total"] for row in rows}


class Reservation(models.Model):
    """Stock held for a checkout while its payment runs (DESIGN.md, Stock).

    Keyed by the checkout's token rather than a foreign key, so that the catalog does not depend
    on the orders app. An expired reservation no longer counts and is swept by a Celery task.
    """

    variant = models.ForeignKey(
        ProductVariant, related_name="reservations", on_delete=models.CASCADE
    )
    checkout_token = models.UUIDField(_("checkout"), db_index=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    objects = ReservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock reservation")
        verbose_name_plural = _("stock reservations")
        constraints = [
            models.UniqueConstraint(
                fields=["checkout_token", "variant"], name="reservation_one_per_checkout_variant"
            ),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="reservation_qty_gt_0"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.variant_id} until {self.expires_at:%H:%M}"


class SearchMiss(models.Model):
    """A catalog search that found nothing, counted per query and language: what shoppers look
    for and the shop does not sell (or does not name the way they do)."""

    query = models.CharField(_("search"), max_length=200)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    count = models.PositiveIntegerField(_("times searched"), default=1)
    first_searched_at = models.DateTimeField(_("first searched"), auto_now_add=True)
    last_searched_at = models.DateTimeField(_("last searched"), default=timezone.now)

    class Meta:
        verbose_name = _("search with no result")
        verbose_name_plural = _("searches with no result")
        ordering = ["-count", "-last_searched_at"]
        constraints = [
            models.UniqueConstraint(fields=["query", "language"], name="searchmiss_query_language")
        ]

    def __str__(self):
        return self.query


class SearchTerm(models.Model):
    """A word of a product's or a category's name, folded (lower case, no accents): the words a
    misspelt search is corrected to (shop.search), through a trigram index (PostgreSQL)."""

    word = models.CharField(_("word"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self):
        return self.word
