from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.http import client_ip
from core.templatetags.shop_tags import money, stock_label, stock_state
from shop.cards import product_cards
from shop.filters import ProductFilter, attribute_facets
from shop.forms import CartAddForm
from shop.models import Category
from shop.selectors import (
    catalog_relations_load,
    category_with_descendants_ids,
    product_options,
    published_products,
)
from shop.services import search_miss_record


def healthz(request):
    """Liveness check for load balancers and the benchmark's baseline: no database."""
    return HttpResponse("ok", content_type="text/plain")


def home(request):
    products = published_products(with_relations=False)
    featured = list(products.filter(is_featured=True).order_by("-created_at")[:8])
    new = list(products.order_by("-created_at", "-id")[:8])
    catalog_relations_load(featured, new)  # both lists' variants and images in one go
    return render(
        request,
        "shop/home.html",
        {
            "featured_categories": Category.objects.filter(is_featured=True)[:8],
            "featured_cards": product_cards(featured),
            "new_cards": product_cards(new),
        },
    )


def _listing(request, *, template, category=None, extra=None):
    queryset = published_products()
    if category is not None:
        queryset = queryset.filter(category_id__in=category_with_descendants_ids([category]))
    product_filter = ProductFilter(request.GET or None, queryset=queryset)
    page = Paginator(product_filter.qs, settings.SHOP_PRODUCTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    if _is_plain_search(request, product_filter, category) and not page.paginator.count:
        search_miss_record(query=product_filter.form.cleaned_data["q"], ip=client_ip(request))
    context = {
        "filter": product_filter,
        "attribute_facets": attribute_facets(
            product_filter.qs_before_attributes, product_filter.attribute_choices
        ),
        "page": page,
        "cards": product_cards(page.object_list),
        "category": category,
        "query_string": query.urlencode(),
    }
    return render(request, template, context | (extra or {}))


def _is_plain_search(request, product_filter, category) -> bool:
    """A search of the whole catalog with no other filter: when it finds nothing, the shop
    lacks (or misnames) what was looked for, which the seller sees in SearchMiss."""
    asked = {name for name, value in request.GET.items() if value}
    return (
        category is None
        and asked <= {"q", "sort", "page"}
        and product_filter.is_valid()
        and bool(product_filter.form.cleaned_data.get("q"))
    )


def product_list(request):
    return _listing(request, template="shop/product_list.html")


def category_detail(request, slug):
    category = get_object_or_404(Category.objects.select_related("parent"), slug=slug)
    return _listing(request, template="shop/category.html", category=category)


def _pickers(options, choice):
    """One picker per attribute: its values, each checked when chosen and disabled when no
    combination holding it can be bought."""
    buyable = set()
    for key, variant in options.combinations.items():
        if variant.quantity_available > 0:
            buyable |= key
    return [
        {
            "attribute": attribute,
            "values": [
                {
                    "value": value,
                    "checked": choice.get(attribute.slug) == value.slug,
                    "available": value.pk in buyable,
                }
                for value in values
            ],
        }
        for attribute, values in options.attributes
    ]


def _options_json(options):
    return {
        key: data
        | {
            "label": stock_label(variant),
            "state": stock_state(variant),
            "price_display": money(variant.price),
        }
        for (key, data), variant in zip(
            options.as_json().items(), options.combinations.values(), strict=True
        )
    }


def _default_choice(options):
    """The values of the first variant that can be bought, pre-selected on a first visit."""
    for key, variant in options.combinations.items():
        if variant.quantity_available > 0:
            return {
                attribute.slug: value.slug
                for attribute, values in options.attributes
                for value in values
                if value.pk in key
            }
    return {}


@require_http_methods(["GET", "HEAD", "POST"])
def product_detail(request, slug):
    """The product page. A product with a type shows one picker per attribute; its form posts
    here: an impossible or sold-out choice is answered on the page with the choice kept, a
    good one goes on to the cart (307 keeps the POST, orders' cart_add resolves it again)."""
    products = published_products(with_relations=False)
    product = get_object_or_404(products.select_related("category__parent"), slug=slug)
    related = list(
        products.filter(category_id=product.category_id)
        .exclude(pk=product.pk)
        .order_by("-created_at")[:4]
    )
    catalog_relations_load([product], related)  # the product's and the related ones' at once
    options = product_options(product)
    form = None
    if request.method == "POST":
        if options is None:
            return redirect(product)
        form = CartAddForm(request.POST, options=options)
        if form.is_valid():
            return HttpResponseRedirect(reverse("orders:cart_add"), status=307)
    context = {
        "product": product,
        "options": options,
        "form": form,
        "related_cards": product_cards(related),
        "category": product.category,
    }
    if options is not None:
        choice = options.choice_of(request.POST) if form else _default_choice(options)
        context |= {
            "pickers": _pickers(options, choice),
            "options_json": _options_json(options),
            "images_by_value": options.images_by_value,
        }
    return render(request, "shop/product_detail.html", context)
