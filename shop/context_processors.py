from django.conf import settings

from shop.selectors import navigation_categories


def storefront(request):
    """What every storefront page shows: the shop's name and the category menu (the cart's
    count comes from orders.context_processors.cart)."""
    if request.path.startswith(("/admin/", "/graphql/")):
        return {"shop_name": settings.SHOP_NAME}
    return {"shop_name": settings.SHOP_NAME, "nav_categories": navigation_categories()}
