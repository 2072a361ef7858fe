"""The storefront pages as a shopper sees them: what is listed, filtered, sorted, paginated and
translated, and in how many SQL queries."""

import re
from decimal import Decimal

import pytest
from django.template import loader
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.factories import CategoryFactory, ProductFactory, ProductImageFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("shop:product_list")
NOT_FOUND_TEXT = "We couldn’t find that page"


def page_text(response):
    return response.content.decode()


def positions(html, names):
    """Where each name first appears in the page, to check the order products are shown in."""
    return [html.index(name) for name in names]


def card(html, name):
    """The HTML of the product card that shows `name`."""
    cards = [part.split("</article>")[0] for part in html.split('<article class="card">')[1:]]
    (found,) = [text for text in cards if f">{name}</a>" in text]
    return found


def section(html, start, end):
    """The part of the page from the first `start` to the next `end`."""
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


# Home


def test_home_shows_featured_products_new_arrivals_and_featured_categories(client):
    kitchen = CategoryFactory(name="Kitchen", is_featured=True, description="Pots and pans.")
    ProductFactory(name="Featured Teapot", category=kitchen, is_featured=True)
    ProductFactory(name="Brand New Kettle", category=kitchen)

    response = client.get(reverse("shop:home"))

    html = page_text(response)
    assert response.status_code == 200
    featured = section(html, "Featured products", "New arrivals</h2>")
    assert "Featured Teapot" in featured
    assert "Brand New Kettle" not in featured
    new_arrivals = html[html.index("New arrivals</h2>") :]
    assert "Brand New Kettle" in new_arrivals
    assert "Shop by category" in html
    assert "Pots and pans." in html


def test_home_without_products_says_the_shelves_are_empty(client):
    response = client.get(reverse("shop:home"))

    assert "The shelves are still empty." in page_text(response)


# Unpublished products and unknown pages


def test_unpublished_product_is_never_listed_and_its_page_is_404(client):
    category = CategoryFactory(name="Lamps", slug="lamps")
    ProductFactory(name="Visible Lamp", category=category, is_featured=True)
    hidden = ProductFactory(
        name="Secret Lamp", category=category, is_featured=True, is_published=False
    )

    for url in [
        reverse("shop:home"),
        LIST_URL,
        f"{LIST_URL}?q=secret",
        reverse("shop:category", kwargs={"slug": "lamps"}),
    ]:
        html = page_text(client.get(url))
        assert "Secret Lamp" not in html, url
    assert "Visible Lamp" in page_text(client.get(LIST_URL))

    response = client.get(hidden.get_absolute_url())
    assert response.status_code == 404
    assert NOT_FOUND_TEXT in page_text(response)


@pytest.mark.parametrize("url", ["/c/no-such-category/", "/p/no-such-product/"])
def test_unknown_slug_gives_our_404_page(client, settings, url):
    settings.DEBUG = False

    response = client.get(url)

    assert response.status_code == 404
    html = page_text(response)
    assert NOT_FOUND_TEXT in html
    assert 'action="/products/"' in html  # the page offers a search


def test_500_page_renders_without_context_processors_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
        html = loader.get_template("500.html").render()

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "Something went wrong on our side" in html


# Listing: filters


def test_listing_filters_by_category_including_subcategory_products(client):
    clothing = CategoryFactory(name="Clothing", slug="clothing")
    shirts = CategoryFactory(name="Shirts", slug="shirts", parent=clothing)
    ProductFactory(name="Linen Shirt", category=shirts)
    ProductFactory(name="Wool Coat", category=clothing)
    ProductFactory(name="Garden Hose", category=CategoryFactory(name="Garden"))

    html = page_text(client.get(LIST_URL, {"category": "clothing"}))

    assert "Linen Shirt" in html
    assert "Wool Coat" in html
    assert "Garden Hose" not in html
    assert "2 products" in html

    html = page_text(client.get(LIST_URL, {"category": "shirts"}))
    assert "Linen Shirt" in html
    assert "Wool Coat" not in html


