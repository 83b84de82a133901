"""Multilingual chrome vocabulary (Arabic, English, French): the words sites use for their chrome.

Each rule names a *kind* of chrome (the reason recorded for a removed line), a pattern and the
longest line (in words) it may fire on, so that a sentence that merely mentions "share" or
"comments" is never taken for a widget. Patterns are written in natural spelling and folded
with ``normalize.fold`` at import, so "إقرأ أيضاً" also matches "اقرا ايضا", "اقرأ أيضا" and so
on; lines are folded the same way before matching.

Kinds are grouped by what they tell about the page structure:

- ``END_KINDS``: chrome that closes an article (tags, source line, share bar, comment form,
  related heading...). Prose after them is not the article unless it clearly continues it.
- ``HEADING_KINDS``: headings that introduce a list or block of other articles.
- everything else is removable in place (ad labels, captions, datelines...), the article goes on.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import filterfalse

from ingest.normalize import fold


@dataclass(frozen=True, slots=True)
class Whole:
    """The line is one of ``phrases`` and nothing else (besides punctuation, arrows, counts)."""

    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    kind: str
    pattern: str | Whole | Prefix
    max_words: int
    first: tuple[str, ...] = ()
    """For anchored regex patterns: the words a matching line can start with (numbers aside)."""
    triggers: tuple[str, ...] = ()
    """For patterns not anchored at the line start: literals one of which a match must contain
    (a cheap test that spares the regex on most lines)."""


def _phrases(*items: str) -> str:
    alts = sorted({fold(p, lower=False).lower() for p in items}, key=len, reverse=True)
    return "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts)


# Decorations a chrome line may carry around its words: bullets, arrows, pipes, counts, icons.
_DECOR = r"[\s\W\d_]*"


def whole(*items: str) -> Whole:
    """The line is one of ``items`` and nothing else (besides punctuation, arrows, counts)."""
    return Whole(items)


@dataclass(frozen=True, slots=True)
class Prefix:
    """The line starts with one of ``phrases``, then ``sep`` and ``rest`` (regex fragments)."""

    phrases: tuple[str, ...]
    sep: str
    rest: str

    @property
    def regex(self) -> str:
        return rf"^{_DECOR}(?:{_phrases(*self.phrases)}){self.sep}{self.rest}$"

    @property
    def first_words(self) -> set[str]:
        return {_WORD_RE.findall(fold(p))[0] for p in self.phrases if _WORD_RE.findall(fold(p))}


def prefix(*items: str, sep: str = r"\s*[:：]\s*", rest: str = r".+") -> Prefix:
    """The line starts with one of ``items``, then ``sep`` and ``rest``."""
    return Prefix(items, sep, rest)


RELATED_HEADINGS = (
    # English
    "you may also like",
    "you might also like",
    "you may like",
    "you might like",
    "you may have missed",
    "related",
    "related posts",
    "related post",
    "related articles",
    "related article",
    "related stories",
    "related story",
    "related news",
    "related content",
    "related reading",
    "related coverage",
    "related topics",
    "related links",
    "related items",
    "related videos",
    "more stories",
    "more articles",
    "more news",
    "more like this",
    "more to read",
    "more on this story",
    "more on this topic",
    "more from this section",
    "recommended",
    "recommended for you",
    "recommended articles",
    "recommended stories",
    "recommended reading",
    "recommended posts",
    "further reading",
    "read next",
    "up next",
    "what to read next",
    "also on",
    "in other news",
    "don't miss",
    "dont miss",
    "you might be interested in",
    "you may be interested in",
    "other articles",
    "similar articles",
    "similar posts",
    "keep reading",
    "more in",
    "more from",
    "explore more",
    "discover more",
    "editor's picks",
    "editors' picks",
    "editor's choice",
    "top stories",
    "around the web",
    "from the web",
    "sponsored stories",
    "promoted stories",
    # Arabic
    "مقالات ذات صلة",
    "مواضيع ذات صلة",
    "موضوعات ذات صلة",
    "أخبار ذات صلة",
    "مقالات مشابهة",
    "مواضيع مشابهة",
    "موضوعات مشابهة",
    "أخبار مشابهة",
    "أخبار متعلقة",
    "مقالات متعلقة",
    "مواضيع متعلقة",
    "ذات صلة",
    "قد يعجبك أيضا",
    "قد يعجبك",
    "قد يهمك أيضا",
    "قد يهمك",
    "ربما يعجبك أيضا",
    "ربما يهمك",
    "اخترنا لك",
    "مختارات",
    "ننصحك بقراءة",
    "ننصح بقراءة",
    "المزيد من الأخبار",
    "المزيد من المقالات",
    "أخبار أخرى",
    "مقالات أخرى",
    "مواضيع أخرى",
    "شاهد أيضا",
    "تابع أيضا",
    "لا تفوتك",
    "لا يفوتك",
    "من نفس القسم",
    "في نفس القسم",
    "في نفس السياق",
    "أخبار مرتبطة",
    "مواد ذات صلة",
    "روابط ذات صلة",
    "المزيد من",
    "مقترحات",
    "مقالات مقترحة",
    "أخبار مقترحة",
    "قصص ذات صلة",
    "تقارير ذات صلة",
    # French
    "à lire aussi",
    "lire aussi",
    "à lire également",
    "lire également",
    "sur le même sujet",
    "sur le même thème",
    "articles similaires",
    "articles liés",
    "articles connexes",
    "vous aimerez aussi",
    "vous aimerez peut-être aussi",
    "vous pourriez aimer",
    "dans la même rubrique",
    "voir aussi",
    "nos derniers articles",
    "à découvrir aussi",
    "à découvrir",
    "à voir aussi",
    "plus d'articles",
    "articles recommandés",
    "autres articles",
    "ailleurs sur le web",
    "les articles les plus lus",
)

READ_ALSO = (
    "اقرأ أيضا",
    "اقرأ أيضًا",
    "إقرأ أيضا",
    "اقرأ كذلك",
    "إقرأ كذلك",
    "اقرأ أيضا في",
    "طالع أيضا",
    "طالع أيضًا",
    "اقرأ المزيد",
    "إقرأ المزيد",
    "اقرأ",
    "شاهد أيضا",
    "شاهد ايضا",
    "انظر أيضا",
    "read also",
    "also read",
    "read more",
    "see also",
    "related",
    "more",
    "also see",
    "read",
    "lire aussi",
    "à lire aussi",
    "à lire également",
    "voir aussi",
    "à voir aussi",
    "lire",
)

TAG_LABELS = (
    "كلمات دلالية",
    "الكلمات الدلالية",
    "كلمات مفتاحية",
    "الكلمات المفتاحية",
    "الوسوم",
    "وسوم",
    "الأوسمة",
    "أوسمة",
    "هاشتاج",
    "هاشتاغ",
    "tags",
    "tag",
    "tagged",
    "tagged with",
    "tagged in",
    "topics",
    "keywords",
    "étiquettes",
    "mots-clés",
    "mots clés",
    "thèmes",
    "sujets",
    "tags associés",
    "موضوعات",
    "مواضيع",
)

BYLINE_LABELS = (
    "by",
    "par",
    "بقلم",
    "كتب",
    "كتبت",
    "كتبه",
    "بواسطة",
    "إعداد",
    "اعداد",
    "تحرير",
    "written by",
    "posted by",
    "reported by",
    "words by",
    "author",
    "auteur",
    "rédigé par",
    "publié par",
    "الكاتب",
    "الكاتبة",
    "المحرر",
    "محرر",
    "كاتب",
    "مراسل",
    "من",
    "text by",
    "story by",
    "article by",
    "reporting by",
    "نشر بواسطة",
    "نشرت بواسطة",
    "متابعة",
)

NETWORKS = (
    "facebook",
    "twitter",
    "whatsapp",
    "linkedin",
    "telegram",
    "reddit",
    "pinterest",
    "messenger",
    "tumblr",
    "flipboard",
    "instagram",
    "youtube",
    "tiktok",
    "snapchat",
    "bluesky",
    "mastodon",
    "فيسبوك",
    "تويتر",
    "واتساب",
    "تيليجرام",
    "تلغرام",
    "تليجرام",
    "انستغرام",
    "إنستغرام",
    "انستجرام",
    "يوتيوب",
)

SOCIAL = (
    "share",
    "share this",
    "share this article",
    "share this story",
    "share this post",
    "share on",
    "share via",
    "tweet",
    "pin",
    "pin it",
    "email",
    "e-mail",
    "print",
    "copy link",
    "copied",
    "link copied",
    "whatsapp",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "telegram",
    "reddit",
    "pinterest",
    "messenger",
    "tumblr",
    "flipboard",
    "instagram",
    "youtube",
    "tiktok",
    "threads",
    "bluesky",
    "mastodon",
    "rss",
    "snapchat",
    "google news",
    "google",
    "sms",
    "viber",
    "line",
    "vk",
    "mix",
    "pocket",
    "copy",
    "url",
    "شارك",
    "شارك المقال",
    "شارك الخبر",
    "شارك على",
    "مشاركة",
    "المشاركة",
    "فيسبوك",
    "فيس بوك",
    "تويتر",
    "واتساب",
    "واتس اب",
    "تيليجرام",
    "تلغرام",
    "تليجرام",
    "لينكد إن",
    "لينكدإن",
    "انستغرام",
    "إنستغرام",
    "انستجرام",
    "يوتيوب",
    "تيك توك",
    "طباعة",
    "نسخ الرابط",
    "تم نسخ الرابط",
    "البريد الإلكتروني",
    "أرسل لصديق",
    "ارسل",
    "إكس",
    "سناب شات",
    "جوجل نيوز",
    "الرابط المختصر",
    "نسخ",
    "partager",
    "partagez",
    "partager sur",
    "imprimer",
    "envoyer",
    "copier le lien",
    "lien copié",
    "envoyer par e-mail",
    "courriel",
    "on",
    "sur",
    "على",
    "via",
    "and",
    "et",
    "و",
)


def _r(
    kind: str,
    pattern: str | Whole | Prefix,
    max_words: int = 8,
    *,
    first: tuple[str, ...] = (),
    triggers: tuple[str, ...] = (),
) -> Rule:
    if isinstance(pattern, str) and not pattern.startswith("^") and not triggers:
        raise ValueError(f"{kind}: a pattern not anchored with ^ needs triggers")
    return Rule(kind, pattern, max_words, tuple(fold(w) for w in first), tuple(fold(t) for t in triggers))


_RULE_BYLINE_LABELS = tuple(b for b in BYLINE_LABELS if b != "من")
"""The labels a byline rule matches: "من" (from) starts too many sentences to mark a byline on its
own (it is a label only in ``textdump.author_of``, when a byline was found otherwise)."""
BYLINE_FIRST = frozenset(fold(label).split()[0] for label in _RULE_BYLINE_LABELS)
"""The first words of byline labels (a cheap test before looking for a byline in a line)."""

RULES: list[Rule] = [
    _r(
        "skip-link",
        whole(
            "skip to content",
            "skip to main content",
            "skip to navigation",
            "skip to footer",
            "jump to content",
            "skip navigation",
            "skip to primary navigation",
            "تخطى إلى المحتوى",
            "انتقل إلى المحتوى",
            "تجاوز إلى المحتوى",
            "الانتقال إلى المحتوى",
            "aller au contenu",
            "aller au contenu principal",
            "passer au contenu",
            "aller à la navigation",
        ),
    ),
    _r(
        "byline",
        prefix(*_RULE_BYLINE_LABELS, sep=r"\s*[:：\-–—]\s*", rest=r"\S.{0,80}"),
        12,
    ),
    _r(
        "byline",
        prefix(
            *[b for b in _RULE_BYLINE_LABELS if b not in ("author", "auteur")],
            sep=r"\s+",
            # A name ("By 3i Global"), not a number ("By 2030, …") nor an idiom ("By the Numbers").
            rest=r"(?![\d.,]+\b|the (?:numbers|way|book|time|end)\b)\S.{0,50}",
        ),
        5,
    ),
    _r(  # "Posted by X at 11:20", "نشر بواسطة X في ١١:٢٠ ص": a label of two words or more, then a name
        "byline",
        prefix(*[b for b in BYLINE_LABELS if " " in b], sep=r"\s+", rest=r"\S.{0,80}"),
        12,
    ),
    _r("read-also-teaser", prefix(*READ_ALSO, sep=r"\s*(?:[:：|»>\-–—]+|\.\.+)\s*", rest=r"\S.{6,}"), 40),
    _r("related-heading", whole(*RELATED_HEADINGS), 8),
    _r(
        "related-heading",
        prefix(*[h for h in RELATED_HEADINGS if " " in h], sep=r"\s+", rest=r"(?:\S+\s*){1,4}[\W\d]*"),
        9,
    ),
    _r(
        "comment-count",
        r"^\W*\d+\s+(?:comments?|responses?|replies|thoughts? on|commentaires?|réactions?|تعليقات|تعليق|ردود)\b.{0,80}$",
        14,
        first=(
            "comments",
            "comment",
            "responses",
            "response",
            "replies",
            "thoughts",
            "thought",
            "commentaires",
            "commentaire",
            "réactions",
            "réaction",
            "تعليقات",
            "تعليق",
            "ردود",
        ),
    ),
    _r(
        "comment-author",
        r"^.{1,60}\s(?:says|said|wrote|dit|a dit|écrit|كتب|قال)\s*:?\s*$|^(?:reply|répondre|رد)\s+(?:to|à|على)\s+.{1,40}$",
        8,
        triggers=("says", "said", "wrote", "dit", "écrit", "كتب", "قال", "reply", "répondre", "رد"),
    ),
    _r(
        "form-field",
        whole(
            "name",
            "email",
            "website",
            "your name",
            "your email",
            "الاسم",
            "الموقع الإلكتروني",
            "nom",
            "e-mail",
            "site web",
            "votre nom",
            "first name",
            "last name",
            "phone",
            "phone number",
            "company",
            "message",
            "الهاتف",
            "رقم الهاتف",
            "prénom",
            "téléphone",
        ),
        4,
    ),
    _r(
        "form-consent",
        r"by (?:submitting|clicking|signing up|subscribing|entering)\b.{0,80}\b(?:agree|consent|accept|authori[sz]e)|"
        r"you agree to (?:our|the)\b.{0,40}\b(?:terms|privacy)|we (?:respect|value) your privacy|"
        r"we (?:will )?never (?:sell|share|spam)|unsubscribe at any time|no spam\b|"
        r"thanks? (?:you )?for reading\b.{0,80}\b(?:subscribe|sign up|newsletter|support)|"
        r"en (?:soumettant|vous inscrivant)\b.{0,60}\b(?:acceptez|consentez)|"
        r"بالضغط على|بتسجيلك|نحترم خصوصيتك|يمكنك إلغاء الاشتراك",
        60,
        triggers=(
            "submitting",
            "clicking",
            "signing",
            "subscribing",
            "entering",
            "agree",
            "privacy",
            "never",
            "unsubscribe",
            "spam",
            "reading",
            "soumettant",
            "inscrivant",
            "بالضغط",
            "بتسجيلك",
            "خصوصيتك",
            "الاشتراك",
        ),
    ),
    _r(
        "photo-caption",
        r"\(\s*(?:تصوير|الصورة|صورة|من المصدر|أرشيفية|ارشيفية|أرشيف|photo|photos|credit|image|getty|reuters|afp|ap|"
        r"crédit|رويترز|أ ف ب|وكالات)\b[^()]{0,60}\)\s*\.?\s*$",
        40,
        triggers=(
            "تصوير",
            "الصورة",
            "صورة",
            "المصدر",
            "أرشيفية",
            "ارشيفية",
            "أرشيف",
            "photo",
            "credit",
            "image",
            "getty",
            "reuters",
            "afp",
            "ap",
            "crédit",
            "رويترز",
            "ف ب",
            "وكالات",
        ),
    ),
    _r(
        "ticker",
        prefix(
            "عاجل",
            "خبر عاجل",
            "breaking",
            "breaking news",
            "just in",
            "urgent",
            "flash",
            "dernière minute",
            "alerte",
            sep=r"\s*[:：|\-–—]+\s*",
            rest=r"\S.*",
        ),
        30,
    ),
    _r("placeholder", r"lorem ipsum|dolor sit amet", 200, triggers=("lorem", "dolor")),
    _r(
        "call-to-action",
        whole(
            "learn more",
            "read more",
            "find out more",
            "discover more",
            "explore more",
            "see more",
            "click here",
            "shop now",
            "buy now",
            "book now",
            "order now",
            "get started",
            "get started now",
            "get started for free",
            "start now",
            "start free trial",
            "start your free trial",
            "try for free",
            "try it free",
            "try it now",
            "sign up free",
            "sign up for free",
            "request a demo",
            "book a demo",
            "schedule a demo",
            "get a demo",
            "watch demo",
            "get a quote",
            "request a quote",
            "get a free quote",
            "get your free quote",
            "contact sales",
            "talk to sales",
            "talk to an expert",
            "get in touch",
            "let's talk",
            "download now",
            "download",
            "view on amazon",
            "buy on amazon",
            "check price",
            "see price",
            "check latest price",
            "see details",
            "view details",
            "add to cart",
            "see how",
            "see plans",
            "view plans",
            "see pricing",
            "view pricing",
            "apply now",
            "join now",
            "register now",
            "donate now",
            "subscribe now",
            "claim offer",
            "get offer",
            "get deal",
            "view deal",
            "see deal",
            "compare",
            "أطلب الآن",
            "اشتر الآن",
            "احجز الآن",
            "سجل الآن",
            "ابدأ الآن",
            "اعرف المزيد",
            "تعرف على المزيد",
            "اكتشف المزيد",
            "اطلب عرض سعر",
            "تواصل معنا",
            "en savoir plus",
            "découvrir",
            "acheter",
            "réserver",
            "commander",
            "demander un devis",
            "essai gratuit",
            "commencer",
            "je m'inscris",
            "contactez-nous",
        ),
        6,
    ),
    _r(
        "call-to-action",
        prefix("click here", "cliquez ici", "اضغط هنا", "انقر هنا", sep=r"\b", rest=r".{0,80}"),
        14,
    ),
    _r(
        "call-to-action",
        r"did you (?:make|try|cook|bake) (?:this|my|one of my|the) recipes?\b|"
        r"(?:leave|give) (?:it |this recipe |me |us )?a (?:star )?rating\b|rate this recipe\b|"
        r"(?:avez-vous|vous avez) (?:teste|essaye|realise) cette recette|(?:جربت|جربتم) (?:هذه|الوصفة)",
        40,
        triggers=("recipe", "recipes", "rating", "recette", "جربت", "جربتم"),
    ),
    _r(  # "If you liked this article, please consider sharing it", "إذا أعجبك هذا المقال، شاركه"
        "call-to-action",
        r"\bif you (?:liked|enjoyed|loved|appreciated) (?:this|today's) (?:article|post|blog post|story|piece|"
        r"newsletter|episode|video|issue|essay|edition|guide|recipe)\b|"
        r"\bsi (?:vous avez|tu as) (?:aime|apprecie) (?:cet|cette|ce) (?:article|billet|episode|newsletter)\b|"
        r"\b(?:اذا|ان|لو) (?:اعجبك|اعجبكم) (?:هذا )?(?:المقال|الموضوع|المحتوى)",
        40,
        triggers=("liked", "enjoyed", "loved", "appreciated", "aime", "apprecie", "اعجبك", "اعجبكم"),
    ),
    _r(
        "comment-form",
        r"(?:log|sign) ?in to (?:comment|reply|post a comment|join the (?:discussion|conversation))|"
        r"(?:pour|afin de) (?:reagir|commenter)\b.{0,40}(?:connectez|identifiez|abonne)|"
        r"connectez-vous (?:pour|afin de) (?:reagir|commenter)|سجل (?:الدخول|دخولك) (?:لإضافة|للتعليق|لكتابة)",
        20,
        triggers=("log", "login", "sign", "signin", "reagir", "commenter", "connectez-vous", "سجل"),
    ),
    _r(
        "paywall",
        whole(
            "abonnés",
            "réservé aux abonnés",
            "article réservé aux abonnés",
            "subscribers only",
            "for subscribers",
            "subscriber exclusive",
            "premium",
            "للمشتركين",
            "حصري للمشتركين",
        ),
    ),
    _r(
        "paywall",
        r"^\W*(?:this|the) (?:article|story|content|post|piece|report) is (?:exclusive|only available|available "
        r"only|reserved) (?:to|for) .{0,40}\bsubscribers\b|^\W*subscribe (?:now |today )?to (?:continue|keep) "
        r"reading|^\W*to (?:continue|keep) reading,? (?:please )?(?:subscribe|log in|sign in)|"
        r"already (?:a subscriber|have an account)\W+(?:log|sign) ?in|"
        r"la suite (?:de cet article )?est reservee aux abonnes|"
        r"(?:هذا|هذه) (?:المقال|المقالة|المحتوى|الخبر) (?:حصري|متاح|متاحة) (?:فقط )?للمشتركين",
        30,
        triggers=("subscribers", "subscribe", "reading", "subscriber", "abonnes", "للمشتركين"),
    ),
    _r(
        "disclaimer",
        r"(?:views|opinions) (?:and (?:views|opinions) )?expressed\b|"
        r"\b(?:views?|opinions?|contents?|articles?|posts?|authors?|writers?|contributors?|comments?|we|i)\b.{0,80}"
        r"do(?:es)? not necessarily (?:reflect|represent)|"
        r"for (?:general )?information(?:al)? purposes only|not (?:a substitute for|intended as|intended to replace) "
        r"(?:professional )?(?:medical|legal|financial)? ?advice|"
        r"(?:آراء|رأي|الآراء|المقالات|المقال|المقالة|التعليقات|المحتوى|المنشورة|الكاتب|كتابها|كاتبها)\b.{0,80}"
        r"(?:لا|ولا) (?:تعبر|يعبر|تعكس|يعكس) بالضرورة|(?:تعبر|يعبر) عن (?:آراء|رأي) (?:كتابها|كاتبها|أصحابها|صاحبها)|"
        r"لا (?:تغني|يغني) عن (?:استشارة|مراجعة|زيارة)|لأغراض (?:إعلامية|تثقيفية|توعوية|معلوماتية) فقط|"
        r"n'engagent? que (?:leurs? auteurs?|son auteur)|ne (?:reflete|refletent|represente|representent) pas "
        r"necessairement|a titre (?:informatif|indicatif) (?:uniquement|seulement)|ne remplacent? pas (?:l'avis|une "
        r"consultation|un avis)",
        60,
        triggers=(
            "expressed",
            "necessarily",
            "purposes",
            "substitute",
            "intended",
            "بالضرورة",
            "آراء",
            "رأي",
            "تغني",
            "يغني",
            "فقط",
            "n'engagent",
            "n'engage",
            "necessairement",
            "informatif",
            "indicatif",
            "remplace",
            "remplacent",
        ),
    ),
    _r(
        "disclosure",
        # Each phrase names the site or its links, so that news about commissions, affiliates, sponsors
        # or a paper's editorial policy is not taken for the site's own disclosure.
        r"\b(?:we|i|us|our site|this site|the site)\b.{0,40}\b(?:earn|receive|get|make)s? (?:us |me )?(?:an? )?"
        r"(?:small )?(?:affiliate )?commissions?\b|"
        r"(?:may|might|could|will) (?:earn|receive|get) (?:us |me )?(?:an? )?(?:small )?(?:affiliate )?commissions?\b|"
        r"\b(?:links?|purchases?)\b.{0,60}\b(?:earn|receive|get)s? (?:us |me )?(?:an? )?(?:small )?(?:affiliate )?"
        r"commissions?\b|"
        r"\b(?:contains?|includes?|uses?|are|is|via|through|using|some) (?:some |the |our |these |my )?affiliate "
        r"links?\b|^\W*affiliate links?\b|reader[- ]supported\b.{0,100}\b(?:commissions?|affiliate|links?)\b|"
        r"reader[- ]supported (?:publication|site|website|newsletter|blog)\b|"
        r"we may be compensated|advertiser disclosure|as an amazon associate|"
        r"\b(?:our|read|see|view) editorial (?:independence|integrity|guidelines|policy|standards)\b|"
        r"this (?:post|article|page) (?:may )?contains? (?:affiliate|sponsored)|^\W*paid partnership|"
        r"^\W*sponsored by|\bthis (?:post|article|story|content|page|episode|newsletter|video)\b.{0,80}\b(?:is|was) "
        r"sponsored by|supported by commissions|روابط تابعة|"
        r"(?:نحصل|نتلقى|نكسب|قد نحصل|قد نتلقى|يحصل الموقع|قد يحصل الموقع)\b.{0,20}\bعمولة|"
        r"عمولة (?:من|عن|على) (?:المشتريات|عمليات الشراء|الروابط)",
        70,
        triggers=(
            "commission",
            "commissions",
            "affiliate",
            "reader",
            "readers",
            "compensated",
            "disclosure",
            "associate",
            "editorial",
            "sponsored",
            "partnership",
            "تابعة",
            "عمولة",
        ),
    ),
    _r(
        "author-bio",
        r"^(?!(?:who|what|which|is|was)\b)(?:\S+\s+){1,4}(?:is|was) an? (?:\S+\s+){0,3}(?:writer|journalist|editor|"
        r"reporter|author|contributor|blogger|columnist|correspondent|freelancer)\b[^?]*$|^(?:hi|hey|hello)[,!]? i'?m\s|"
        r"^(?:\S+\s+){1,4}(?:est|était) (?:un|une) (?:\S+\s+){0,2}(?:journaliste|rédact|auteur|écrivain)",
        70,
        triggers=(
            "writer",
            "journalist",
            "editor",
            "reporter",
            "author",
            "contributor",
            "blogger",
            "columnist",
            "correspondent",
            "freelancer",
            "hi",
            "hey",
            "hello",
            "journaliste",
            "rédacteur",
            "rédactrice",
            "auteur",
            "auteure",
            "écrivain",
        ),
    ),
    _r(
        "table-of-contents",
        whole(
            "table of contents",
            "contents",
            "in this article",
            "in this post",
            "in this guide",
            "on this page",
            "jump to",
            "jump to section",
            "skip to section",
            "quick links",
            "article contents",
            "what's inside",
            "جدول المحتويات",
            "المحتويات",
            "محتويات المقال",
            "محتويات",
            "في هذا المقال",
            "sommaire",
            "table des matières",
            "dans cet article",
            "au sommaire",
        ),
        5,
    ),
    _r("read-also-heading", whole(*READ_ALSO), 5),
    _r(
        "back-to-top",
        whole(
            "back to top",
            "scroll to top",
            "go to top",
            "to top",
            "top",
            "up",
            "زر الذهاب إلى الأعلى",
            "الذهاب إلى الأعلى",
            "العودة إلى الأعلى",
            "العودة للأعلى",
            "الرجوع إلى الأعلى",
            "الرجوع للأعلى",
            "للأعلى",
            "إلى الأعلى",
            "أعلى الصفحة",
            "أعلى",
            "retour en haut",
            "haut de page",
            "retour haut de page",
            "remonter",
            "retour en haut de page",
        ),
    ),
    _r(
        "comment-count",
        r"^\W*(?:\d+|no|one|zero|aucun|لا|لا توجد)\s+(?:comments?|responses?|replies|"
        r"commentaires?|réponses?|تعليقات|تعليق|ردود|رد)\W*$",
        first=(
            "no",
            "one",
            "zero",
            "aucun",
            "لا",
            "comment",
            "comments",
            "response",
            "responses",
            "replies",
            "commentaire",
            "commentaires",
            "réponse",
            "réponses",
            "تعليقات",
            "تعليق",
            "ردود",
            "رد",
        ),
    ),
    _r(
        "comment-count",
        r"^\W*(?:comments?|commentaires?|reactions?|réactions?|التعليقات|تعليقات|تعليق|ردود)"
        r"(?: (?:القراء|الزوار|des lecteurs))?\s*[(:：]?\s*\d+\s*\)?\W*$",
        first=(
            "comment",
            "comments",
            "commentaire",
            "commentaires",
            "reaction",
            "reactions",
            "réaction",
            "réactions",
            "التعليقات",
            "تعليقات",
            "تعليق",
            "ردود",
        ),
    ),
    _r(
        "comment-form",
        whole(
            "leave a comment",
            "leave a reply",
            "leave a reply cancel reply",
            "post a comment",
            "add a comment",
            "add comment",
            "write a comment",
            "join the discussion",
            "join the conversation",
            "submit comment",
            "post comment",
            "cancel reply",
            "comments are closed",
            "comments",
            "comment",
            "reply",
            "respond",
            "you must be logged in to post a comment",
            "your email address will not be published",
            "required fields are marked",
            "your comment",
            "save my name email and website in this browser for the next time i comment",
            "discussion",
            "show comments",
            "view comments",
            "load comments",
            "commenting policy",
            "conversation",
            "أضف تعليق",
            "أضف تعليقك",
            "اضف تعليقا",
            "أترك تعليقا",
            "اترك تعليقا",
            "اترك رد",
            "اترك ردا",
            "اكتب تعليقك",
            "أكتب تعليق",
            "إلغاء الرد",
            "التعليقات مغلقة",
            "التعليقات",
            "تعليقات",
            "تعليق",
            "رد",
            "لن يتم نشر عنوان بريدك الإلكتروني",
            "الحقول الإلزامية مشار إليها بـ",
            "التعليق",
            "إرسال التعليق",
            "أرسل التعليق",
            "شاركنا رأيك",
            "أضف رأيك",
            "تعليقات القراء",
            "تعليقات الزوار",
            "تعليقات الزوار والقراء",
            "reader comments",
            "readers' comments",
            "commentaires des lecteurs",
            "علق",
            "الآراء",
            "آراء القراء",
            "laisser un commentaire",
            "laissez un commentaire",
            "ajouter un commentaire",
            "commentaires",
            "commentaire",
            "votre adresse e-mail ne sera pas publiée",
            "les champs obligatoires sont indiqués avec",
            "annuler la réponse",
            "répondre",
            "publier le commentaire",
            "commentaires fermés",
            "réagir",
            "réagissez",
            "votre commentaire",
        ),
    ),
    _r(
        "comment-form",
        r"(your email address will not be published|required fields are marked|"
        r"لن يتم نشر عنوان بريدك|votre adresse (e-)?mail ne sera pas publiée|"
        r"save my name, email|enregistrer mon nom, mon e-mail|"
        r"you must be (logged|signed) in to (post|leave) a comment)",
        40,
        triggers=(
            "email",
            "e-mail",
            "required",
            "بريدك",
            "adresse",
            "save my name",
            "enregistrer",
            "logged",
            "signed",
        ),
    ),
    _r(
        "widget-credit",
        r"^\W*(?:verified|powered|proudly powered|designed|developed|built|made|theme|site|"
        r"website|hosted|wordpress theme|réalisé|propulsé|conçu|hébergé|developed and designed|"
        r"designed and developed|design|تصميم|برمجة|تطوير|تصميم وتطوير|تصميم وبرمجة|"
        r"تطوير وتصميم|برمجة وتصميم)\s+(?:by|with|par|avec|بواسطة|من قبل|:)\s*\S.{0,50}$",
        first=(
            "verified",
            "powered",
            "proudly",
            "designed",
            "developed",
            "built",
            "made",
            "theme",
            "site",
            "website",
            "hosted",
            "wordpress",
            "réalisé",
            "propulsé",
            "conçu",
            "hébergé",
            "design",
            "تصميم",
            "برمجة",
            "تطوير",
        ),
    ),
    _r(
        "source-line",
        prefix(
            "المصدر",
            "مصدر",
            "المصادر",
            "مصادر",
            "source",
            "sources",
            "via",
            "نقلا عن",
            "عن موقع",
            "المصدر الأصلي",
            "original source",
            "source originale",
        ),
        10,
    ),
    _r("tags-line", prefix(*TAG_LABELS, sep=r"\s*[:：]\s*", rest=r".*"), 40),
    _r(
        "tags-line",
        prefix(
            "كلمات دلالية",
            "الكلمات الدلالية",
            "الكلمات المفتاحية",
            "tagged with",
            "tagged in",
            "mots-clés",
            "mots clés",
            sep=r"\s+",
            rest=r"\S.*",
        ),
        40,
    ),
    _r("tags-line", whole(*TAG_LABELS), 4),
    _r(
        "section-line",
        prefix(
            "القسم",
            "التصنيف",
            "التصنيفات",
            "category",
            "categories",
            "catégorie",
            "catégories",
            "rubrique",
            "section",
            "filed under",
            "posted in",
            "publié dans",
            "نشر في قسم",
            "in",
        ),
        10,
    ),
    _r(
        "ad-label",
        whole(
            "إعلان",
            "اعلان",
            "إعلانات",
            "advertisement",
            "advertisements",
            "advertising",
            "ad",
            "ads",
            "sponsored",
            "sponsored content",
            "promoted",
            "promoted content",
            "paid content",
            "paid post",
            "partner content",
            "publicité",
            "pub",
            "annonce",
            "contenu sponsorisé",
            "محتوى مدفوع",
            "محتوى مدعوم",
            "محتوى إعلاني",
            "مساحة إعلانية",
            "إعلان مدفوع",
            "story continues below advertisement",
            "article continues below advertisement",
            "continue reading below",
            "scroll to continue with content",
            "article continues below",
            "story continues below",
            "la suite après la publicité",
            "l'article continue après la publicité",
            "تابع القراءة بالأسفل",
            "يتبع",
            "advertisement - scroll to continue",
            "ad feedback",
            "report this ad",
            "remove ads",
            "sponsored links",
            "ads by google",
        ),
        10,
    ),
    _r(
        "ad-label",
        prefix(
            "advertisement",
            "sponsored",
            "promoted",
            "publicité",
            "إعلان",
            "اعلان",
            sep=r"\s*[:：|\-–—]\s*",
            rest=r"\S.{0,80}",
        ),
        12,
    ),
    _r(
        "video-teaser-label",
        whole(
            "شاهد",
            "شاهد بالفيديو",
            "بالفيديو",
            "فيديو",
            "شاهد الفيديو",
            "بالصور",
            "بالصور والفيديو",
            "فيديو وصور",
            "شاهدوا",
            "شاهد بالصور",
            "watch",
            "watch video",
            "watch now",
            "watch the video",
            "video",
            "videos",
            "photos",
            "gallery",
            "photo gallery",
            "vidéo",
            "en vidéo",
            "regardez",
            "en images",
            "diaporama",
            "live",
            "مباشر",
            "بث مباشر",
            "play video",
            "play",
            "listen",
            "استمع",
            "listen to this article",
            "écouter",
            "écouter cet article",
            "استمع إلى المقال",
            "audio",
        ),
        5,
    ),
    _r(
        "share",
        whole(
            "share",
            "share this",
            "share this article",
            "share this story",
            "share this post",
            "share article",
            "share story",
            "sharing is caring",
            "share your thoughts",
            "شارك",
            "شارك المقال",
            "شارك الخبر",
            "شارك هذا المقال",
            "شارك الموضوع",
            "مشاركة",
            "شاركها",
            "شارك برأيك",
            "partager",
            "partager cet article",
            "partagez cet article",
            "partager l'article",
        ),
        6,
    ),
    _r(
        "follow",
        prefix(
            "تابعنا",
            "تابعونا",
            "تابعوا",
            "suivez-nous",
            "suivez nous",
            "join us",
            "join our",
            "انضم إلى",
            "انضموا إلى",
            "انضم الى",
            "للمزيد تابعونا",
            "like us on",
            "find us on",
            "connect with us",
            "stay connected",
            "ابق على اطلاع",
            "retrouvez-nous",
            sep=r"\b",
            rest=r".{0,100}",
        ),
        16,
    ),
    _r(  # "Follow", "Follow Jane Doe", "Follow @x", "Follow the author on X"; not "Follow these steps to ..."
        "follow",
        r"^\W*follow(?:\W*$|(?:\s+[^\s.!?]+){1,3}\W*$|\s+(?:us|me|our|@|him|her|them|the author|this author)\b|"
        r".{0,60}\b(?:on|at|via) (?:" + "|".join(NETWORKS) + r"|x|google news)\b)",
        16,
        first=("follow",),
    ),
    _r(
        "newsletter",
        whole(
            "newsletter",
            "newsletters",
            "subscribe",
            "subscribe now",
            "sign up",
            "sign up now",
            "sign up for our newsletter",
            "subscribe to our newsletter",
            "get our newsletter",
            "enter your email",
            "enter your email address",
            "your email address",
            "email address",
            "sign me up",
            "النشرة البريدية",
            "اشترك",
            "اشترك الآن",
            "اشترك في النشرة",
            "اشترك في نشرتنا",
            "اشترك في النشرة البريدية",
            "أدخل بريدك الإلكتروني",
            "النشرة الإخبارية",
            "abonnez-vous",
            "s'abonner",
            "inscrivez-vous",
            "inscription",
            "lettre d'information",
            "recevez notre newsletter",
            "votre adresse e-mail",
            "je m'abonne",
            "abonnement",
        ),
        8,
    ),
    _r(
        "newsletter",
        r"(sign up (for|to)|subscribe to|get|receive) (our|the|a|free)\b.{0,60}\bnewsletters?\b|"
        r"\bnewsletters?\b.{0,40}\b(inbox|sign up|subscribe)\b|"
        r"delivered (straight )?to your inbox|in your inbox|"
        r"اشترك.{0,30}النشرة|النشرة.{0,30}(بريدك|اشترك)|(?:^|\W)(?:في|إلى|على) بريدك(?: الإلكتروني)?\W*$|"
        r"^\W*(?:ال)?نشرة\b.{0,30}\b(?:البريدية|الأسبوعية|اليومية)\W*$|"
        r"(inscrivez-vous|abonnez-vous).{0,40}(newsletter|lettre)|dans votre (?:boite|boîte) (?:mail|e-mail|aux lettres)",
        45,
        triggers=(
            "newsletter",
            "newsletters",
            "inbox",
            "النشرة",
            "نشرة",
            "بريدك",
            "lettre",
            "boite",
            "boîte",
        ),
    ),
    _r(
        "app-download",
        r"(download|get) (our|the)\b.{0,30}\bapp\b|available on (the )?(app store|google play)|"
        r"get it on google play|^\W*(app store|google play)\W*$|"
        r"(حمل|حمّل|نزل|تحميل)\s+(التطبيق|تطبيق)|t[ée]l[ée]charge[rz]? l'application",
        20,
        triggers=("app", "play", "تطبيق", "التطبيق", "l'application"),
    ),
    _r(
        "cookie",
        r"\bcookies?\b.{0,200}\b(accept|consent|privacy|experience|browser|settings|policy|necessary|analytics|"
        r"functional|third[- ]party|personal data|visitors?|website|session|utilis|acceptez|consentement|navigation|"
        r"traceurs)|\bsets? (?:this|these|a) cookies?\b|(?:use|uses|using) of cookies|"
        r"\b(we|this (web)?site|nous) (use|uses|utilisons)\b.{0,40}\bcookies?\b|"
        r"ملفات تعريف الارتباط|الكوكيز|ملفات الارتباط|ملفات كوكيز",
        80,
        triggers=("cookie", "cookies", "الارتباط", "الكوكيز", "كوكيز"),
    ),
    _r(
        "cookie",
        whole(
            "accept",
            "accept all",
            "accept cookies",
            "accept all cookies",
            "reject",
            "reject all",
            "decline",
            "manage preferences",
            "cookie settings",
            "cookie policy",
            "cookies policy",
            "got it",
            "i agree",
            "ok",
            "agree",
            "allow all",
            "deny",
            "necessary cookies",
            "manage cookies",
            "customize",
            "save preferences",
            "أوافق",
            "موافق",
            "قبول",
            "رفض",
            "قبول الكل",
            "accepter",
            "refuser",
            "tout accepter",
            "tout refuser",
            "paramètres des cookies",
            "j'accepte",
            "personnaliser",
            "continuer sans accepter",
        ),
        5,
    ),
    _r(
        "copyright",
        r"©|\(c\)\s*\d{4}|^\W*copyright\b|\bcopyright\s+(?:©\s*)?\d{4}|all rights reserved|(?:حقوق|الحقوق)(?: \S+){0,2} محفوظة|"
        r"^\W*(?:حقوق النشر|حقوق الطبع)\b|tous droits réservés|droits réservés",
        30,
        triggers=("©", "(c)", "copyright", "rights", "droits", "حقوق", "الحقوق"),
    ),
    _r(
        "reading-time",
        r"^\W*(reading time|temps de lecture|وقت القراءة|مدة القراءة|زمن القراءة)\b.{0,30}$|"
        r"^\W*(\d+|one|two|three|five)\s*(-|\s)?(min|mins|minute|minutes)\.?\s*(read|de lecture|"
        r"reading|lecture)\b.{0,20}$|"
        r"^\W*(lecture|read)\s*[:：]?\s*\d+\s*(min|mins|minutes?)\W*$|"
        r"^.{0,40}?(\d+\s*(دقيقة|دقائق|د)\s*(للقراءة|قراءة)|(قراءة|للقراءة)\s*[:：]?\s*\d+\s*(دقيقة|دقائق|د)\b)",
        10,
        triggers=(
            "min",
            "mins",
            "minute",
            "minutes",
            "read",
            "lecture",
            "قراءة",
            "للقراءة",
            "دقيقة",
            "دقائق",
        ),
    ),
    _r(
        "view-count",
        r"^\W*[\d,.\s]+[km]?\s*(views?|reads?|vues|lectures|مشاهدة|مشاهدات|قراءة|قراءات|زيارة|"
        r"زيارات|visites|visits|likes?|shares?|مرة)\W*$|"
        r"^\W*(views?|vues|المشاهدات|عدد المشاهدات|عدد القراءات|مشاهدات|قراءات|visits)\s*[:：]?\s*"
        r"[\d,.\s]+[km]?\W*$",
    ),
    _r(
        "photo-credit",
        r"^\W*(photo|photos|image|images|picture|pic|credit|credits|crédit|crédits|crédit photo|"
        r"photo credit|image credit|image source|source image|illustration|(?:feature|featured|header|cover|"
        r"hero) (?:image|photo)|صورة|الصورة|صور|تصوير|"
        r"الصورة من|صورة أرشيفية|أرشيفية|صورة تعبيرية|تعبيرية|أرشيف|مصدر الصورة|حقوق الصورة)"
        r"(\s*[:：(|\-–—/]\s*.{0,300}|\s+(by|via|par|من)\s+.{1,60}|\s*\)?)$",
        45,
        first=(
            "feature",
            "featured",
            "header",
            "cover",
            "hero",
            "photo",
            "photos",
            "image",
            "images",
            "picture",
            "pic",
            "credit",
            "credits",
            "crédit",
            "crédits",
            "illustration",
            "صورة",
            "الصورة",
            "صور",
            "تصوير",
            "أرشيفية",
            "تعبيرية",
            "أرشيف",
            "مصدر",
            "حقوق",
        ),
    ),
    _r(
        "photo-credit",
        r"[(/|\-–—©]\s*(getty images|shutterstock|istock|afp photo|ap photo|\bepa\b|\bafp\b|\bap\b|reuters|"
        r"رويترز|أ ف ب|ا ف ب|فرانس برس|أسوشيتد برس|الأناضول|د ب أ|أ ب)\s*\)?\s*$",
        14,
        triggers=(
            "getty",
            "shutterstock",
            "istock",
            "afp",
            "ap",
            "epa",
            "reuters",
            "رويترز",
            "ف ب",
            "فرانس",
            "أسوشيتد",
            "الأناضول",
            "د ب أ",
            "أ ب",
        ),
    ),
    _r(
        "prev-next",
        whole(
            "previous article",
            "previous post",
            "previous story",
            "next article",
            "next post",
            "next story",
            "previous",
            "next",
            "older posts",
            "newer posts",
            "older",
            "newer",
            "prev",
            "previous page",
            "next page",
            "المقال السابق",
            "المقال التالي",
            "الخبر السابق",
            "الخبر التالي",
            "المقالة السابقة",
            "المقالة التالية",
            "الموضوع السابق",
            "الموضوع التالي",
            "السابق",
            "التالي",
            "الصفحة التالية",
            "الصفحة السابقة",
            "article précédent",
            "article suivant",
            "précédent",
            "suivant",
            "billet précédent",
            "billet suivant",
            "page suivante",
            "page précédente",
        ),
        4,
    ),
    _r(
        "prev-next",
        prefix(
            "previous article",
            "previous post",
            "previous story",
            "next article",
            "next post",
            "next story",
            "previous",
            "next",
            "المقال السابق",
            "المقال التالي",
            "الخبر السابق",
            "الخبر التالي",
            "السابق",
            "التالي",
            "article précédent",
            "article suivant",
            "précédent",
            "suivant",
            sep=r"\s*[:：|»«<>\-–—]+\s*",
            rest=r"\S.*",
        ),
        25,
    ),
    _r(
        "prev-next",
        r"^\W*(?:page|pg|صفحة|الصفحة) \d+ (?:of|sur|de|من) \d+\W*$",
        6,
        first=("page", "pg", "صفحة", "الصفحة"),
    ),
    _r(
        "most-read",
        whole(
            "most read",
            "most popular",
            "most viewed",
            "most shared",
            "most commented",
            "most emailed",
            "most read articles",
            "most read stories",
            "trending",
            "trending now",
            "trending stories",
            "trending news",
            "trending articles",
            "popular",
            "popular now",
            "popular stories",
            "popular posts",
            "popular articles",
            "popular news",
            "what's hot",
            "الأكثر قراءة",
            "الأكثر مشاهدة",
            "الأكثر تداولا",
            "الأكثر تعليقا",
            "الأكثر شعبية",
            "الأكثر رواجا",
            "الأكثر شيوعا",
            "الأكثر",
            "الأكثر قراءة اليوم",
            "الأكثر قراءة هذا الأسبوع",
            "الأكثر متابعة",
            "شائع",
            "رائج",
            "الرائج",
            "les plus lus",
            "les plus populaires",
            "les plus partagés",
            "les plus commentés",
            "tendances",
            "populaire",
            "les plus vus",
            "articles les plus lus",
        ),
        6,
    ),
    _r(
        "latest",
        whole(
            "latest",
            "latest news",
            "latest stories",
            "latest articles",
            "latest posts",
            "latest updates",
            "recent posts",
            "recent articles",
            "recent news",
            "recent stories",
            "breaking news",
            "news feed",
            "just in",
            "more news",
            "top news",
            "آخر الأخبار",
            "أحدث الأخبار",
            "آخر المقالات",
            "أحدث المقالات",
            "الأحدث",
            "أخبار عاجلة",
            "عاجل",
            "آخر الأخبار العاجلة",
            "أخبار الساعة",
            "آخر المستجدات",
            "جديد الأخبار",
            "الأخبار",
            "dernières nouvelles",
            "dernières actualités",
            "dernières infos",
            "derniers articles",
            "à la une",
            "en direct",
            "fil info",
            "l'essentiel",
            "actualités",
            "en ce moment",
        ),
        6,
    ),
    _r(
        "menu",
        whole(
            "home",
            "homepage",
            "home page",
            "menu",
            "main menu",
            "search",
            "search for",
            "close",
            "open",
            "toggle navigation",
            "navigation",
            "log in",
            "login",
            "sign in",
            "sign out",
            "log out",
            "register",
            "my account",
            "account",
            "contact",
            "contact us",
            "about",
            "about us",
            "privacy",
            "privacy policy",
            "terms",
            "terms of use",
            "terms of service",
            "terms and conditions",
            "sitemap",
            "site map",
            "faq",
            "help",
            "careers",
            "advertise",
            "advertise with us",
            "go",
            "submit",
            "search this site",
            "type your search",
            "press enter to search",
            "all",
            "more",
            "الرئيسية",
            "الصفحة الرئيسية",
            "القائمة",
            "القائمة الرئيسية",
            "بحث",
            "ابحث",
            "البحث",
            "إغلاق",
            "تسجيل الدخول",
            "دخول",
            "تسجيل",
            "حسابي",
            "اتصل بنا",
            "من نحن",
            "سياسة الخصوصية",
            "شروط الاستخدام",
            "الشروط والأحكام",
            "خريطة الموقع",
            "أعلن معنا",
            "للإعلان",
            "اتصل",
            "عن الموقع",
            "هيئة التحرير",
            "فريق العمل",
            "accueil",
            "rechercher",
            "recherche",
            "fermer",
            "connexion",
            "se connecter",
            "s'inscrire",
            "mon compte",
            "nous contacter",
            "à propos",
            "qui sommes-nous",
            "mentions légales",
            "politique de confidentialité",
            "conditions d'utilisation",
            "plan du site",
            "cgu",
            "ouvrir le menu",
            "fermer le menu",
            "open menu",
            "close menu",
            "open search",
            "close search",
            "toggle menu",
            "subscribe to",
            "donate",
            "shop",
            "store",
            "events",
        ),
        4,
    ),
    _r(
        "author-box",
        whole(
            "about the author",
            "about author",
            "author",
            "authors",
            "written by",
            "more by",
            "more from this author",
            "view all posts",
            "about the writer",
            "عن الكاتب",
            "عن المؤلف",
            "نبذة عن الكاتب",
            "مقالات الكاتب",
            "كل مقالات الكاتب",
            "مقالات أخرى للكاتب",
            "à propos de l'auteur",
            "l'auteur",
            "tous les articles de",
            "contributor",
            "contributors",
            "staff writer",
            "editor",
            "المحرر",
            "الكاتب",
            "الكاتبة",
            "view all posts by",
            "see all posts by",
            "all posts by",
        ),
        6,
    ),
    _r(
        "author-box",
        prefix(
            "view all posts by",
            "see all posts by",
            "all posts by",
            "more articles by",
            "more stories by",
            "more from",
            "كل مقالات",
            "جميع مقالات",
            "tous les articles de",
            sep=r"\s*",
            rest=r"\S.{0,60}",
        ),
        10,
    ),
    _r(
        "widget",
        whole(
            "load more",
            "show more",
            "see more",
            "view more",
            "view all",
            "see all",
            "read more",
            "continue reading",
            "click here",
            "more+",
            "المزيد",
            "عرض المزيد",
            "تحميل المزيد",
            "عرض الكل",
            "اقرأ المزيد",
            "أكمل القراءة",
            "تابع القراءة",
            "اضغط هنا",
            "انقر هنا",
            "voir plus",
            "afficher plus",
            "charger plus",
            "tout voir",
            "lire la suite",
            "cliquez ici",
            "loading",
            "جاري التحميل",
            "chargement",
            "print",
            "طباعة",
            "imprimer",
            "font size",
            "حجم الخط",
            "taille du texte",
            "a+",
            "a-",
            "aa",
            "a a a",
            "listen",
            "save",
            "bookmark",
            "حفظ",
            "enregistrer",
            "expand",
            "collapse",
            "show less",
            "see less",
            "read less",
            "full screen",
            "zoom",
            "watch later",
            "add to favorites",
            "إضافة إلى المفضلة",
            "المفضلة",
            "favoris",
            "play",
            "pause",
            "mute",
            "unmute",
            "close ad",
            "x",
        ),
        4,
    ),
]

# Chrome that closes an article: once seen after the body, prose that follows is not the article.
END_KINDS = frozenset(
    {
        "author-bio",
        "comment-count",
        "comment-form",
        "tags-line",
        "source-line",
        "share",
        "related-heading",
        "author-box",
        "prev-next",
        "most-read",
        "latest",
        "copyright",
        "back-to-top",
        "widget-credit",
    }
)
# Chrome that weighs like closing chrome when choosing the article, but may sit inside one
# (an inline newsletter or app box), so it never cuts an article by itself.
HEAVY_KINDS = END_KINDS | {"newsletter", "follow", "app-download", "form-consent"}
# Chrome that always closes an article once some body has been seen: what follows is comments.
ALWAYS_END_KINDS = frozenset({"comment-count", "comment-form", "comment-author", "author-box", "author-bio"})
# Headings that introduce lists or blocks of other articles.
HEADING_KINDS = frozenset({"related-heading", "read-also-heading", "most-read", "latest"})

_SOCIAL_WORDS = frozenset(fold(w) for w in SOCIAL)
_SOCIAL_MULTI = sorted((fold(w) for w in SOCIAL if " " in w), key=len, reverse=True)
_NETWORK_WORDS = frozenset(fold(w) for w in NETWORKS)
SHARE_VERBS = frozenset(fold(w) for w in ("share", "tweet", "شارك", "مشاركة", "partager", "partagez"))
_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_SOCIAL_ANY = _NETWORK_WORDS | SHARE_VERBS | frozenset(w.split()[0] for w in _SOCIAL_MULTI)


def is_social_bar(folded: str, tokens: list[str] | None = None) -> bool:
    """A line made only of social network names and share verbs ("Facebook Twitter WhatsApp")."""
    if tokens is not None and _SOCIAL_ANY.isdisjoint(tokens):
        return False
    s = folded
    for multi in _SOCIAL_MULTI:
        if multi in s:
            s = s.replace(multi, " share ")
    toks = _WORD_RE.findall(s)
    if not toks or len(toks) > 14 or any(t not in _SOCIAL_WORDS for t in toks):
        return False
    return any(t in _NETWORK_WORDS or t in SHARE_VERBS for t in toks)


def tokens(folded: str) -> list[str]:
    """Word tokens of a folded line (letters and digits; inner hyphens and apostrophes kept)."""
    return _WORD_RE.findall(folded)


def core(folded: str, toks: list[str] | None = None) -> str:
    """A folded line without decoration: its words (not bare numbers) joined by single spaces."""
    return " ".join(t for t in (toks if toks is not None else _WORD_RE.findall(folded)) if not t.isdigit())


def _compile() -> tuple[
    dict[str, tuple[int, str, int]],
    dict[str, tuple[int, ...]],
    tuple[int, ...],
    tuple[frozenset[str], tuple[str, ...]],
    dict[str, tuple[int, ...]],
]:
    """Index the rules for speed: whole-line phrases become one dict lookup; anchored rules are
    looked up by the line's first word and only those are tried (one alternation, matched at the
    line start); floating patterns are tried only when one of their triggers occurs (a word
    among the line's tokens, or a literal such as "©" in the line)."""
    phrases: dict[str, tuple[int, str, int]] = {}
    by_first: dict[str, set[int]] = {}
    anywhere: list[int] = []
    by_trigger: dict[str, set[int]] = {}
    for i, rule in enumerate(RULES):
        if isinstance(rule.pattern, Whole):
            for phrase in rule.pattern.phrases:
                phrases.setdefault(core(fold(phrase)), (i, rule.kind, rule.max_words))
        elif isinstance(rule.pattern, Prefix) or rule.first:
            words = rule.pattern.first_words if isinstance(rule.pattern, Prefix) else set(rule.first)
            for word in words:
                by_first.setdefault(word, set()).add(i)
        elif rule.triggers:
            for t in rule.triggers:
                by_trigger.setdefault(t, set()).add(i)
        else:
            anywhere.append(i)
    words = {t for t in by_trigger if _WORD_RE.fullmatch(t)}
    literals = tuple(t for t in by_trigger if t not in words)
    triggers = (frozenset(words), literals)
    return (
        phrases,
        {w: tuple(sorted(v)) for w, v in by_first.items()},
        tuple(anywhere),
        triggers,
        {t: tuple(sorted(v)) for t, v in by_trigger.items()},
    )


_PHRASES, _BY_FIRST, _ANYWHERE, _TRIGGERS, _BY_TRIGGER = _compile()
_FLOATING_RULES = tuple(i for i, r in enumerate(RULES) if r.triggers)
_HEADING_FIRST = frozenset(
    phrase.split()[0] for phrase, (_, kind, _) in _PHRASES.items() if kind in HEADING_KINDS and phrase
)
_FLOATING_MAX_WORDS = max(RULES[i].max_words for i in _FLOATING_RULES)
_DETERMINERS = frozenset(fold(w) for w in ("our", "the", "nos", "notre", "les", "la", "le", "today's"))
WORD_PUNCTUATION = "\"'.,;:!?()[]{}<>«»“”‘’‚„—–-…|/\\*#@•·▪►▸→←✓©®™%$€£+=~^`_&،؛؟。、"
"""Punctuation around whitespace-separated words (stripped to compare them with word triggers)."""
_INNER_PUNCTUATION = re.compile(r"[^\w']+")
_FIRST_WORD = re.compile(r"[^\W\d_][^\W_]*")


@cache
def _pattern(i: int) -> re.Pattern[str]:
    pattern = RULES[i].pattern
    source = pattern.regex if isinstance(pattern, Prefix) else pattern
    return re.compile(fold(str(source), lower=False), re.IGNORECASE)


def _anchored(first: str, n_words: int) -> re.Pattern[str] | None:
    """One alternation of the anchored rules a line with this first word and length may match."""
    return _anchored_for(first if first in _BY_FIRST else "", n_words)


@cache
def _anchored_for(first: str, n_words: int) -> re.Pattern[str] | None:
    return _alternation(
        tuple(sorted(i for i in {*_BY_FIRST.get(first, ()), *_ANYWHERE} if RULES[i].max_words >= n_words))
    )


@cache
def _alternation(rules: tuple[int, ...]) -> re.Pattern[str] | None:
    if not rules:
        return None
    return re.compile("|".join(f"(?P<r{i}>{_pattern(i).pattern})" for i in rules), re.IGNORECASE)


def heading_kind(text: str) -> str | None:
    """The kind of a heading of related / read-also / most-read / latest blocks, by exact phrase,
    for ``text`` as it stands on a page. Cheap enough to ask of every small text of a web page:
    only a text whose first word can start a heading phrase (that word folded once, the answer
    cached: words repeat) is folded and looked up."""
    first = text.split(None, 1)
    if not first or not _starts_heading(first[0]):
        return None
    hit = _PHRASES.get(core(fold(text)))
    return hit[1] if hit is not None and hit[1] in HEADING_KINDS else None


@lru_cache(maxsize=1 << 14)
def _starts_heading(word: str) -> bool:
    toks = _WORD_RE.findall(fold(word))
    return not toks or toks[0].isdigit() or toks[0] in _HEADING_FIRST


def classify_prose(folded: str, words: Sequence[str]) -> str | None:
    """``classify`` for long lines, given their whitespace-separated ``words`` stripped of
    ``WORD_PUNCTUATION`` (not tokenized: that costs more than the rules that can match a long
    line): only anchored rules for the line's first word and floating rules whose triggers occur
    among its words can match."""
    n_words = len(words)
    m = _FIRST_WORD.search(folded)
    regex = _anchored(m.group() if m else "", min(n_words, 100))
    best = 1 << 30
    hit = regex.match(folded) if regex is not None else None
    if hit is not None:
        best = next(int(k[1:]) for k, v in hit.groupdict().items() if v is not None)
    if n_words <= _FLOATING_MAX_WORDS:
        bare = set(words)
        bare.discard("")
        best = _floating(folded, bare, n_words, best)
    return RULES[best].kind if best < len(RULES) else None


def _floating(folded: str, toks: Collection[str], n_words: int, best: int) -> int:
    """The first floating rule before ``best`` that matches, tried only when one of its triggers
    (a word among ``toks``, or a literal such as "©" in the line) occurs."""
    trigger_words, trigger_literals = _TRIGGERS
    found = list(trigger_words.intersection(toks))
    # Parts of compounds and glued words: "e-newsletter", "and/or", "cookies،".
    for t in filterfalse(str.isalnum, toks):
        if "'" not in t:
            found += trigger_words.intersection(_INNER_PUNCTUATION.split(t))
    for t in trigger_literals:
        if t in folded:
            found.append(t)
    if found:
        for i in sorted({i for t in found for i in _BY_TRIGGER[t]}):
            if i >= best:
                break
            if n_words <= RULES[i].max_words and _pattern(i).search(folded):
                return i
    return best


def classify(folded: str, toks: list[str] | None = None) -> str | None:
    """The chrome kind of one folded line (``toks``: its ``tokens``, if already known), or ``None``."""
    if toks is None:
        toks = _WORD_RE.findall(folded)
    n_words = len(toks)
    best = 1 << 30
    words = toks if not any(map(str.isdigit, toks)) else [t for t in toks if not t.isdigit()]
    first = words[0] if words else ""
    if n_words <= 8:
        hit = _PHRASES.get(" ".join(words))
        if hit is None and len(words) > 1 and words[0] in _DETERMINERS:  # "Our most read", "Nos articles..."
            hit = _PHRASES.get(" ".join(words[1:]))
        if hit is not None and n_words <= hit[2]:
            best = hit[0]
    regex = _anchored(first, min(n_words, 100))
    m = regex.match(folded) if regex is not None else None
    if m is not None:
        best = min(best, next(int(k[1:]) for k, v in m.groupdict().items() if v is not None))
    best = _floating(folded, toks, n_words, best)
    if best < len(RULES):
        return RULES[best].kind
    if n_words <= 14 and is_social_bar(folded, toks):
        return "share"
    return None
