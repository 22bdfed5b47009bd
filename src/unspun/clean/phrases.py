"""The fixed phrases of page furniture: whole lines, compared after :func:`normalise_line`.

Each phrase has a kind (the :class:`unspun.records.Removal` kind) and a
strength: ``STRONG`` phrases are furniture wherever they stand, ``WEAK`` ones
(bare words an article could also use as a line) only beside other
furniture; see :mod:`unspun.clean.lines`.
"""

from __future__ import annotations

from unspun.clean.site import normalise_line

__all__ = ["EXACT", "KINDS", "SOCIAL", "STRONG", "WEAK"]

WEAK, STRONG = 1, 2

KINDS = (
    "comment-form",
    "source-link",
    "read-more",
    "share",
    "follow",
    "translate",
    "navigation",
    "related",
    "advert",
    "subscribe",
    "copyright",
    "caption",
    "taxonomy",
    "embed",
    "separator",
    "site-repeated",
    "reader-comment",
    "consent",
)
"""Every kind a :class:`unspun.records.Removal` from this stage can have."""

EXACT: dict[str, tuple[str, int]] = {}


def _add(kind: str, strength: int, *phrases: str) -> None:
    for phrase in phrases:
        EXACT[normalise_line(phrase)] = (kind, strength)


_add(
    "comment-form",
    STRONG,
    "Leave a Reply",
    "Leave a Comment",
    "Leave a Reply Cancel reply",
    "Cancel reply",
    "Your email address will not be published.",
    "Your email address will not be published. Required fields are marked *",
    # the same form flattened onto one line by a scraper
    "Leave a Reply Your email address will not be published.",
    "Leave a Reply Your email address will not be published. Required fields are marked *",
    "Leave a Reply Cancel reply Your email address will not be published.",
    "Leave a Reply Cancel reply Your email address will not be published. Required fields are marked *",
    "Leave a Comment Your email address will not be published.",
    "Leave a Comment Your email address will not be published. Required fields are marked *",
    "Leave a Comment Cancel reply Your email address will not be published. Required fields are marked *",
    "Required fields are marked *",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Post Comment",
    "Submit Comment",
    "Notify me of follow-up comments by email.",
    "Notify me of new posts by email.",
    "Notify me of new comments via email.",
    "You must be logged in to post a comment.",
    "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
    "Comments are closed.",
    "Add a comment",
    "Post a comment",
    "Join the discussion",
    "Join the conversation",
    "Be the first to comment",
    "No comments yet",
    "View comments",
    "Show comments",
)
_add("comment-form", WEAK, "Comment", "Comments", "Name", "Website", "Your name", "Your email", "Reply", "Submit")
_add("source-link", STRONG, "Source link", "Source Link:", "View original post", "Original article")
_add("source-link", WEAK, "Source")
_add(
    "read-more",
    STRONG,
    "Read More",
    "Read more »",
    "Read more...",
    "Continue reading",
    "Continue reading the main story",
    "Read the full story",
    "Read the full article",
    "Read full article",
    "Read full story",
    "Keep reading",
    "Show more",
    "Load more",
    "View more",
)
_add(
    "share",
    STRONG,
    "Share this:",
    "Share this article",
    "Share this story",
    "Share this post",
    "Share on Facebook",
    "Share on Twitter",
    "Share on LinkedIn",
    "Share on WhatsApp",
    "Share on Pinterest",
    "Share via Email",
    "Share via",
    "Like this:",
    "Like Loading...",
    "Like this: Like Loading...",
    "Loading...",
    "Copy link",
    "Share article",
)
_add("share", WEAK, "Share", "Tweet", "Pin it", "Pin", "WhatsApp", "Email", "Print", "Shares", "Facebook", "Twitter")
_add("translate", STRONG, "Translate »", "Translate", "Select Language", "Powered by Google Translate")
_add(
    "related",
    STRONG,
    "Related Posts",
    "Related Articles",
    "Related Stories",
    "Related Content",
    "Related Coverage",
    "Related News",
    "Related Posts:",
    "You may also like",
    "You might also like",
    "You may be interested in",
    "More stories",
    "More Stories",
    "More on this story",
    "Recommended for you",
    "Trending now",
    "Popular posts",
    "Most popular",
    "Most read",
    "What to read next",
    "Read next",
    "Up next",
)
_add("related", WEAK, "Related", "Recommended", "Trending", "Popular")
_add(
    "advert",
    STRONG,
    "Advertisement",
    "Advertisements",
    "Sponsored content",
    "Sponsored links",
    "Sponsored stories",
    "Story continues below advertisement",
    "Article continues below advertisement",
    "Advertisement - Continue Reading Below",
    "Advertisement - story continues below",
    "Continue reading below",
    "Scroll to continue with content",
    "Paid content",
    "Promoted content",
    "Promoted stories",
)
_add("advert", WEAK, "Ad", "Ads", "Sponsored")
_add(
    "subscribe",
    STRONG,
    "Subscribe to our newsletter",
    "Sign up for our newsletter",
    "Sign up for our newsletters",
    "Sign up to our newsletter",
    "Get our newsletter",
    "Subscribe now",
    "Join our mailing list",
    "Enter your email address",
    "Enter your email",
)
_add("subscribe", WEAK, "Subscribe", "Sign up", "Newsletter", "Log in", "Sign in", "Register")
_add(
    "copyright",
    STRONG,
    "All rights reserved.",
    "This material may not be published, broadcast, rewritten or redistributed.",
)
_add(
    "caption",
    STRONG,
    "Getty",
    "Getty Images",
    "AFP/Getty Images",
    "AP Photo",
    "Shutterstock",
    "iStock",
)

