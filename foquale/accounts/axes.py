def username(request, credentials: dict) -> str | None:
    """Lock by the normalised e-mail so that a change of case does not reset the counter."""
    value = (credentials or {}).get("username") or request.POST.get("username")
    return value.strip().lower() if value else None