def test_listing_filters_by_price_range(client):
    ProductFactory(name="Cheap Pen", variants=[{"price": Decimal("5.00")}])
    ProductFactory(name="Middle Notebook", variants=[{"price": Decimal("25.00")}])
    ProductFactory(name="Dear Fountain Pen", variants=[{"price": Decimal("120.00")}])

    html = page_text(client.get(LIST_URL, {"price_min": "10", "price_max": "100"}))

    assert "Middle Notebook" in html
    assert "Cheap Pen" not in html
    assert "Dear Fountain Pen" not in html
    assert "1 product" in html


def test_listing_filters_in_stock_products(client):
    ProductFactory(name="Available Mug", variants=[{"quantity": 4}])
    ProductFactory(name="Sold Out Mug", variants=[{"quantity": 0}])

    html = page_text(client.get(LIST_URL, {"in_stock": "on"}))

    assert "Available Mug" in html
    assert "Sold Out Mug" not in html
    assert re.search(r'<input type="checkbox" name="in_stock" id="id_in_stock" checked>', html)


@pytest.mark.parametrize(
    "query",
    ["teapot", "cast iron", "FOREST-42"],
    ids=["name", "description", "sku"],
)
def test_search_matches_name_description_and_sku(client, query):
    ProductFactory(
        name="Round Teapot",
        description="Made of cast iron, keeps tea warm.",
        variants=[{"sku": "FOREST-42"}],
    )
    ProductFactory(name="Glass Carafe", description="Clear glass.")

    html = page_text(client.get(LIST_URL, {"q": query}))

    assert "Round Teapot" in html
    assert "Glass Carafe" not in html
    assert f"Search results for “{query}”" in html


def test_search_with_no_match_shows_an_empty_state(client):
    ProductFactory(name="Round Teapot")

    html = page_text(client.get(LIST_URL, {"q": "submarine"}))

    assert "0 products" in html
    assert "No products match your search." in html
    assert "Round Teapot" not in html


# Listing: sorting and pagination


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Apple Crate", "Banana Box", "Cherry Jar"]),
        ("-name", ["Cherry Jar", "Banana Box", "Apple Crate"]),
        ("price", ["Banana Box", "Cherry Jar", "Apple Crate"]),
        ("-price", ["Apple Crate", "Cherry Jar", "Banana Box"]),
        ("newest", ["Cherry Jar", "Apple Crate", "Banana Box"]),
    ],
)
def test_listing_sorts_products(client, sort, expected):
    # Created in this order: Banana (oldest), Apple, Cherry (newest).
    ProductFactory(name="Banana Box", variants=[{"price": Decimal("3.00")}])
    ProductFactory(name="Apple Crate", variants=[{"price": Decimal("30.00")}])
    ProductFactory(name="Cherry Jar", variants=[{"price": Decimal("12.00")}])

    html = page_text(client.get(LIST_URL, {"sort": sort}))

    found = positions(html, expected)
    assert found == sorted(found)
    assert re.search(rf'<option value="{re.escape(sort)}" selected>', html)


@pytest.fixture
def five_products(settings):
    settings.SHOP_PRODUCTS_PER_PAGE = 2
    for number in range(1, 6):
        ProductFactory(name=f"Item {number:02d}", variants=[{"price": Decimal(number)}])


@pytest.mark.usefixtures("five_products")
@pytest.mark.parametrize(
    ("page", "shown", "current"),
    [
        ("2", ["Item 03", "Item 04"], 2),
        ("99", ["Item 05"], 3),
        ("abc", ["Item 01", "Item 02"], 1),
        ("", ["Item 01", "Item 02"], 1),
    ],
    ids=["page-2", "beyond-the-end-gives-last", "not-a-number-gives-first", "no-page"],
)
def test_listing_paginates(client, page, shown, current):
    html = page_text(client.get(LIST_URL, {"page": page}))

    for number in range(1, 6):
        name = f"Item {number:02d}"
        assert (name in html) == (name in shown), name
    assert "5 products" in html
    current_page = section(html, 'aria-current="page"><span class="visually-hidden">', "</a>")
    assert current_page.endswith(f"</span>{current}")


