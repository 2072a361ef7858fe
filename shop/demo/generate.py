"""Invent the demo products: plain specs, no database.

One seeded `random.Random` walks the products in order, so product number n comes out the same
whatever the total asked for: loading 30 and then 120 gives the same catalog as loading 120.
"""

import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils.text import slugify

from shop.demo.data import CLOSERS, COLOURS, DETAILS, LEAVES, RGB, Leaf
from shop.demo.french import french_description, french_name

DEFAULT_SEED = 2026
MAX_AGE = timedelta(days=200)


@dataclass(frozen=True)
class VariantSpec:
    sku: str
    name: str
    price: Decimal
    compare_at_price: Decimal | None
    quantity: int
    position: int
    size: str | None = None  # its value of the Size attribute, if the leaf has sizes
    colour: str | None = None  # its colour's code in COLOURS, if the leaf has colours


@dataclass(frozen=True)
class ProductSpec:
    number: int
    leaf: Leaf
    name: str
    slug: str
    description: str
    is_published: bool
    name_fr: str
    description_fr: str
    is_featured: bool
    age: timedelta  # created this long before the load
    variants: tuple[VariantSpec, ...]
    rgb: RGB  # the main colour, for the placeholder image
    image_count: int


def product_specs(count: int, *, seed: int = DEFAULT_SEED) -> Iterator[ProductSpec]:
    """The first `count` demo products, numbered from 1."""
    rng = random.Random(seed)
    weights = [leaf.weight for leaf in LEAVES]
    seen_names: set[str] = set()
    for number in range(1, count + 1):
        leaf = rng.choices(LEAVES, weights)[0]
        yield _product(rng, number, leaf, seen_names)


def _product(rng: random.Random, number: int, leaf: Leaf, seen_names: set[str]) -> ProductSpec:
    for _attempt in range(6):  # names repeat once the word lists run out (large catalogs)
        words = {
            "adjective": rng.choice(leaf.adjectives),
            "material": rng.choice(leaf.materials),
            "noun": rng.choice(leaf.nouns),
        }
        name = _squash(leaf.name_pattern.format(**words))
        if name not in seen_names:
            break
    seen_names.add(name)
    colours = _pick_colours(rng, leaf)
    variants = _variants(rng, number, leaf, colours)
    name_fr = french_name(words["noun"], words["material"], words["adjective"])
    return ProductSpec(
        number=number,
        leaf=leaf,
        name=name,
        name_fr=name_fr,
        description_fr=french_description(leaf.slug, name_fr, words["material"]),
        slug=f"{slugify(name)}-{number:04d}",
        description=_description(rng, leaf, name, words),
        # A couple unpublished and a few featured in every hundred, spread out.
        is_published=number % 60 != 45,
        is_featured=number % 15 == 4,
        age=timedelta(seconds=rng.randrange(int(MAX_AGE.total_seconds()))),
        variants=variants,
        rgb=COLOURS[colours[0]].rgb if colours else leaf.rgb,
        image_count=2 if number % 5 == 0 else 1,
    )


def _pick_colours(rng: random.Random, leaf: Leaf) -> list[str]:
    if not leaf.colours:
        return []
    count = rng.choice((1, 1, 2, 2, 3)) if leaf.sizes else rng.choice((1, 2, 3, 4))
    return rng.sample(leaf.colours, min(count, len(leaf.colours)))


def _pick_sizes(rng: random.Random, leaf: Leaf) -> list[str]:
    if not leaf.sizes:
        return []
    if len(leaf.sizes) <= 3:
        return list(leaf.sizes[: rng.randint(1, len(leaf.sizes))])
    length = rng.randint(3, min(5, len(leaf.sizes)))
    start = rng.randint(0, len(leaf.sizes) - length)
    return list(leaf.sizes[start : start + length])


def _variants(
    rng: random.Random, number: int, leaf: Leaf, colours: list[str]
) -> tuple[VariantSpec, ...]:
    sizes = _pick_sizes(rng, leaf)
    base_price = price_point(rng, *leaf.prices)
    on_sale = rng.random() < 0.15
    markup = rng.uniform(1.2, 1.5)
    sold_out = number % 40 == 11  # a few whole products out of stock
    prefix = f"{leaf.code}-{number:04d}"
    variants = []
    for size_index, size in enumerate(sizes or [None]):
        price = base_price + Decimal(leaf.size_surcharge * size_index)
        for colour_code in colours or [None]:
            parts = [p for p in (size, colour_code and COLOURS[colour_code].name) if p]
            sku_parts = [p for p in (size and _sku_part(size), colour_code) if p]
            variants.append(
                VariantSpec(
                    sku="-".join([prefix, *sku_parts]),
                    name=" / ".join(parts),
                    price=price,
                    compare_at_price=_price_above(price, markup) if on_sale else None,
                    quantity=0 if sold_out else _quantity(rng),
                    position=len(variants),
                    size=size,
                    colour=colour_code,
                )
            )
    return tuple(variants)


def price_point(rng: random.Random, low: int, high: int) -> Decimal:
    """A shop-like price between `low` - 0.10 and `high` euros, ending in .90 or .00."""
    euros = rng.randint(low, high)
    if euros >= 100 or rng.random() < 0.3:
        return Decimal(f"{euros}.00")
    return Decimal(f"{euros - 1}.90")


def _price_above(price: Decimal, factor: float) -> Decimal:
    """The former price of a product on sale: `factor` times more, with the same ending."""
    euros = math.ceil(float(price) * factor)
    return Decimal(f"{euros}.00") if price % 1 == 0 else Decimal(f"{euros - 1}.90")


def _quantity(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.07:
        return 0
    if roll < 0.25:
        return rng.randint(1, 5)
    return rng.randint(6, 80)


def _description(rng: random.Random, leaf: Leaf, name: str, words: dict[str, str]) -> str:
    values = {key: value.lower() for key, value in words.items()} | {"name": name}
    sentences = [rng.choice(leaf.openers), rng.choice(DETAILS)]
    if rng.random() < 0.6:
        sentences.append(rng.choice(CLOSERS))
    return " ".join(_capitalize(_fix_articles(_squash(s.format(**values)))) for s in sentences)


def _sku_part(size: str) -> str:
    return "".join(ch for ch in size.upper() if ch.isalnum())


def _fix_articles(sentence: str) -> str:
    return re.sub(r"\b([Aa]) (?=[aeiouAEIOU])", r"\1n ", sentence)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _capitalize(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]
