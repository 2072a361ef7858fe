from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Exists, OuterRef, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from shop import services
from shop.models import Category, Product, ProductImage, ProductVariant, SearchMiss


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "is_featured", "position"]
    list_editable = ["is_featured", "position"]
    list_filter = ["is_featured", ("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"name", "parent"} & set(form.changed_data):
            # The products' search documents hold the names of their categories.
            services.category_products_refresh(category=obj)


class ProductVariantInline(admin.TabularInline):
    model = ProductVariant
    extra = 1
    fields = ["sku", "name", "price", "compare_at_price", "quantity", "position"]


class ProductImageForm(forms.ModelForm):
    class Meta:
        model = ProductImage
        fields = ["image", "alt", "position"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):  # a new upload, not the file already stored
            return services.product_image_file(upload=image)
        return image


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    form = ProductImageForm
    extra = 0
    fields = ["image", "alt", "position"]


class StockFilter(admin.SimpleListFilter):
    title = _("stock")
    parameter_name = "stock"

    def lookups(self, request, model_admin):
        return [("in", _("In stock")), ("out", _("Out of stock"))]

    def queryset(self, request, queryset):
        has_stock = Exists(ProductVariant.objects.filter(product=OuterRef("pk"), quantity__gt=0))
        if self.value() == "in":
            return queryset.filter(has_stock)
        if self.value() == "out":
            return queryset.exclude(has_stock)
        return queryset


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "category",
        "price_from",
        "stock",
        "is_published",
        "is_featured",
        "created_at",
    ]
    list_filter = ["is_published", "is_featured", StockFilter, "category", "created_at"]
    list_select_related = ["category"]
    search_fields = ["name", "slug", "variants__sku"]
    search_help_text = _("Name, slug or SKU")
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["category"]
    readonly_fields = ["price_from", "created_at", "updated_at"]
    fields = [
        "name",
        "slug",
        "category",
        "description",
        "vat_rate",
        "is_published",
        "is_featured",
        "price_from",
        "created_at",
        "updated_at",
    ]
    inlines = [ProductVariantInline, ProductImageInline]
    actions = ["publish", "unpublish"]
    date_hierarchy = "created_at"
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(total_stock=Sum("variants__quantity"))

    @admin.display(description=_("stock"), ordering="total_stock")
    def stock(self, product):
        return product.total_stock or 0

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.product_refresh_derived_fields(product=form.instance)

    @admin.action(description=_("Publish the selected products"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish the selected products"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, is_published):
        count = services.products_set_published(
            product_ids=queryset.values_list("pk", flat=True), is_published=is_published
        )
        message = ngettext("%(count)d product updated.", "%(count)d products updated.", count) % {
            "count": count
        }
        self.message_user(request, message, messages.SUCCESS)


@admin.register(ProductVariant)
class ProductVariantAdmin(admin.ModelAdmin):
    list_display = ["sku", "product", "name", "price", "compare_at_price", "quantity"]
    list_editable = ["price", "quantity"]
    list_filter = ["product__category", "product__is_published"]
    list_select_related = ["product"]
    search_fields = ["sku", "product__name", "name"]
    autocomplete_fields = ["product"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.product_refresh_derived_fields(product=obj.product)


@admin.register(SearchMiss)
class SearchMissAdmin(admin.ModelAdmin):
    """What shoppers searched for and did not find, the most frequent first: products to add,
    or words to put in names and descriptions."""

    list_display = ["query", "count", "language", "last_searched_at", "first_searched_at"]
    list_filter = ["language", "last_searched_at"]
    search_fields = ["query"]
    ordering = ["-count", "-last_searched_at"]
    date_hierarchy = "last_searched_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
