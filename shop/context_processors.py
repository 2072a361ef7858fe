from functools import cache

from django.conf import settings

from shop.cart import cart_quantity
from shop.selectors import navigation_categories


def storefront(request):
    """What every storefront page shows: the shop's name, the category menu and the number of
    items in the cart.

    `cart_quantity` is a callable the template calls only if it shows the count (at most one
    query, none for a visitor without a cart); a view that knows the count passes it instead.
    """
    if request.path.startswith(("/admin/", "/graphql/")):
        return {"shop_name": settings.SHOP_NAME}
    return {
        "shop_name": settings.SHOP_NAME,
        "nav_categories": navigation_categories(),
        "cart_quantity": cache(lambda: cart_quantity(request)),
    }
