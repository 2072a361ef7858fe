from datetime import timedelta

import pytest
from django.utils import timezone

from orders.tasks import release_expired_reservations
from shop.models import Reservation
from shop.selectors import variants_with_reserved
from tests.orders.builders import variant_in_stock

pytestmark = pytest.mark.django_db


def test_the_sweep_frees_expired_reservations_only():
    variant = variant_in_stock(price="19.90", quantity=5)
    now = timezone.now()
    expired = Reservation.objects.create(
        variant=variant,
        checkout_token="00000000-0000-0000-0000-000000000001",
        quantity=2,
        expires_at=now - timedelta(seconds=1),
    )
    running = Reservation.objects.create(
        variant=variant,
        checkout_token="00000000-0000-0000-0000-000000000002",
        quantity=1,
        expires_at=now + timedelta(minutes=10),
    )

    assert release_expired_reservations.delay().get() == 1

    assert list(Reservation.objects.values_list("pk", flat=True)) == [running.pk]
    assert not Reservation.objects.filter(pk=expired.pk).exists()
    assert variants_with_reserved().get(pk=variant.pk).quantity_available == 4