@pytest.mark.usefixtures("five_products")
def test_pagination_links_keep_the_filters(client):
    html = page_text(client.get(LIST_URL, {"sort": "-price", "in_stock": "on", "page": "2"}))

    assert "Item 03" in html  # 5, 4 on page 1; 3, 2 on page 2
    assert 'href="?sort=-price&amp;in_stock=on&amp;page=3"' in html
    assert 'href="?sort=-price&amp;in_stock=on&amp;page=1"' in html
    assert "page=2&amp;page" not in html


def test_bad_parameters_are_ignored(client):
    ProductFactory(name="Zebra Toy", variants=[{"quantity": 0, "price": Decimal("9.00")}])
    ProductFactory(name="Alpaca Toy", category=CategoryFactory(name="Other"))

    response = client.get(
        LIST_URL, {"price_min": "abc", "sort": "bogus", "category": "nope", "in_stock": "maybe"}
    )

    html = page_text(response)
    assert response.status_code == 200
    assert "2 products" in html
    alpaca, zebra = positions(html, ["Alpaca Toy", "Zebra Toy"])
    assert alpaca < zebra  # the default order: by name


# Category page


def test_category_page_shows_breadcrumbs_subcategories_and_their_products(client):
    home = CategoryFactory(name="Home Goods", slug="home-goods")
    lighting = CategoryFactory(name="Lighting", slug="lighting", parent=home)
    ProductFactory(name="Brass Lamp", category=lighting)
    ProductFactory(name="Stray Sock", category=CategoryFactory(name="Socks"))

    html = page_text(client.get(reverse("shop:category", kwargs={"slug": "home-goods"})))

    assert "<h1>Home Goods</h1>" in html
    assert 'href="/c/lighting/"' in html  # the subcategory
    assert "Brass Lamp" in html
    assert "Stray Sock" not in html

    html = page_text(client.get(reverse("shop:category", kwargs={"slug": "lighting"})))
    breadcrumbs = section(html, 'class="breadcrumbs"', "</nav>")
    assert '<a href="/c/home-goods/">Home Goods</a>' in breadcrumbs
    assert "Lighting" in breadcrumbs


def test_category_page_filters_within_the_category(client):
    clothing = CategoryFactory(name="Clothing", slug="clothing")
    ProductFactory(name="Cheap Scarf", category=clothing, variants=[{"price": Decimal("8")}])
    ProductFactory(name="Dear Coat", category=clothing, variants=[{"price": Decimal("200")}])
    ProductFactory(name="Cheap Spoon", variants=[{"price": Decimal("2")}])

    url = reverse("shop:category", kwargs={"slug": "clothing"})
    html = page_text(client.get(url, {"price_max": "50"}))

    assert "Cheap Scarf" in html
    assert "Dear Coat" not in html
    assert "Cheap Spoon" not in html


# Product cards


def test_product_card_shows_image_price_and_badges(client):
    mug = ProductFactory(
        name="Blue Mug",
        variants=[
            {"price": Decimal("12.00"), "compare_at_price": Decimal("15.00")},
            {"price": Decimal("14.00")},
        ],
    )
    ProductImageFactory(product=mug, alt="A blue mug on a table")
    ProductFactory(name="Gone Bowl", variants=[{"quantity": 0, "price": Decimal("7.50")}])
    ProductFactory(
        name="Gone Vase",
        variants=[{"quantity": 0, "price": Decimal("9"), "compare_at_price": Decimal("12")}],
    )

    html = page_text(client.get(LIST_URL))

    mug_card = card(html, "Blue Mug")
    image = re.search(r"<img [^>]+>", mug_card).group()
    assert 'alt="A blue mug on a table"' in image
    assert re.search(r'width="\d+" height="\d+"', image)
    assert 'loading="lazy"' in image
    assert "From €12.00" in mug_card
    assert "€15.00</del>" in mug_card
    assert ">Sale<" in mug_card
    assert "Out of stock" not in mug_card
    bowl_card = card(html, "Gone Bowl")
    assert ">Out of stock<" in bowl_card
    assert "€7.50" in bowl_card
    assert ">Sale<" not in bowl_card
    vase_card = card(html, "Gone Vase")
    assert ">Out of stock<" in vase_card
    assert ">Sale<" in vase_card


