"""One filter set for the product listing, shared by the pages and the GraphQL `products` query.

Invalid values are dropped by the form and the filter ignores them: a hand-edited URL gives the
unfiltered list, never an error.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.db import database_id
from shop.models import Category, ProductVariant, VariantAttributeValue
from shop.search import RELEVANCE_ORDER, products_search
from shop.selectors import category_with_descendants_ids, in_stock

SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "price": ("price_from", "id"),
    "-price": ("-price_from", "-id"),
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
}
SORT_CHOICES = [
    ("name", _("Name, A to Z")),
    ("-name", _("Name, Z to A")),
    ("price", _("Price, low to high")),
    ("-price", _("Price, high to low")),
    ("newest", _("Newest first")),
]
DEFAULT_SORT = "name"
# `?attr_colour=navy&attr_colour=charcoal&attr_size=32`: the values chosen per attribute slug.
ATTRIBUTE_PREFIX = "attr_"
MAX_ATTRIBUTE_FILTERS = 20  # attributes, and values per attribute; more are ignored
# Offered (and the default) only with a search: the best matches first (shop.search).
RELEVANCE_SORT = "relevance"


class StrictCheckboxInput(forms.CheckboxInput):
    """A checkbox that reads only the values a browser or a client sends for "on".

    Django's CheckboxInput takes any other string as ticked, so `?in_stock=maybe` would filter;
    here it is ignored like every other invalid value.
    """

    TRUE_VALUES = {"on", "true", "True", "1"}

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, bool):
            return value
        return value in self.TRUE_VALUES


class DatabaseIdMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """Ids no row can have (huge, negative, "²") are refused before the database sees them:
    they would overflow the driver instead of matching nothing."""

    def clean(self, value):
        values = value if isinstance(value, list | tuple) else [value]
        if value and any(database_id(item) is None for item in values):
            raise ValidationError(
                self.error_messages["invalid_pk_value"],
                code="invalid_pk_value",
                params={"pk": next(item for item in values if database_id(item) is None)},
            )
        return super().clean(value)


class DatabaseIdMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = DatabaseIdMultipleChoiceField


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    category = django_filters.ModelMultipleChoiceFilter(
        queryset=Category.objects.all(),
        to_field_name="slug",
        method="filter_categories",
        label=_("Category"),
        widget=forms.CheckboxSelectMultiple,
    )
    category_id = DatabaseIdMultipleChoiceFilter(
        queryset=Category.objects.all(),
        method="filter_categories",
        widget=forms.MultipleHiddenInput,
    )
    price_min = django_filters.NumberFilter(
        field_name="price_from", lookup_expr="gte", label=_("Min. price"), min_value=0
    )
    price_max = django_filters.NumberFilter(
        field_name="price_from", lookup_expr="lte", label=_("Max. price"), min_value=0
    )
    in_stock = django_filters.BooleanFilter(
        method="filter_in_stock", label=_("In stock only"), widget=StrictCheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES + [("oldest", _("Oldest first"))],
        method="filter_sort",
        label=_("Sort by"),
        empty_label=None,
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if data and str(data.get("q") or "").strip():
            sort = self.form.fields["sort"]
            sort.choices = [(RELEVANCE_SORT, _("Best match")), *sort.choices]

    @property
    def attribute_choices(self) -> dict[str, list[str]]:
        """The attribute values asked for, by attribute slug (`attr_<slug>` parameters)."""
        if not hasattr(self, "_attribute_choices"):
            choices: dict[str, list[str]] = {}
            data = self.data if self.is_bound else {}
            for key in list(data.keys())[:200]:
                if not key.startswith(ATTRIBUTE_PREFIX) or len(choices) >= MAX_ATTRIBUTE_FILTERS:
                    continue
                raw = data.getlist(key) if hasattr(data, "getlist") else data.get(key)
                raw = raw if isinstance(raw, list | tuple) else [raw]
                values = [str(v)[:80] for v in raw if v not in (None, "")]
                if values:
                    choices[key[len(ATTRIBUTE_PREFIX) :][:80]] = values[:MAX_ATTRIBUTE_FILTERS]
            self._attribute_choices = choices
        return self._attribute_choices

    def filter_attributes(self, queryset):
        """Products with a variant holding, for every attribute asked, one of its values asked
        (any value within an attribute, all attributes together)."""
        if not self.attribute_choices:
            return queryset
        variants = ProductVariant.objects.filter(product=OuterRef("pk"))
        for slug, values in self.attribute_choices.items():
            variants = variants.filter(
                Exists(
                    VariantAttributeValue.objects.filter(
                        variant=OuterRef("pk"), attribute__slug=slug, value__slug__in=values
                    )
                )
            )
        return queryset.filter(Exists(variants))

    def filter_search(self, queryset, name, value):
        return products_search(queryset, value)

    def filter_categories(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(category_id__in=category_with_descendants_ids(value))

    def filter_in_stock(self, queryset, name, value):
        return in_stock(queryset) if value else queryset

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in `qs`, so that the default order applies too

    @property
    def qs(self):
        if not hasattr(self, "_sorted_qs"):
            # super().qs validates the form first, so cleaned_data exists below.
            self.qs_before_attributes = super().qs
            queryset = self.filter_attributes(self.qs_before_attributes)
            sort = None
            if self.is_bound:
                sort = self.form.cleaned_data.get("sort")
            if sort in (None, "", RELEVANCE_SORT) and "search_rank" in queryset.query.annotations:
                # A search, sorted by relevance or not sorted: the best matches first.
                self._sorted_qs = queryset.order_by(*RELEVANCE_ORDER)
            else:
                self._sorted_qs = queryset.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))
        return self._sorted_qs


def attribute_facets(queryset, chosen: dict[str, list[str]]) -> list[dict]:
    """The sidebar's attribute filters: each attribute with its values and how many products of
    `queryset` (the listing before its attribute filters) have a variant in that value, in one
    grouped query. `chosen`: ProductFilter.attribute_choices, to tick the chosen values."""
    # The names in the page's language, English where not translated (shop/translation.py):
    # a values() query reads the columns, not modeltranslation's fields.
    language = (get_language() or "en")[:2]
    names = {f"{part}__name_{code}" for part in ("attribute", "value") for code in (language, "en")}
    rows = (
        VariantAttributeValue.objects.filter(variant__product__in=queryset.order_by().values("pk"))
        .values(
            "attribute__slug",
            "attribute__kind",
            "attribute__position",
            "value__slug",
            "value__color",
            "value__position",
            *sorted(names),
        )
        .annotate(count=Count("variant__product", distinct=True))
        .order_by("attribute__position", "attribute__slug", "value__position", "value__slug")
    )

    def name(row, part):
        return row.get(f"{part}__name_{language}") or row[f"{part}__name_en"]

    facets: dict[str, dict] = {}
    for row in rows:
        slug = row["attribute__slug"]
        facet = facets.setdefault(
            slug,
            {
                "slug": slug,
                "name": name(row, "attribute"),
                "kind": row["attribute__kind"],
                "param": f"{ATTRIBUTE_PREFIX}{slug}",
                "values": [],
            },
        )
        facet["values"].append(
            {
                "slug": row["value__slug"],
                "name": name(row, "value"),
                "color": row["value__color"],
                "count": row["count"],
                "checked": row["value__slug"] in chosen.get(slug, []),
            }
        )
    return list(facets.values())
