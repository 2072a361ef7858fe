from functools import cache

from orders.checkout.cart import cart_quantity


def cart(request):
    """The number of items in the cart, on every storefront page.

    `cart_quantity` is a callable the template calls only if it shows the count (at most one
    query, none for a visitor without a cart); a view that knows the count passes it instead.
    """
    if request.path.startswith(("/admin/", "/graphql/")):
        return {}
    return {"cart_quantity": cache(lambda: cart_quantity(request))}