SOCIAL = frozenset(
    "facebook twitter x pinterest whatsapp email e-mail print linkedin reddit tumblr telegram "
    "messenger flipboard share tweet pin it sms copy link google+ more".split()
)

_add(
    "consent",
    STRONG,
    "Accept all cookies",
    "Accept cookies",
    "Allow all cookies",
    "Allow cookies",
    "Reject all cookies",
    "Reject non-essential cookies",
    "Use necessary cookies only",
    "Necessary cookies only",
    "Only necessary cookies",
    "Cookie settings",
    "Cookies settings",
    "Manage cookies",
    "Manage cookie preferences",
    "Cookie preferences",
    "Cookie policy",
    "Customise cookies",
    "Customize cookies",
    "This website uses cookies",
    "This site uses cookies",
    "We use cookies",
)
_add("consent", WEAK, "Accept all", "Reject all", "Accept", "I accept", "I agree", "Got it", "Got it!", "OK",
     "Manage preferences", "Manage options", "More options", "Customise", "Customize")

# The same furniture in the languages of European news sites most often scraped (German, French, Spanish, Italian,
# Portuguese): WordPress's translated comment form, share and like rows, and the labels of adverts, related links and
# newsletters. Only whole lines match, so a sentence that uses these words is kept.
_add(
    "comment-form",
    STRONG,
    "Schreibe einen Kommentar",
    "Schreibe einen Kommentar Antworten abbrechen",
    "Kommentar schreiben",
    "Kommentar verfassen",
    "Antworten abbrechen",
    "Deine E-Mail-Adresse wird nicht veröffentlicht.",
    "Ihre E-Mail-Adresse wird nicht veröffentlicht.",
    "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
    "Ihre E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
    "Erforderliche Felder sind mit * markiert",
    "Kommentar abschicken",
    "Laisser un commentaire",
    "Laisser un commentaire Annuler la réponse",
    "Annuler la réponse",
    "Votre adresse e-mail ne sera pas publiée.",
    "Votre adresse de messagerie ne sera pas publiée.",
    "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
    "Les champs obligatoires sont indiqués avec *",
    "Laisser un commentaire Votre adresse e-mail ne sera pas publiée.",
    "Laisser un commentaire Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
    "Deja un comentario",
    "Deja un comentario Cancelar respuesta",
    "Deja una respuesta Cancelar respuesta",
    "Dejar un comentario",
    "Deja una respuesta",
    "Cancelar respuesta",
    "Tu dirección de correo electrónico no será publicada.",
    "Tu dirección de correo electrónico no será publicada. Los campos obligatorios están marcados con *",
    "Los campos obligatorios están marcados con *",
    "Publicar comentario",
    "Lascia un commento",
    "Lascia un commento Annulla risposta",
    "Annulla risposta",
    "Il tuo indirizzo email non sarà pubblicato.",
    "Il tuo indirizzo email non sarà pubblicato. I campi obbligatori sono contrassegnati *",
    "I campi obbligatori sono contrassegnati *",
    "Invia commento",
    "Deixe um comentário",
    "Deixe um comentário Cancelar resposta",
    "Deixe uma resposta Cancelar resposta",
    "Deixe uma resposta",
    "Cancelar resposta",
    "O seu endereço de e-mail não será publicado.",
    "O seu endereço de email não será publicado.",
    "O seu endereço de e-mail não será publicado. Campos obrigatórios são marcados com *",
    "Campos obrigatórios são marcados com *",
    "Publicar comentário",
)
_add(
    "share",
    STRONG,
    "Teilen mit:",
    "Artikel teilen",
    "Gefällt mir:",
    "Gefällt mir Wird geladen …",
    "Gefällt mir Wird geladen...",
    "Partager :",
    "Partager cet article",
    "J’aime ça :",
    "J'aime ça :",
    "J’aime chargement…",
    "Compartir esto:",
    "Compartir en Facebook",
    "Compartir en Twitter",
    "Me gusta esto:",
    "Me gusta Cargando...",
    "Condividi:",
    "Condividi questo articolo",
    "Mi piace:",
    "Mi piace Caricamento...",
    "Compartilhe isso:",
    "Compartilhar isso:",
    "Curtir isso:",
    "Curtir Carregando...",
)
_add("share", WEAK, "Teilen", "Drucken", "Partager", "Imprimer", "Compartir", "Imprimir", "Condividi", "Stampa",
     "Compartilhar")
