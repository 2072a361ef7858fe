"""The demo shop's category tree and the word lists its products are made from.

Changing anything here changes the generated catalog (names, SKUs, prices): the loader skips
products whose slug exists, so an already loaded database keeps its old products.
"""

from dataclasses import dataclass, field

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Colour:
    name: str
    code: str  # three letters, the last part of a SKU
    rgb: RGB


COLOURS = {
    colour.code: colour
    for colour in [
        Colour("Black", "BLK", (38, 38, 40)),
        Colour("White", "WHT", (244, 242, 236)),
        Colour("Navy", "NAV", (36, 52, 92)),
        Colour("Blue", "BLU", (70, 118, 178)),
        Colour("Grey", "GRY", (140, 142, 146)),
        Colour("Charcoal", "CHR", (70, 72, 76)),
        Colour("Olive", "OLV", (112, 116, 66)),
        Colour("Sage", "SAG", (150, 170, 140)),
        Colour("Sand", "SND", (206, 186, 150)),
        Colour("Cream", "CRM", (238, 228, 204)),
        Colour("Rust", "RST", (176, 84, 48)),
        Colour("Terracotta", "TER", (196, 108, 80)),
        Colour("Burgundy", "BUR", (118, 36, 52)),
        Colour("Ochre", "OCH", (204, 146, 46)),
        Colour("Pink", "PNK", (226, 160, 170)),
        Colour("Forest", "FOR", (40, 82, 58)),
    ]
}


@dataclass(frozen=True)
class Leaf:
    """A category that holds products, with everything needed to invent them."""

    name: str
    slug: str
    code: str  # SKU prefix
    shape: str  # what the placeholder image draws, see shop.demo.images.SHAPES
    rgb: RGB
    prices: tuple[int, int]  # whole euros, inclusive
    weight: int  # how often a product lands here, relative to the other leaves
    nouns: tuple[str, ...]
    materials: tuple[str, ...]
    adjectives: tuple[str, ...]
    openers: tuple[str, ...]  # first sentence of a description, str.format()ed
    sizes: tuple[str, ...] = ()  # in order; a product takes a run of 1 or more of them
    size_surcharge: int = 0  # euros added per step up the size list
    colours: tuple[str, ...] = ()  # codes from COLOURS; empty = the product has no colour choice
    name_pattern: str = "{adjective} {material} {noun}"


@dataclass(frozen=True)
class Parent:
    name: str
    slug: str
    description: str
    is_featured: bool
    children: tuple[Leaf, ...] = field(default_factory=tuple)


APPAREL_SIZES = ("XS", "S", "M", "L", "XL", "XXL")
SHOE_SIZES = ("38", "39", "40", "41", "42", "43", "44", "45")

CLOTHING = (
    Leaf(
        "T-shirts",
        "t-shirts",
        "TSH",
        "tshirt",
        (214, 120, 96),
        (15, 39),
        14,
        ("T-shirt", "Crew Neck Tee", "Pocket Tee", "V-neck Tee", "Long Sleeve Tee"),
        ("Organic Cotton", "Slub Cotton", "Pima Cotton", "Hemp", "Linen Blend", "Jersey"),
        ("Essential", "Relaxed", "Boxy", "Heavyweight", "Everyday", "Classic", "Washed"),
        (
            "The {name} is cut from soft {material} with a relaxed fit that keeps its shape.",
            "A {adjective} {noun} in {material}, made to be worn on repeat.",
            "Our {noun} in {material} has a clean neckline and a slightly dropped shoulder.",
        ),
        sizes=APPAREL_SIZES,
        colours=("WHT", "BLK", "NAV", "GRY", "SAG", "RST", "OCH", "PNK"),
    ),
    Leaf(
        "Shirts",
        "shirts",
        "SHI",
        "shirt",
        (96, 132, 176),
        (39, 89),
        10,
        ("Oxford Shirt", "Overshirt", "Camp Collar Shirt", "Poplin Shirt", "Chambray Shirt"),
        ("Cotton Oxford", "Linen", "Brushed Flannel", "Poplin", "Corduroy", "Seersucker"),
        ("Tailored", "Relaxed", "Classic", "Garment-dyed", "Weekend", "Utility"),
        (
            "The {name} is made from {material} that softens with every wash.",
            "A {adjective} {noun} in {material}, with mother-of-pearl buttons.",
            "Cut from {material}, our {noun} works tucked in or worn open over a tee.",
        ),
        sizes=APPAREL_SIZES,
        colours=("WHT", "BLU", "NAV", "SND", "OLV", "BUR"),
    ),
    Leaf(
        "Sweaters",
        "sweaters",
        "SWE",
        "sweater",
        (150, 110, 160),
        (49, 139),
        10,
        ("Crew Sweater", "Cardigan", "Roll Neck", "Hoodie", "Sweatshirt", "Half-zip"),
        ("Merino", "Lambswool", "Cashmere Blend", "Organic Cotton", "Fleece", "Alpaca Blend"),
        ("Chunky", "Fine-knit", "Cosy", "Classic", "Ribbed", "Fisherman"),
        (
            "The {name} is knitted from {material} for warmth without bulk.",
            "A {adjective} {noun} in {material} that layers easily over a shirt.",
            "Knitted in {material}, this {noun} keeps its shape winter after winter.",
        ),
        sizes=APPAREL_SIZES[1:5],
        colours=("CRM", "GRY", "NAV", "FOR", "OCH", "BUR", "CHR"),
    ),
    Leaf(
        "Trousers",
        "trousers",
        "TRO",
        "trousers",
        (112, 126, 88),
        (49, 119),
        9,
        ("Chinos", "Trousers", "Cargo Pants", "Wide-leg Trousers", "Joggers", "Jeans"),
        ("Cotton Twill", "Stretch Cotton", "Corduroy", "Selvedge Denim", "Linen", "Canvas"),
        ("Slim", "Straight", "Tapered", "Relaxed", "Pleated", "Workwear"),
        (
            "The {name} are cut from durable {material} with a comfortable mid rise.",
            "{adjective} {noun} in {material}, with deep pockets and a button fly.",
            "Our {noun} in {material} sit at the waist and break just above the shoe.",
        ),
        sizes=("28", "30", "32", "34", "36", "38"),
        colours=("SND", "NAV", "OLV", "BLK", "CHR"),
    ),
)

