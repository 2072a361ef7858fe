from django.urls import path

from orders.views import cart, checkout, documents, pages, returns
from orders.views.webhooks import stripe_webhook

app_name = "orders"

urlpatterns = [
    path("cart/", cart.cart_detail, name="cart"),
    path("cart/add/", cart.cart_add, name="cart_add"),
    path("cart/update/", cart.cart_update, name="cart_update"),
    path("cart/remove/", cart.cart_remove, name="cart_remove"),
    path("cart/promo/", cart.promo_code_add, name="promo_code_add"),
    path("cart/promo/remove/", cart.promo_code_remove, name="promo_code_remove"),
    path("checkout/", checkout.checkout_details, name="checkout"),
    path("checkout/delivery/", checkout.checkout_delivery, name="checkout_delivery"),
    path("checkout/<uuid:token>/pay/", checkout.checkout_pay, name="checkout_pay"),
    path("checkout/<uuid:token>/complete/", checkout.checkout_return, name="checkout_return"),
    path("orders/lookup/", pages.order_lookup, name="lookup"),
    path("orders/<uuid:token>/", pages.order_detail, name="detail"),
    path("orders/<uuid:token>/invoice/", documents.invoice_download, name="invoice"),
    path("orders/<uuid:token>/summary/", documents.order_summary_download, name="order_summary"),
    path("orders/<uuid:token>/returns/new/", returns.return_create, name="return_create"),
    path(
        "orders/<uuid:token>/returns/<uuid:return_token>/",
        returns.return_detail,
        name="return_detail",
    ),
    path(
        "orders/<uuid:token>/returns/<uuid:return_token>/slip/",
        returns.return_slip_download,
        name="return_slip",
    ),
    path(
        "orders/<uuid:token>/returns/<uuid:return_token>/photos/<int:photo_id>/",
        returns.return_photo,
        name="return_photo",
    ),
    path(
        "orders/<uuid:token>/refunds/<int:refund_id>/credit-note/",
        returns.credit_note_download,
        name="credit_note",
    ),
    path("webhooks/stripe/", stripe_webhook, name="stripe_webhook"),
]
