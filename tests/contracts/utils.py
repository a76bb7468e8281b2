def drain(response) -> bytes:
    """Read a response whole. A served file is closed once its content has been read; the
    test client does it without closing the test's database connection, which a direct
    `response.close()` would."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content
