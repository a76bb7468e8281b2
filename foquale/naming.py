"""Names put after the word for their kind: « réseau » + « Réseau FOQUALE Lyon Centre » must
not read « Réseau Réseau FOQUALE Lyon Centre »."""


def prefixed(word: str, name: str) -> str:
    """`name` after `word`, unless the name already starts with that word (any case):
    prefixed("réseau", "Nord") is « réseau Nord », prefixed("réseau", "Réseau FOQUALE
    Lyon") is « Réseau FOQUALE Lyon »."""
    first = name.split(maxsplit=1)[0] if name.strip() else ""
    if first.casefold() == word.casefold():
        return name
    return f"{word} {name}"
