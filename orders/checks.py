from django.conf import settings
from django.core.checks import Warning, register


@register()
def stripe_settings_check(app_configs, **kwargs):
    """A Stripe key without the webhook secret would refuse every webhook: say so at start."""
    if settings.STRIPE_SECRET_KEY and not settings.STRIPE_WEBHOOK_SECRET:
        return [
            Warning(
                "STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not: every Stripe webhook "
                "will be refused, and orders paid without the shopper's browser coming back "
                "will not be placed.",
                hint="Set STRIPE_WEBHOOK_SECRET to the endpoint's signing secret (whsec_…).",
                id="orders.W001",
            )
        ]
    if settings.STRIPE_SECRET_KEY and not settings.STRIPE_PUBLISHABLE_KEY:
        return [
            Warning(
                "STRIPE_SECRET_KEY is set but STRIPE_PUBLISHABLE_KEY is not: the card form "
                "cannot load.",
                id="orders.W002",
            )
        ]
    return []