def test_image_without_alt_text_uses_the_product_name(client):
    ProductImageFactory(product=ProductFactory(name="Oak Stool"), alt="")

    html = page_text(client.get(LIST_URL))

    assert 'alt="Oak Stool"' in re.search(r"<img [^>]+>", card(html, "Oak Stool")).group()


# Product page


def test_product_page_shows_variants_with_price_and_stock_state(client):
    category = CategoryFactory(name="Shirts", slug="shirts")
    product = ProductFactory(
        name="Linen Shirt",
        category=category,
        description="Soft and light.",
        variants=[
            {"name": "S", "sku": "SHIRT-S", "price": Decimal("39.00"), "quantity": 12},
            {"name": "M", "sku": "SHIRT-M", "price": Decimal("39.00"), "quantity": 3},
            {
                "name": "L",
                "sku": "SHIRT-L",
                "price": Decimal("45.00"),
                "compare_at_price": Decimal("55.00"),
                "quantity": 0,
            },
        ],
    )
    variants = {variant.name: variant for variant in product.variants.all()}
    small, medium, large = variants["S"], variants["M"], variants["L"]
    ProductFactory(name="Cotton Shirt", category=category)

    html = page_text(client.get(product.get_absolute_url()))

    assert '<h1 class="product__name">Linen Shirt</h1>' in html
    assert "<title>Linen Shirt · Small Shop</title>" in html
    assert "From €39.00" in html
    assert "Price includes VAT (20%)." in html
    assert "Soft and light." in html
    for variant, state in [(small, "In stock"), (medium, "Only 3 left"), (large, "Out of stock")]:
        label = html[html.index(f'for="variant-{variant.pk}"') :]
        label = label[: label.index("</label>")]
        assert f">{variant.name}<" in label
        assert state in label
        assert f"SKU: {variant.sku}" in label
    assert "€55.00</del>" in html
    radio = re.compile(
        r'<input type="radio" name="variant" value="(\d+)"[^>]*?\s(disabled|checked)>'
    )
    states = {int(pk): state for pk, state in radio.findall(html)}
    assert states == {small.pk: "checked", large.pk: "disabled"}
    assert "Cotton Shirt" in html[html.index("You may also like") :]
    assert '<a href="/c/shirts/">Shirts</a>' in section(html, 'class="breadcrumbs"', "</nav>")
    buy_box = section(html, '<form class="buy-box"', "</form>")
    assert 'method="post" action="/cart/add/"' in buy_box
    assert ">Add to cart</button>" in buy_box


def test_product_page_with_one_variant_shows_its_price_and_stock(client):
    product = ProductFactory(
        name="Pocket Knife",
        variants=[{"sku": "KNIFE-1", "price": Decimal("24.50"), "quantity": 2}],
    )

    html = page_text(client.get(product.get_absolute_url()))

    assert "€24.50" in html
    assert "From €24.50" not in html
    assert "Only 2 left" in html
    assert "SKU: KNIFE-1" in html


def test_product_page_for_a_sold_out_product_says_so(client):
    product = ProductFactory(name="Rare Vase", variants=[{"quantity": 0}])

    html = page_text(client.get(product.get_absolute_url()))

    assert "This product is out of stock at the moment." in html


# Languages


