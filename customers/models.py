from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A customer or a staff member; the email address is the login."""

    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Can sign in to the back office."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Guest orders placed with this email join the account only once the address is proven.
    email_verified_at = models.DateTimeField(_("email verified"), null=True, blank=True)
    default_shipping_address = models.ForeignKey(
        "customers.Address",
        verbose_name=_("default shipping address"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    default_billing_address = models.ForeignKey(
        "customers.Address",
        verbose_name=_("default billing address"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class Address(models.Model):
    """A postal address: in a customer's address book (`user` set) or copied onto a checkout or an
    order, so that later edits of the book never change a placed order."""

    user = models.ForeignKey(
        User, related_name="addresses", on_delete=models.CASCADE, null=True, blank=True
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    company_name = models.CharField(_("company"), max_length=150, blank=True)
    street_address_1 = models.CharField(_("address"), max_length=200)
    street_address_2 = models.CharField(_("address (line 2)"), max_length=200, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=20)
    city = models.CharField(_("city"), max_length=120)
    country = models.CharField(_("country"), max_length=2)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self):
        return f"{self.full_name}, {self.street_address_1}, {self.postal_code} {self.city}"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    FIELDS = (
        "first_name",
        "last_name",
        "company_name",
        "street_address_1",
        "street_address_2",
        "postal_code",
        "city",
        "country",
        "phone",
    )

    def as_data(self) -> dict:
        return {name: getattr(self, name) for name in self.FIELDS}

    def copy(self) -> "Address":
        """An unsaved copy without owner, to freeze on a checkout or an order."""
        return Address(**self.as_data())


class RateLimitHit(models.Model):
    """One attempt counted by customers.ratelimit (failed sign-ins, guest order look-ups).

    Kept in the database, not in process memory, so every web server sees the same counts.
    """

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "created_at"], name="ratelimit_lookup")]

    def __str__(self):
        return f"{self.scope}:{self.key}"
