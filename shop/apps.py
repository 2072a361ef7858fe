from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopConfig(AppConfig):
    name = "shop"
    verbose_name = _("Catalog")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from shop.signals import cart_merge_on_login

        user_logged_in.connect(cart_merge_on_login, dispatch_uid="shop.cart_merge_on_login")
