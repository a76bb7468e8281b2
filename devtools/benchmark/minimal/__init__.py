"""The reference page of the benchmark: the barest Django page a login-protected site can
serve, as its own tiny WSGI app (`wsgi.py`, settings in `settings.py`).

Django's own middleware classes for a signed-cookie session, CSRF and authentication, one
template that loops over 25 rows, no database: what any Django page pays before it does
anything of its own. The benchmark serves it with gunicorn, with the app's settings, and
reports every page's throughput as a share of this one's.
"""
