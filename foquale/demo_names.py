"""French names and towns for the demo data, from fixed lists.

The demo runs in the production image (`seed_demo` with `DEMO=true`), where Faker is not
installed: it is a test dependency. The same seed gives the same names, so that seeding
twice finds the same people.
"""

import random

FEMALE_FIRST_NAMES = (
    "Adèle", "Agathe", "Alice", "Amandine", "Anaïs", "Camille", "Capucine", "Chloé",
    "Clémence", "Coralie", "Élodie", "Emma", "Eva", "Fatoumata", "Gabrielle", "Inès",
    "Jade", "Jeanne", "Julie", "Laura", "Léa", "Leïla", "Lina", "Lou", "Louise", "Lucie",
    "Maëlys", "Manon", "Margaux", "Marie", "Mathilde", "Mélissa", "Nadia", "Noémie",
    "Océane", "Pauline", "Romane", "Salomé", "Sarah", "Yasmine", "Zoé",
)  # fmt: skip
MALE_FIRST_NAMES = (
    "Adam", "Alexandre", "Amine", "Antoine", "Arthur", "Baptiste", "Bastien", "Clément",
    "Dylan", "Enzo", "Ethan", "Gabriel", "Hugo", "Ibrahim", "Jules", "Kevin", "Killian",
    "Léo", "Liam", "Loïc", "Louis", "Lucas", "Malik", "Mathis", "Maxime", "Mehdi",
    "Nathan", "Noah", "Nolan", "Paul", "Quentin", "Raphaël", "Rayan", "Samuel", "Sofiane",
    "Théo", "Thomas", "Timéo", "Tom", "Valentin", "Yanis",
)  # fmt: skip
LAST_NAMES = (
    "Arnaud", "Aubert", "Barbier", "Benoît", "Bernard", "Bertrand", "Blanc", "Bonnet",
    "Bouvier", "Brun", "Carpentier", "Chevalier", "Clément", "Colin", "Da Silva", "David",
    "Denis", "Diallo", "Dubois", "Dufour", "Dumas", "Dupont", "Durand", "Faure", "Fontaine",
    "Fournier", "François", "Gaillard", "Garcia", "Garnier", "Gautier", "Girard", "Guérin",
    "Henry", "Hervé", "Joly", "Lacroix", "Lambert", "Laurent", "Leclerc", "Lefèbvre",
    "Legrand", "Lemaire", "Leroy", "Lopez", "Marchand", "Martin", "Martinez", "Masson",
    "Mathieu", "Mercier", "Meyer", "Michel", "Moreau", "Morel", "Muller", "Nicolas",
    "Noël", "Perrin", "Petit", "Picard", "Renaud", "Richard", "Rivière", "Robert",
    "Robin", "Roche", "Rousseau", "Roux", "Roy", "Simon", "Thomas", "Vidal", "Vincent",
)  # fmt: skip
# Towns of the demo académie (Rhône, Ain, Loire: départements 069, 001 and 042).
CITIES = (
    "Lyon", "Villeurbanne", "Vénissieux", "Vaulx-en-Velin", "Bron", "Caluire-et-Cuire",
    "Rillieux-la-Pape", "Saint-Priest", "Givors", "Oullins", "Tarare", "Villefranche-sur-Saône",
    "Belleville-en-Beaujolais", "Bourg-en-Bresse", "Oyonnax", "Ambérieu-en-Bugey",
    "Bellegarde-sur-Valserine", "Saint-Étienne", "Roanne", "Saint-Chamond", "Firminy",
    "Montbrison", "Rive-de-Gier", "Feurs",
)  # fmt: skip


class DemoNames:
    """Draws names from the lists, in the same order for the same seed."""

    def __init__(self, seed: int):
        self._rng = random.Random(seed)

    def first_name(self, sex: str = "") -> str:
        """A first name for `sex` ("F" or "M"), or for either when it is empty."""
        if sex == "F":
            return self._rng.choice(FEMALE_FIRST_NAMES)
        if sex == "M":
            return self._rng.choice(MALE_FIRST_NAMES)
        return self._rng.choice(FEMALE_FIRST_NAMES + MALE_FIRST_NAMES)

    def last_name(self) -> str:
        return self._rng.choice(LAST_NAMES)

    def city(self) -> str:
        return self._rng.choice(CITIES)
