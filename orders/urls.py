from django.urls import path

from orders import document_views, return_views, views
from orders.webhooks import stripe_webhook

app_name = "orders"

urlpatterns = [
    path("checkout/", views.checkout_details, name="checkout"),
    path("checkout/delivery/", views.checkout_delivery, name="checkout_delivery"),
    path("checkout/<uuid:token>/pay/", views.checkout_pay, name="checkout_pay"),
    path("checkout/<uuid:token>/complete/", views.checkout_return, name="checkout_return"),
    path("orders/lookup/", views.order_lookup, name="lookup"),
    path("orders/<uuid:token>/", views.order_detail, name="detail"),
    path("orders/<uuid:token>/invoice/", document_views.invoice_download, name="invoice"),
    path("orders/<uuid:token>/returns/new/", return_views.return_create, name="return_create"),
    path(
        "orders/<uuid:token>/returns/<uuid:return_token>/",
        return_views.return_detail,
        name="return_detail",
    ),
    path(
        "orders/<uuid:token>/returns/<uuid:return_token>/slip/",
        return_views.return_slip_download,
        name="return_slip",
    ),
    path(
        "orders/<uuid:token>/returns/<uuid:return_token>/photos/<int:photo_id>/",
        return_views.return_photo,
        name="return_photo",
    ),
    path(
        "orders/<uuid:token>/refunds/<int:refund_id>/credit-note/",
        return_views.credit_note_download,
        name="credit_note",
    ),
    path("webhooks/stripe/", stripe_webhook, name="stripe_webhook"),
]
