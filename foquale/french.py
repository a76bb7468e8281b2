"""French elision and articles, in one place, for every page, mail and PDF.

`de("Inès")` gives « d’Inès », `de("Hugo")` « d’Hugo » (mute h), `de("Hugues")`
« de Hugues » (aspirated h), `de("Yann")` « de Yann » (a y before a vowel is a consonant).
`du_reseau("Réseau FOQUALE Lyon")` gives « du réseau FOQUALE Lyon », not « du réseau Réseau
FOQUALE Lyon »: the names of the networks often start with the word.

The module is also a template library, loaded as a builtin (settings `TEMPLATES`):
`{{ youth_first_name|de }}`, `{{ network.name|du_reseau }}`, `{{ network.name|reseau }}`.
"""

import unicodedata

from django import template

register = template.Library()

APOSTROPHE = "’"
VOWELS = frozenset("aeiouy")
# Words starting with an aspirated h: no elision (« de Hugues », « de Hollande »). Every
# other h is taken for mute (« d’Hugo », « d’Hélène »): it is by far the common case.
ASPIRATED_H = frozenset(
    {
        "hans",
        "harry",
        "haute",
        "hautes",
        "hauts",
        "havre",
        "heidi",
        "hollande",
        "hongrie",
        "hugues",
    }
)
NETWORK_WORD = "réseau"


def _base(letter: str) -> str:
    """The letter without its accent, lower case (« É » → « e », « Œ » → « o »)."""
    if letter in "œŒæÆ":
        return "o" if letter in "œŒ" else "a"
    return unicodedata.normalize("NFD", letter)[0].lower()


def elides(word: str) -> bool:
    """Whether « de », « le », « que » lose their vowel before `word`."""
    word = word.strip()
    if not word:
        return False
    first = _base(word[0])
    second = _base(word[1]) if len(word) > 1 else ""
    if first == "h":
        head = word.split()[0].split("-")[0].lower()
        return head not in ASPIRATED_H
    if first == "y":
        # « Yves », « Yvonne »: a vowel; « Yann », « Yasmine »: a consonant.
        return second not in VOWELS
    return first in VOWELS


@register.filter
def de(name: object) -> str:
    """« de » before a name: « d’Inès », « d’Élise », « d’Hugo », « de Hugues », « de Léa »."""
    text = str(name).strip()
    return f"d{APOSTROPHE}{text}" if elides(text) else f"de {text}"


def article(noun: str, *, feminine: bool = False, plural: bool = False) -> str:
    """The definite article with its noun: « le réseau », « la solution », « l’académie »,
    « les réseaux »."""
    if plural:
        return f"les {noun}"
    if elides(noun):
        return f"l{APOSTROPHE}{noun}"
    return f"{'la' if feminine else 'le'} {noun}"


def de_article(noun: str, *, feminine: bool = False, plural: bool = False) -> str:
    """« de » with the definite article: « du réseau », « de la solution », « de l’académie »,
    « des réseaux »."""
    if plural:
        return f"des {noun}"
    if elides(noun):
        return f"de l{APOSTROPHE}{noun}"
    return f"{'de la' if feminine else 'du'} {noun}"


@register.filter
def reseau(name: object) -> str:
    """« réseau » and the network's name, without saying « réseau » twice:
    « Réseau FOQUALE Lyon » → « réseau FOQUALE Lyon », « Lyon Centre » → « réseau Lyon
    Centre »."""
    text = str(name).strip()
    head, _, rest = text.partition(" ")
    if head.lower() == NETWORK_WORD:
        return f"{NETWORK_WORD} {rest}".strip()
    return f"{NETWORK_WORD} {text}"


@register.filter
def du_reseau(name: object) -> str:
    """« du réseau FOQUALE Lyon »."""
    return f"du {reseau(name)}"


@register.filter
def le_reseau(name: object) -> str:
    """« le réseau FOQUALE Lyon »."""
    return f"le {reseau(name)}"


@register.filter
def academie(name: object) -> str:
    """« Académie de Lyon », « Académie d’Amiens »."""
    return f"Académie {de(name)}"