_add(
    "read-more",
    STRONG,
    "Weiterlesen",
    "Mehr lesen",
    "Lire la suite",
    "Lire plus",
    "Leer más",
    "Seguir leyendo",
    "Leggi tutto",
    "Continua a leggere",
    "Leia mais",
    "Continue lendo",
    "Continuar lendo",
)
_add(
    "related",
    STRONG,
    "Ähnliche Beiträge",
    "Ähnliche Artikel",
    "Verwandte Artikel",
    "Das könnte Sie auch interessieren",
    "Das könnte dich auch interessieren",
    "Mehr zum Thema",
    "Lesen Sie auch",
    "Articles similaires",
    "Articles liés",
    "À lire aussi",
    "A lire aussi",
    "Lire aussi",
    "Sur le même sujet",
    "Artículos relacionados",
    "Noticias relacionadas",
    "Te puede interesar",
    "Lea también",
    "Articoli correlati",
    "Leggi anche",
    "Potrebbe interessarti anche",
    "Artigos relacionados",
    "Posts relacionados",
    "Leia também",
    "Veja também",
)
_add(
    "advert",
    STRONG,
    "Anzeige",
    "Werbung",
    "Publicité",
    "Publicidad",
    "Pubblicità",
    "Publicidade",
    "Weiter nach der Anzeige",
    "Artikel wird nach der Anzeige fortgesetzt",
    "La suite après cette publicité",
    "La suite après la publicité",
    "Continúa después de la publicidad",
)
_add(
    "subscribe",
    STRONG,
    "Newsletter abonnieren",
    "Jetzt abonnieren",
    "Abonnez-vous à notre newsletter",
    "Inscrivez-vous à notre newsletter",
    "S'abonner à la newsletter",
    "Suscríbete a nuestro boletín",
    "Suscríbete a nuestra newsletter",
    "Iscriviti alla newsletter",
    "Iscriviti alla nostra newsletter",
    "Assine nossa newsletter",
    "Inscreva-se na nossa newsletter",
)
_add(
    "copyright",
    STRONG,
    "Alle Rechte vorbehalten.",
    "Tous droits réservés.",
    "Todos los derechos reservados.",
    "Tutti i diritti riservati.",
    "Todos os direitos reservados.",
)