def test_french_from_the_browser_translates_pages_and_formats_prices(client):
    ProductFactory(name="Grand Canapé", variants=[{"price": Decimal("1234.56"), "quantity": 2}])

    html = page_text(client.get(LIST_URL, headers={"accept-language": "fr"}))

    assert '<html lang="fr">' in html
    assert "Tous les produits" in html
    assert "Filtrer et trier" in html
    assert "Nom, de A à Z" in html  # a sort choice from shop/filters.py
    assert "1 produit" in html
    assert "1\xa0234,56\xa0€" in html  # "1 234,56 €" with no-break spaces


def test_french_product_page_from_the_language_cookie(client, settings):
    product = ProductFactory(variants=[{"price": Decimal("1234.56"), "quantity": 3}])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    html = page_text(client.get(product.get_absolute_url()))

    assert "Plus que 3 en stock" in html
    assert "Prix TTC (TVA de 20 % incluse)." in html
    assert "1\xa0234,56\xa0€" in html


def test_language_switcher_sets_french_then_english(client):
    ProductFactory(variants=[{"price": Decimal("1234.56")}])
    html = page_text(client.get(LIST_URL))
    assert 'action="/i18n/setlang/"' in html
    assert "€1,234.56" in html

    response = client.post("/i18n/setlang/", {"language": "fr", "next": LIST_URL}, follow=True)

    html = page_text(response)
    assert response.redirect_chain[-1][0] == LIST_URL
    assert "Tous les produits" in html
    assert "1\xa0234,56\xa0€" in html

    response = client.post("/i18n/setlang/", {"language": "en", "next": LIST_URL}, follow=True)
    html = page_text(response)
    assert "All products" in html
    assert "€1,234.56" in html


def test_french_404_page(client):
    response = client.get("/p/nope/", headers={"accept-language": "fr"})

    assert response.status_code == 404
    assert "Nous n’avons pas trouvé cette page" in page_text(response)


# Query counts: a page runs the same queries for 1 product as for 50.

MAX_QUERIES = 12


def _catalog(size, prefix):
    """`size` published products across a category and its subcategory, each with two variants
    (one on sale) and an image, plus an unpublished one. Returns the first product and the parent
    category."""
    parent = CategoryFactory(name=f"{prefix} Parent", is_featured=True)
    child = CategoryFactory(name=f"{prefix} Child", parent=parent)
    products = []
    for number in range(size):
        product = ProductFactory(
            name=f"{prefix} Thing {number:03d}",
            category=child if number % 3 == 2 else parent,
            is_featured=number % 3 == 0,
            variants=[
                {"price": Decimal("10.00") + number, "quantity": number % 4},
                {"price": Decimal("12.00"), "compare_at_price": Decimal("20.00")},
            ],
        )
        ProductImageFactory(product=product, alt=f"Photo of thing {number}")
        products.append(product)
    ProductFactory(name=f"{prefix} Hidden", category=parent, is_published=False)
    return products[0], parent


@pytest.mark.parametrize("page", ["home", "listing", "category", "product"])
def test_query_count_does_not_grow_with_the_number_of_products(
    client, django_assert_max_num_queries, page
):
    # A lone product has no related products, and Django runs no prefetch query for an empty
    # list: the product page starts comparing at two products (one of them related).
    smallest = 2 if page == "product" else 1
    counts = []
    for size, prefix in [(smallest, "Small"), (50, "Large")]:
        product, category = _catalog(size, prefix)
        url = {
            "home": reverse("shop:home"),
            "listing": f"{LIST_URL}?in_stock=on&sort=-price",
            "category": category.get_absolute_url(),
            "product": product.get_absolute_url(),
        }[page]

        with django_assert_max_num_queries(MAX_QUERIES) as captured:
            response = client.get(url)

        assert response.status_code == 200
        assert f"{prefix} Thing" in page_text(response)
        counts.append(len(captured))

    assert counts[0] == counts[1], counts


def test_large_ids_are_written_without_thousand_separators(client):
    """A variant id of 2,096 in a form would post "2,096" and add nothing to the cart."""
    product = ProductFactory(name="Linen Shirt", variants=[{"pk": 123456}])
    html = page_text(client.get(product.get_absolute_url()))
    assert 'value="123456"' in html
    assert "123,456" not in html
