from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from shop.filters import ProductFilter
from shop.models import Category
from shop.selectors import category_with_descendants_ids, published_products


def healthz(request):
    """Liveness check for load balancers and the benchmark's baseline: no database."""
    return HttpResponse("ok", content_type="text/plain")


def home(request):
    products = published_products()
    return render(
        request,
        "shop/home.html",
        {
            "featured_categories": Category.objects.filter(is_featured=True)[:8],
            "featured_products": products.filter(is_featured=True).order_by("-created_at")[:8],
            "new_products": products.order_by("-created_at", "-id")[:8],
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
    context = {
        "filter": product_filter,
        "page": page,
        "products": page.object_list,
        "category": category,
        "query_string": query.urlencode(),
    }
    return render(request, template, context | (extra or {}))


def product_list(request):
    return _listing(request, template="shop/product_list.html")


def category_detail(request, slug):
    category = get_object_or_404(Category.objects.select_related("parent"), slug=slug)
    return _listing(request, template="shop/category.html", category=category)


def product_detail(request, slug):
    product = get_object_or_404(published_products().select_related("category__parent"), slug=slug)
    related = (
        published_products()
        .filter(category_id=product.category_id)
        .exclude(pk=product.pk)
        .order_by("-created_at")[:4]
    )
    context = {"product": product, "related": related, "category": product.category}
    return render(request, "shop/product_detail.html", context)
