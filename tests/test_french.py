"""One helper for French elision and articles (`foquale.french`)."""

import pytest
from django.template import Context, Template

from foquale.french import academie, article, de, de_article, du_reseau, elides, reseau


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Inès", "d’Inès"),  # vowel
        ("Élise", "d’Élise"),  # accented vowel
        ("Océane", "d’Océane"),
        ("Œnone", "d’Œnone"),
        ("Hugo", "d’Hugo"),  # mute h
        ("Hélène", "d’Hélène"),
        ("Hugues", "de Hugues"),  # aspirated h
        ("Léa", "de Léa"),  # consonant
        ("Yann", "de Yann"),  # y before a vowel: a consonant
        ("Yves", "d’Yves"),  # y before a consonant: a vowel
        ("  Amiens ", "d’Amiens"),
        ("", "de "),
    ],
)
def test_de(name, expected):
    assert de(name) == expected


def test_articles():
    assert article("réseau") == "le réseau"
    assert article("académie", feminine=True) == "l’académie"
    assert article("solution", feminine=True) == "la solution"
    assert article("réseaux", plural=True) == "les réseaux"
    assert de_article("réseau") == "du réseau"
    assert de_article("solution", feminine=True) == "de la solution"
    assert de_article("établissement") == "de l’établissement"
    assert de_article("hôpital") == "de l’hôpital"
    assert de_article("réseaux", plural=True) == "des réseaux"
    assert not elides("Hollande") and elides("Haïti".replace("ï", "i")) is True


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Réseau FOQUALE Lyon Centre", "du réseau FOQUALE Lyon Centre"),
        ("réseau Nord", "du réseau Nord"),
        ("Lyon Centre", "du réseau Lyon Centre"),
        ("Réseaux partagés", "du réseau Réseaux partagés"),
    ],
)
def test_du_reseau_never_doubles_the_word(name, expected):
    assert du_reseau(name) == expected


def test_reseau_and_academie():
    assert reseau("Réseau FOQUALE Lyon") == "réseau FOQUALE Lyon"
    assert academie("Lyon") == "Académie de Lyon"
    assert academie("Amiens") == "Académie d’Amiens"


def test_filters_are_builtin_in_every_template():
    html = Template(
        "Le contrat FOQUALE {{ a|de }}, {{ b|de }}, {{ n|du_reseau }}, {{ n|reseau }}"
    ).render(Context({"a": "Inès", "b": "Hugo", "n": "Réseau FOQUALE Lyon"}))
    assert html == (
        "Le contrat FOQUALE d’Inès, d’Hugo, du réseau FOQUALE Lyon, réseau FOQUALE Lyon"
    )