SHOES = (
    Leaf(
        "Sneakers",
        "sneakers",
        "SNK",
        "sneaker",
        (90, 150, 150),
        (69, 149),
        7,
        ("Sneakers", "Low-top Trainers", "Court Shoes", "Runners", "Slip-ons"),
        ("Leather", "Suede", "Canvas", "Recycled Knit", "Nubuck"),
        ("Minimal", "Retro", "Everyday", "Classic", "Lightweight"),
        (
            "The {name} pair a {material} upper with a natural rubber sole.",
            "{adjective} {noun} in {material}, with a cushioned footbed for long days.",
            "Made in Portugal, these {noun} in {material} go with almost everything.",
        ),
        sizes=SHOE_SIZES,
        colours=("WHT", "BLK", "NAV", "SND", "GRY"),
    ),
    Leaf(
        "Boots",
        "boots",
        "BOO",
        "boot",
        (140, 96, 64),
        (109, 189),
        4,
        ("Chelsea Boots", "Lace-up Boots", "Desert Boots", "Hiking Boots", "Work Boots"),
        ("Leather", "Waxed Leather", "Suede", "Oiled Nubuck"),
        ("Rugged", "Classic", "Weatherproof", "Handmade", "Heritage"),
        (
            "The {name} are built from {material} on a welted sole that can be resoled.",
            "{adjective} {noun} in {material}, made to be broken in and kept for years.",
            "Our {noun} in {material} have a cushioned insole and a grippy rubber outsole.",
        ),
        sizes=SHOE_SIZES,
        colours=("BLK", "RST", "SND"),
    ),
)

ACCESSORIES = (
    Leaf(
        "Bags",
        "bags",
        "BAG",
        "bag",
        (196, 150, 84),
        (19, 149),
        8,
        ("Tote Bag", "Backpack", "Crossbody Bag", "Weekender", "Market Bag", "Bum Bag"),
        ("Canvas", "Waxed Cotton", "Leather", "Recycled Nylon", "Jute", "Corduroy"),
        ("Everyday", "Heavyweight", "Foldable", "Roll-top", "Minimal", "Utility"),
        (
            "The {name} is made from {material} with reinforced handles and an inner pocket.",
            "A {adjective} {noun} in {material}, roomy enough for a laptop and lunch.",
            "Our {noun} in {material} closes with a sturdy zip and wears in beautifully.",
        ),
        colours=("BLK", "SND", "OLV", "NAV", "RST", "CRM"),
    ),
    Leaf(
        "Hats",
        "hats",
        "HAT",
        "hat",
        (84, 110, 150),
        (15, 59),
        5,
        ("Beanie", "Cap", "Bucket Hat", "Fedora", "Sun Hat"),
        ("Wool", "Merino", "Cotton Twill", "Straw", "Corduroy", "Recycled Polyester"),
        ("Ribbed", "Classic", "Packable", "Fisherman", "Washed"),
        (
            "The {name} is made from {material} and keeps its shape in a bag.",
            "A {adjective} {noun} in {material}, one of those things you reach for daily.",
            "Our {noun} in {material} has a soft lining that never itches.",
        ),
        sizes=("S/M", "L/XL"),
        colours=("BLK", "NAV", "OCH", "GRY", "FOR", "CRM"),
    ),
    Leaf(
        "Scarves",
        "scarves",
        "SCA",
        "scarf",
        (176, 96, 120),
        (25, 89),
        4,
        ("Scarf", "Wrap", "Snood", "Bandana"),
        ("Lambswool", "Cashmere", "Merino", "Brushed Cotton", "Silk", "Linen"),
        ("Oversized", "Fringed", "Checked", "Lightweight", "Chunky"),
        (
            "The {name} is woven from {material} in a small family mill.",
            "A {adjective} {noun} in {material}, long enough to wrap twice.",
            "Our {noun} in {material} is soft, warm and finished with hand-knotted fringes.",
        ),
        colours=("BUR", "CRM", "GRY", "OCH", "NAV", "PNK", "FOR"),
    ),
)

