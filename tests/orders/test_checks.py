import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def test_a_stripe_key_without_webhook_secret_is_reported(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_x"
    settings.STRIPE_WEBHOOK_SECRET = ""
    with pytest.raises(SystemCheckError, match="orders.W001"):
        call_command("check", fail_level="WARNING")

    settings.STRIPE_WEBHOOK_SECRET = "whsec_x"
    call_command("check", fail_level="WARNING")
