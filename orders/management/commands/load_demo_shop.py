import time

from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from content.demo_pages import demo_pages_ensure
from customers.demo import DEMO_ACCOUNTS, SHOPPER, demo_account_ensure, demo_shopper_ensure
from orders.demo import SHIPPING_METHODS, VOUCHERS, demo_checkout_setup_ensure
from orders.demo_orders import demo_orders_ensure
from shop.demo.load import DEFAULT_PRODUCTS, demo_catalog_load
from support.demo import demo_support_ensure


class ProgressBar:
    """`Products [#####-----]  512/1000  51%`, redrawn in place on a terminal; elsewhere (a pipe,
    a log file, a test) only the finished bar is written."""

    def __init__(self, out: OutputWrapper, label: str, width: int = 32):
        self.out, self.label, self.width = out, label, width
        self.done = self.total = 0
        self.shown_percent = -1
        self.interactive = out.isatty()

    def update(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        percent = done * 100 // total if total else 100
        if self.interactive and percent != self.shown_percent:
            self.shown_percent = percent
            self.out.write(f"\r{self._line()}", ending="")
            self.out.flush()

    def finish(self) -> None:
        if self.total:
            self.out.write(f"\r{self._line()}" if self.interactive else self._line())

    def _line(self) -> str:
        percent = self.done * 100 // self.total
        filled = self.width * percent // 100
        bar = "#" * filled + "-" * (self.width - filled)
        count = f"{self.done:>{len(str(self.total))}}/{self.total}"
        return f"{self.label} [{bar}] {count} {percent:3d}%"


class Command(BaseCommand):
    help = (
        "Load a deterministic demo catalog (categories, products, variants, placeholder images), "
        "shipping methods, a promo code and the demo staff accounts. Safe to run again: "
        "whatever exists is skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--products",
            type=int,
            default=DEFAULT_PRODUCTS,
            help=f"How many demo products to have (default {DEFAULT_PRODUCTS}).",
        )
        parser.add_argument(
            "--no-staff",
            action="store_true",
            help="Do not create the demo staff and admin accounts.",
        )

    def handle(self, *args, products, no_staff, **options):
        if products < 0:
            raise CommandError("--products must be 0 or more.")
        started = time.perf_counter()
        bar = ProgressBar(self.stdout, "Products")
        result = demo_catalog_load(products=products, on_progress=bar.update)
        bar.finish()
        seconds = time.perf_counter() - started
        if result.created_anything:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {result.categories_created} categories, "
                    f"{result.products_created} products, {result.variants_created} variants "
                    f"and {result.images_created} images ({result.files_written} files written) "
                    f"in {seconds:.1f} s."
                )
            )
        else:
            self.stdout.write(
                f"Nothing to create: the demo catalog is already loaded "
                f"({result.categories_total} categories, {result.products_total} products)."
            )
        self._checkout_setup()
        self._pages()
        self._support()
        if not no_staff:
            self._accounts()
            self._shopper()

    def _checkout_setup(self):
        result = demo_checkout_setup_ensure()
        codes = ", ".join(spec["code"] for spec in VOUCHERS)
        if result.shipping_methods_created or result.vouchers_created:
            self.stdout.write(
                f"Created {result.shipping_methods_created} shipping methods and "
                f"{result.vouchers_created} promo codes ({codes})."
            )
        else:
            self.stdout.write(
                f"The {len(SHIPPING_METHODS)} demo shipping methods and the promo codes "
                f"({codes}) exist."
            )

    def _accounts(self):
        for account in DEMO_ACCOUNTS:
            _user, created = demo_account_ensure(account=account)
            if created:
                self.stdout.write(
                    f"Created the {account.description} account: "
                    f"{account.email} / {account.password}"
                )
            else:
                self.stdout.write(
                    f"The {account.description} account exists: {account.email} "
                    f"(demo password {account.password}, unless it was changed)"
                )

    def _shopper(self):
        shopper, created = demo_shopper_ensure()
        staff = demo_account_ensure(account=DEMO_ACCOUNTS[0])[0]
        made = demo_orders_ensure(customer=shopper, seller=staff)
        state = "Created" if created else "The"
        self.stdout.write(
            f"{state} demo shopper account: {SHOPPER.email} / {SHOPPER.password}"
            + (f", with {made} orders (delivered, shipped, placed)" if made else "")
        )

    def _pages(self):
        made = demo_pages_ensure()
        if made:
            self.stdout.write(f"Created {made} pages (terms of sale, legal notice, privacy…).")
        else:
            self.stdout.write("The demo pages exist.")

    def _support(self):
        result = demo_support_ensure()
        if result.canned_created or result.articles_created:
            self.stdout.write(
                f"Created {result.canned_created} canned replies and "
                f"{result.articles_created} FAQ articles."
            )
        else:
            self.stdout.write("The demo canned replies and FAQ articles exist.")
