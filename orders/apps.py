from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self):
        # Imported in ready(), as Django requires: these modules import models, which do not
        # exist before the app registry is ready.
        from orders import checks  # noqa: F401  (registers the system checks)
        from orders.signals import cart_merge_on_login

        user_logged_in.connect(cart_merge_on_login, dispatch_uid="orders.cart_merge_on_login")
