"""What the reminder and digest e-mails share."""


def youth_short_name(first_name: str, last_name: str) -> str:
    """How an e-mail names a young person: enough for the addressee, who knows the case,
    little for anyone else who might read it."""
    return f"{first_name} {last_name[:1].upper()}." if last_name else first_name