HOME = (
    Leaf(
        "Mugs",
        "mugs",
        "MUG",
        "mug",
        (120, 160, 200),
        (7, 29),
        7,
        ("Mug", "Espresso Cup", "Latte Mug", "Tumbler", "Travel Mug"),
        ("Stoneware", "Speckled Stoneware", "Porcelain", "Enamel", "Earthenware"),
        ("Handmade", "Glazed", "Stackable", "Everyday", "Rustic"),
        (
            "The {name} is made from {material}, so no two are quite the same.",
            "A {adjective} {noun} in {material} that sits nicely in the hand.",
            "Our {noun} is made from {material} and glazed inside for easy cleaning.",
        ),
        colours=("WHT", "CRM", "SAG", "BLU", "TER", "BLK"),
    ),
    Leaf(
        "Candles",
        "candles",
        "CAN",
        "candle",
        (226, 170, 90),
        (10, 39),
        7,
        ("Scented Candle", "Candle", "Travel Candle", "Pillar Candle"),
        ("Fig & Cedar", "Sea Salt", "Black Pepper", "Orange Blossom", "Lavender", "Amber"),
        ("", "Small-batch", "Hand-poured", "Soy"),
        (
            "The {name} is hand-poured from soy wax and scented with {material}.",
            "A {noun} that fills a room with {material} notes for about 40 hours.",
            "Poured in our workshop, this {noun} smells of {material} and burns clean.",
        ),
        sizes=("180 g", "400 g"),
        size_surcharge=14,
        name_pattern="{adjective} {material} {noun}",
    ),
    Leaf(
        "Cushions & throws",
        "cushions-throws",
        "TEX",
        "cushion",
        (160, 140, 110),
        (29, 129),
        5,
        ("Cushion Cover", "Throw", "Blanket", "Cushion"),
        ("Linen", "Wool", "Cotton Waffle", "Velvet", "Bouclé"),
        ("Stonewashed", "Woven", "Striped", "Checked", "Plain"),
        (
            "The {name} is woven from {material} and gets softer with every wash.",
            "A {adjective} {noun} in {material} to bring a little warmth to the sofa.",
            "Our {noun} in {material} is finished with hidden seams and a zip closure.",
        ),
        sizes=("45 × 45 cm", "60 × 60 cm", "130 × 170 cm"),
        size_surcharge=12,
        colours=("CRM", "SAG", "TER", "CHR", "OCH"),
    ),
)

CATEGORY_TREE = (
    Parent(
        "Clothing",
        "clothing",
        "Everyday clothing in natural fibres, cut to last.",
        True,
        CLOTHING,
    ),
    Parent("Shoes", "shoes", "Sneakers and boots made by small factories in Europe.", False, SHOES),
    Parent(
        "Accessories",
        "accessories",
        "Bags, hats and scarves to finish an outfit.",
        True,
        ACCESSORIES,
    ),
    Parent("Home", "home", "Mugs, candles and textiles for slow mornings.", True, HOME),
)

LEAVES = tuple(leaf for parent in CATEGORY_TREE for leaf in parent.children)
FEATURED_LEAVES = {"t-shirts", "candles"}

# Middle and closing sentences shared by every category.
DETAILS = (
    "It is made in a family-run workshop we have worked with for years.",
    "Every piece is checked by hand before it leaves the workshop.",
    "The {material} is sourced from certified suppliers.",
    "It comes in a recycled cardboard box, without plastic.",
    "Small variations in colour are part of its charm.",
    "It is designed in our studio and made in small runs.",
)
CLOSERS = (
    "Free returns within 30 days.",
    "Care: see the label; wash cool and dry flat.",
    "Ships within two working days.",
    "Pairs well with the rest of the collection.",
)
