from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Exists, OuterRef, Sum
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from shop import services
from shop.models import (
    Attribute,
    AttributeValue,
    Category,
    Product,
    ProductImage,
    ProductType,
    ProductTypeAttribute,
    ProductVariant,
    SearchMiss,
)
from shop.stock import variant_set_stock


class AttributeValueInline(TranslationTabularInline):
    model = AttributeValue
    extra = 1
    fields = ["name", "slug", "color", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Attribute)
class AttributeAdmin(TranslationAdmin):
    list_display = ["name", "slug", "kind", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AttributeValueInline]


class ProductTypeAttributeInline(admin.TabularInline):
    model = ProductTypeAttribute
    extra = 1
    fields = ["attribute", "position"]


@admin.register(ProductType)
class ProductTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProductTypeAttributeInline]


class VariantsGenerateForm(forms.Form):
    """The matrix: a checkbox per value of each attribute of the product's type."""

    price = forms.DecimalField(
        label=_("Price (VAT incl.)"), min_value=Decimal("0"), decimal_places=2
    )
    quantity = forms.IntegerField(label=_("Stock of each new variant"), min_value=0, initial=0)

    def __init__(self, *args, product_type, **kwargs):
        super().__init__(*args, **kwargs)
        self.attributes = [
            link.attribute for link in product_type.type_attributes.select_related("attribute")
        ]
        values = AttributeValue.objects.filter(attribute__in=self.attributes)
        for attribute in self.attributes:
            self.fields[f"attribute_{attribute.pk}"] = forms.ModelMultipleChoiceField(
                label=attribute.name,
                queryset=values.filter(attribute=attribute).order_by("position", "name"),
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        self.fields = dict(list(self.fields.items())[2:] + list(self.fields.items())[:2])

    def values_by_attribute(self):
        return {
            attribute: list(self.cleaned_data.get(f"attribute_{attribute.pk}") or [])
            for attribute in self.attributes
        }


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
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
    fields = ["image", "alt", "value", "position"]


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
class ProductAdmin(TranslationAdmin):
    list_display = [
        "name",
        "category",
        "price_from",
        "stock",
        "is_published",
        "is_featured",
        "created_at",
    ]
    list_filter = [
        "is_published",
        "is_featured",
        StockFilter,
        "category",
        "product_type",
        "created_at",
    ]
    list_select_related = ["category"]
    search_fields = ["name", "slug", "variants__sku"]
    search_help_text = _("Name, slug or SKU")
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["category"]
    readonly_fields = ["price_from", "created_at", "updated_at"]
    change_form_template = "admin/shop/product/change_form.html"
    fields = [
        "name",
        "slug",
        "category",
        "product_type",
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

    def get_urls(self):
        view = self.admin_site.admin_view(self.generate_variants_view)
        route = path("<int:product_id>/generate-variants/", view, name="shop_product_generate")
        return [route, *super().get_urls()]

    def generate_variants_view(self, request, product_id):
        """The matrix of the product type's values, a price and a stock: one variant per
        combination ticked that the product does not have yet (services.variants_generate)."""
        product = get_object_or_404(Product.objects.select_related("product_type"), pk=product_id)
        if not self.has_change_permission(request, product):
            raise PermissionDenied
        back = reverse("admin:shop_product_change", args=[product.pk])
        if product.product_type is None:
            self.message_user(
                request, _("Choose a product type first, then generate."), messages.ERROR
            )
            return HttpResponseRedirect(back)
        form = VariantsGenerateForm(request.POST or None, product_type=product.product_type)
        if request.method == "POST" and form.is_valid():
            try:
                created = services.variants_generate(
                    product,
                    form.values_by_attribute(),
                    price=form.cleaned_data["price"],
                    quantity=form.cleaned_data["quantity"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                message = ngettext(
                    "%(count)d variant created.", "%(count)d variants created.", len(created)
                ) % {"count": len(created)}
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(back)
        context = self.admin_site.each_context(request) | {
            "opts": self.model._meta,
            "title": _("Generate variants"),
            "product": product,
            "form": form,
        }
        return TemplateResponse(request, "admin/shop/product/generate_variants.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = (extra_context or {}) | {
            "variants_url": reverse("admin:shop_productvariant_changelist")
            + "?"
            + urlencode({"product__id__exact": object_id}),
        }
        return super().change_view(request, object_id, form_url, extra_context)

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

    def lookup_allowed(self, lookup, value, request=None):
        # The product page's "Edit prices and stock" link lists one product's variants.
        return lookup == "product__id__exact" or super().lookup_allowed(lookup, value, request)

    def save_model(self, request, obj, form, change):
        quantity = obj.quantity
        if change and "quantity" in form.changed_data:
            # Stock goes through the locked service; the rest of the row is saved as usual.
            obj.quantity = form.initial["quantity"]
            super().save_model(request, obj, form, change)
            obj.quantity = variant_set_stock(variant_id=obj.pk, quantity=quantity).quantity
        else:
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
