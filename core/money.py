"""Money is a Decimal in the shop currency, rounded here and nowhere else."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language

CENT = Decimal("0.01")

# How each language writes an amount: the symbol before ("€1,234.56") or after ("1 234,56 €").
_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
_SYMBOL_AFTER = {"fr"}


def quantize(amount) -> Decimal:
    """Round an amount to the cent, half up (the usual commercial rounding)."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def currency() -> str:
    return settings.SHOP_CURRENCY


def format_money(amount, currency_code: str | None = None) -> str:
    """Format an amount for the active language: `€1,234.56` in English, `1 234,56 €` in French."""
    currency_code = currency_code or currency()
    number = formats.number_format(quantize(amount), 2, use_l10n=True, force_grouping=True)
    symbol = _SYMBOLS.get(currency_code, currency_code)
    if (get_language() or "en").split("-")[0] in _SYMBOL_AFTER:
        return f"{number}\xa0{symbol}"
    return f"{symbol}{number}"
