"""The demo accounts that `manage.py load_demo_shop` creates, with well-known passwords.

For local use and tests only: never run the demo loader against a production database.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from customers.models import User
from customers.permissions import SELLERS, SUPPORT_AGENTS, ensure_staff_groups


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    is_superuser: bool
    groups: tuple[str, ...]
    description: str


STAFF = DemoAccount(
    "staff@example.com",
    "demo-staff-2026",
    is_superuser=False,
    groups=(SELLERS, SUPPORT_AGENTS),
    description="staff (Sellers, Support agents)",
)
ADMIN = DemoAccount(
    "admin@example.com", "demo-admin-2026", is_superuser=True, groups=(), description="superuser"
)
DEMO_ACCOUNTS = (STAFF, ADMIN)
SHOPPER = DemoAccount(
    "shopper@example.com", "demo-shopper-2026", is_superuser=False, groups=(), description="shopper"
)


@transaction.atomic
def demo_account_ensure(*, account: DemoAccount) -> tuple[User, bool]:
    """Create the account, or make an existing one staff and a member of its groups again.

    An existing account keeps its password. Returns the user and whether it was created.
    """
    ensure_staff_groups()
    user = User.objects.filter(email__iexact=account.email).first()
    created = user is None
    if created:
        user = User(email=account.email)
        user.set_password(account.password)
    flags = {"is_staff": True, "is_active": True, "is_superuser": account.is_superuser}
    if created or any(getattr(user, name) != value for name, value in flags.items()):
        for name, value in flags.items():
            setattr(user, name, value)
        user.save()
    user.groups.add(*Group.objects.filter(name__in=account.groups))
    return user, created


@transaction.atomic
def demo_shopper_ensure() -> tuple[User, bool]:
    """The demo customer (not staff, email confirmed); an existing one keeps its password."""
    user = User.objects.filter(email__iexact=SHOPPER.email).first()
    if user is not None:
        return user, False
    user = User(email=SHOPPER.email, first_name="Camille", last_name="Durand")
    user.set_password(SHOPPER.password)
    user.email_verified_at = timezone.now()
    user.save()
    return user, True
