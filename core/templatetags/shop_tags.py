"""Presentation helpers for the storefront templates: money, stock labels, pagination links.

They read only what the views prefetched (`product.variants.all()`), so they add no queries.
"""

from dataclasses import dataclass

from django import template
from django.core.paginator import Paginator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from core.money import format_money

register = template.Library()

# At or below this many units a variant says "Only N left" instead of "In stock".
LOW_STOCK_THRESHOLD = 5


@register.filter
def money(amount, currency_code=None):
    """`{{ variant.price|money }}`: "€1,234.56" in English, "1 234,56 €" in French."""
    if amount is None or amount == "":
        return ""
    return format_money(amount, currency_code or None)


@register.filter
def stock_state(variant):
    """The CSS modifier of a variant's stock label: "out", "low" or "in"."""
    available = variant.quantity_available
    if available <= 0:
        return "out"
    if available <= LOW_STOCK_THRESHOLD:
        return "low"
    return "in"


@register.filter
def stock_label(variant):
    """What a shopper reads about a variant's stock: "In stock", "Only 3 left", "Out of stock"."""
    available = variant.quantity_available
    if available <= 0:
        return gettext("Out of stock")
    if available <= LOW_STOCK_THRESHOLD:
        return ngettext("Only %(count)d left", "Only %(count)d left", available) % {
            "count": available
        }
    return gettext("In stock")


@register.filter
def has_price_range(product):
    """True when the product's variants do not all cost the same (the price reads "from …")."""
    return len({variant.price for variant in product.variants.all()}) > 1


@register.filter
def cheapest_variant(product):
    """The variant sold at `product.price_from`, the first one in position order on a tie."""
    variants = list(product.variants.all())
    return min(variants, key=lambda variant: variant.price) if variants else None


@register.filter
def default_variant(product):
    """The variant pre-selected on the product page: the first one that can be bought, if any."""
    for variant in product.variants.all():
        if variant.quantity_available > 0:
            return variant
    return None


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """`?<current filters>&page=N`: a pagination link that keeps the shopper's filters."""
    query_string = context.get("query_string", "")
    return f"?{query_string}&page={number}" if query_string else f"?page={number}"


@register.simple_tag
def elided_page_range(page, on_each_side=2, on_ends=1):
    """Page numbers around the current one, with `None` where pages are left out."""
    return [
        None if number == Paginator.ELLIPSIS else number
        for number in page.paginator.get_elided_page_range(
            page.number, on_each_side=on_each_side, on_ends=on_ends
        )
    ]


@dataclass(frozen=True, slots=True)
class CategoryCheckbox:
    """One checkbox of the category filter: what the template reads of a BoundWidget."""

    tag: str
    id_for_label: str
    choice_label: str


def _checkbox_tag(data: dict) -> str:
    """The `<input>` of a checkbox option, as Django's widget templates write it
    (django/forms/widgets/input.html and attrs.html): one template render per checkbox, with
    its nested includes, cost more than the rest of the filter form together."""
    value = "" if data["value"] is None else format_html(' value="{}"', data["value"])
    attrs = "".join(
        format_html(" {}", name) if attr is True else format_html(' {}="{}"', name, attr)
        for name, attr in data["attrs"].items()
        if attr is not False
    )
    return format_html(
        '<input type="{}" name="{}"{}{}>', data["type"], data["name"], value, mark_safe(attrs)
    )


@register.simple_tag
def category_choices(bound_field, root=None):
    """The category checkboxes of the filter form in tree order, each with its depth.

    Returns `(checkbox, depth)` pairs, a checkbox having `tag`, `id_for_label` and
    `choice_label` like a BoundWidget; under `root`, only the categories below it. Reads the
    categories the form already loaded: no extra query.
    """
    widgets = {}
    children = {}
    for widget in bound_field.subwidgets:
        category = widget.data["value"].instance
        widgets[category.pk] = widget
        children.setdefault(category.parent_id, []).append(category.pk)

    ordered = []

    def walk(parent_id, depth):
        for pk in children.get(parent_id, []):
            widget = widgets[pk]
            checkbox = CategoryCheckbox(
                tag=_checkbox_tag(widget.data),
                id_for_label=widget.id_for_label,
                choice_label=widget.choice_label,
            )
            ordered.append((checkbox, depth))
            walk(pk, depth + 1)

    walk(root.pk if root is not None else None, 0)
    return ordered


@register.filter
def has_active_filters(form):
    """True when the listing is narrowed or sorted by anything besides the search words."""
    if not form.is_bound:
        return False
    return any(any(values) for key, values in form.data.lists() if key not in ("q", "page"))
