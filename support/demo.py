"""The demo support desk, created by `manage.py load_demo_shop`: canned replies for the usual
questions and a small FAQ, so a new agent can answer "where is my parcel?" in two clicks and a
shopper finds the help pages filled.

Found again by title (replies) and slug (FAQ): a second run creates nothing, and what the
community manager has edited since is left as it is.
"""

from dataclasses import dataclass

from django.db import transaction

from support.models import CannedResponse, FaqArticle, FaqCategory

CANNED_RESPONSES = [
    {
        "title": "Where is my parcel?",
        "category": "delivery",
        "body": (
            "Hello {{ customer.first_name }},\n\n"
            "Where your order {{ order.number }} stands: {{ order.status }}. You can follow "
            "your parcel here:\n{{ tracking_links }}\n\n"
            "The carrier usually updates the tracking within a few hours of each scan. "
            "Tell us if it has not moved in three working days.\n\nBest regards,\nSmall Shop"
        ),
    },
    {
        "title": "How to return an item",
        "category": "return",
        "body": (
            "Hello {{ customer.first_name }},\n\n"
            "You can return the items of order {{ order.number }} within 30 days of delivery: "
            'open the order in your account and choose "Return items". Once we approve the '
            "return you get a return slip by email; the refund follows when the parcel "
            "reaches us.\n\nBest regards,\nSmall Shop"
        ),
    },
    {
        "title": "Payment received",
        "category": "payment",
        "body": (
            "Hello {{ customer.first_name }},\n\n"
            "We have received the payment for order {{ order.number }}. Where it stands now: "
            "{{ order.status }}.\n\nBest regards,\nSmall Shop"
        ),
    },
]

FAQ = [
    (
        ("Orders and delivery", "orders-delivery"),
        [
            (
                "How do I track my parcel?",
                "track-parcel",
                "Every parcel we ship has a **tracking link**: it is in the shipping email and "
                "on your order's page (*My account → Orders*).\n\n"
                "- Colissimo: 2 to 4 working days in France\n"
                "- Chronopost express: 1 to 2 working days\n\n"
                "If the tracking has not moved for three working days, "
                "[contact us](/contact/) with your order number.",
            ),
            (
                "When will my order ship?",
                "when-ship",
                "Orders placed before 2 pm on a working day leave our workshop the same day. "
                "You get an email with the tracking link as soon as the parcel ships.",
            ),
        ],
    ),
    (
        ("Returns and refunds", "returns-refunds"),
        [
            (
                "How do I return an item?",
                "return-item",
                "You may return delivered items within **30 days** of delivery:\n\n"
                "1. Open the order in *My account → Orders* (or the link of your order "
                "email) and choose **Return items**.\n"
                "2. Choose the items, how many and why; add photos if something arrived "
                "damaged.\n"
                "3. Once approved, you get a **return slip** by email: put it in the parcel.\n\n"
                "The refund goes back to the card or account you paid with.",
            ),
            (
                "When do I get my refund?",
                "refund-when",
                "We refund within two working days of receiving your parcel, through the "
                "payment method you used. Each refund comes with a credit note, downloadable "
                "from your order's page.",
            ),
        ],
    ),
    (
        ("Payment", "payment"),
        [
            (
                "Which payment methods do you accept?",
                "payment-methods",
                "Cards (Visa, Mastercard, American Express) through Stripe, and bank transfer "
                "or payment on delivery. Your card details never reach our servers.",
            ),
        ],
    ),
]


# The French FAQ, by slug: category names, then (title, body) of each article.
FAQ_CATEGORIES_FR = {
    "orders-delivery": "Commandes et livraison",
    "returns-refunds": "Retours et remboursements",
    "payment": "Paiement",
}
FAQ_ARTICLES_FR = {
    "track-parcel": (
        "Comment suivre mon colis ?",
        "Chaque colis expédié a un **lien de suivi** : il figure dans l'e-mail d'expédition et "
        "sur la page de votre commande (*Mon compte → Commandes*).\n\n"
        "- Colissimo : 2 à 4 jours ouvrés en France\n"
        "- Chronopost express : 1 à 2 jours ouvrés\n\n"
        "Si le suivi n'a pas bougé depuis trois jours ouvrés, "
        "[contactez-nous](/contact/) avec votre numéro de commande.",
    ),
    "when-ship": (
        "Quand ma commande part-elle ?",
        "Les commandes passées avant 14 h un jour ouvré quittent notre atelier le jour même. "
        "Vous recevez un e-mail avec le lien de suivi dès l'expédition du colis.",
    ),
    "return-item": (
        "Comment retourner un article ?",
        "Vous pouvez retourner les articles livrés sous **30 jours** après la livraison :\n\n"
        "1. Ouvrez la commande dans *Mon compte → Commandes* (ou le lien de l'e-mail de "
        "commande) et choisissez **Retourner des articles**.\n"
        "2. Choisissez les articles, combien et pourquoi ; ajoutez des photos si un article "
        "est arrivé abîmé.\n"
        "3. Une fois le retour accepté, vous recevez un **bon de retour** par e-mail : "
        "glissez-le dans le colis.\n\n"
        "Le remboursement se fait sur la carte ou le compte utilisé pour payer.",
    ),
    "refund-when": (
        "Quand suis-je remboursé ?",
        "Nous remboursons sous deux jours ouvrés après réception de votre colis, par le moyen "
        "de paiement utilisé. Chaque remboursement s'accompagne d'un avoir, téléchargeable "
        "depuis la page de votre commande.",
    ),
    "payment-methods": (
        "Quels moyens de paiement acceptez-vous ?",
        "Les cartes (Visa, Mastercard, American Express) via Stripe, le virement bancaire et "
        "le paiement à la livraison. Vos données de carte n'arrivent jamais sur nos serveurs.",
    ),
}


@dataclass
class SupportDemoResult:
    canned_created: int = 0
    articles_created: int = 0


@transaction.atomic
def demo_support_ensure() -> SupportDemoResult:
    """Create the demo canned replies and FAQ articles that do not exist yet."""
    result = SupportDemoResult()
    for spec in CANNED_RESPONSES:
        _canned, created = CannedResponse.objects.get_or_create(title=spec["title"], defaults=spec)
        result.canned_created += created
    for position, ((name, slug), articles) in enumerate(FAQ):
        category, _created = FaqCategory.objects.get_or_create(
            slug=slug,
            defaults={
                "name_en": name,
                "name_fr": FAQ_CATEGORIES_FR.get(slug),
                "position": position,
            },
        )
        for article_position, (title, article_slug, body) in enumerate(articles):
            _article, created = FaqArticle.objects.get_or_create(
                category=category,
                slug=article_slug,
                defaults={
                    "title_en": title,
                    "body_en": body,
                    "title_fr": FAQ_ARTICLES_FR.get(article_slug, (None, None))[0],
                    "body_fr": FAQ_ARTICLES_FR.get(article_slug, (None, None))[1],
                    "is_published": True,
                    "position": article_position,
                },
            )
            result.articles_created += created
    return result
