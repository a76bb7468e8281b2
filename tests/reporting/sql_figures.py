"""Every indicator of `reporting.dashboard.indicators` recomputed with plain SQL written
here, from the definitions of docs/indicators.md, by network: the test compares."""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import connection

COMPLETED = "('qualification', 'further_training', 'job', 'civic_service')"


def _rows(sql: str, params: list) -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, [day.isoformat() for day in params])
        return {network_id: count for network_id, count in cursor.fetchall()}


def _plus_days(column: str, days: int) -> str:
    if connection.vendor == "postgresql":
        return f"({column} + {int(days)})"
    return f"date({column}, '+{int(days)} days')"


def _network_on(day: str) -> str:
    """The network of young person `y` on the date `day`: the network left by the first
    transfer accepted after that day (date of the decision in Paris), else the current
    one (docs/indicators.md, « Transferts entre réseaux »)."""
    if connection.vendor == "postgresql":
        decided_on = "(t.decided_at AT TIME ZONE 'Europe/Paris')::date"
    else:  # Django's SQLite function, the one its TruncDate calls
        decided_on = "django_datetime_cast_date(t.decided_at, 'Europe/Paris', 'UTC')"
    return (
        "COALESCE((SELECT t.from_network_id FROM contracts_transfer t "
        f"WHERE t.youth_id = y.id AND t.status = 'accepted' AND {decided_on} > {day} "
        "ORDER BY t.decided_at, t.id LIMIT 1), y.network_id)"
    )


def sql_figures(year: int, today: dt.date) -> dict[str, dict[int, int]]:
    first, last = dt.date(year, 9, 1), dt.date(year + 1, 8, 31)
    ref = min(today, last)
    grace = settings.REVIEW_GRACE_DAYS
    reviews_last = min(last, ref - dt.timedelta(days=grace))
    dues = (
        "SELECT y.network_id, COUNT(*) FROM contracts_reviewdue d "
        "JOIN contracts_contract c ON c.id = d.contract_id "
        "JOIN contracts_youth y ON y.id = c.youth_id "
        "WHERE d.due_on BETWEEN %s AND %s"
    )
    held = (
        " AND EXISTS (SELECT 1 FROM contracts_situationreview r WHERE r.id = d.review_id "
        "AND r.cancelled_at IS NULL AND r.due_on = d.due_on"
    )
    signed_ever = (
        "EXISTS (SELECT 1 FROM contracts_contract c WHERE c.youth_id = y.id "
        "AND c.activated_on IS NOT NULL)"
    )
    proposed_ever = "EXISTS (SELECT 1 FROM contracts_proposal p WHERE p.youth_id = y.id)"
    assessed_ever = (
        "EXISTS (SELECT 1 FROM contracts_assessment a WHERE a.youth_id = y.id "
        "AND a.cancelled_at IS NULL)"
    )
    cohort = (
        f"SELECT {_network_on('y.contacted_on')}, COUNT(*) FROM contracts_youth y "
        "WHERE y.contacted_on BETWEEN %s AND %s"
    )
    at_group = " GROUP BY 1"
    group = " GROUP BY y.network_id"
    figures = {
        "contacted": _rows(cohort + at_group, [first, last]),
        "cohort_assessed": _rows(
            cohort + f" AND ({assessed_ever} OR {proposed_ever} OR {signed_ever})" + at_group,
            [first, last],
        ),
        "cohort_proposed": _rows(
            cohort + f" AND ({proposed_ever} OR {signed_ever})" + at_group, [first, last]
        ),
        "cohort_signed": _rows(cohort + f" AND {signed_ever}" + at_group, [first, last]),
        "cohort_completed": _rows(
            cohort
            + f" AND {signed_ever} AND y.step = 'exited' AND y.outcome IN {COMPLETED}"
            + at_group,
            [first, last],
        ),
        "assessed": _rows(
            f"SELECT {_network_on('a.held_on')}, COUNT(DISTINCT a.youth_id) "
            "FROM contracts_assessment a "
            "JOIN contracts_youth y ON y.id = a.youth_id "
            "WHERE a.cancelled_at IS NULL AND a.held_on BETWEEN %s AND %s" + at_group,
            [first, last],
        ),
        "proposed": _rows(
            f"SELECT {_network_on('p.proposed_on')}, COUNT(DISTINCT p.youth_id) "
            "FROM contracts_proposal p "
            "JOIN contracts_youth y ON y.id = p.youth_id "
            "WHERE p.proposed_on BETWEEN %s AND %s" + at_group,
            [first, last],
        ),
        "signed": _rows(
            "SELECT y.network_id, COUNT(DISTINCT c.youth_id) FROM contracts_contract c "
            "JOIN contracts_youth y ON y.id = c.youth_id "
            "WHERE c.activated_on BETWEEN %s AND %s" + group,
            [first, last],
        ),
        "in_path": _rows(
            "SELECT y.network_id, COUNT(DISTINCT c.youth_id) FROM contracts_contract c "
            "JOIN contracts_youth y ON y.id = c.youth_id "
            "WHERE c.activated_on <= %s AND c.starts_on <= %s AND c.status <> 'awaiting' "
            "AND ((c.ended_on IS NULL AND c.status = 'active') OR c.ended_on > %s)" + group,
            [ref, ref, ref],
        ),
        "completed": _rows(
            "SELECT y.network_id, COUNT(*) FROM contracts_contract c "
            "JOIN contracts_youth y ON y.id = c.youth_id "
            "WHERE c.status = 'ended' AND c.ended_on BETWEEN %s AND %s "
            f"AND y.step = 'exited' AND y.exited_on = c.ended_on AND y.outcome IN {COMPLETED}"
            + group,
            [first, last],
        ),
        "contracts_ended": _rows(
            "SELECT y.network_id, COUNT(*) FROM contracts_contract c "
            "JOIN contracts_youth y ON y.id = c.youth_id "
            "WHERE c.status = 'ended' AND c.ended_on BETWEEN %s AND %s" + group,
            [first, last],
        ),
        "exited_before_contract": _rows(
            f"SELECT {_network_on('y.exited_on')}, COUNT(*) FROM contracts_youth y "
            f"WHERE y.step = 'exited' AND y.exited_on BETWEEN %s AND %s AND NOT {signed_ever}"
            + at_group,
            [first, last],
        ),
        # The due rows of the window, and the reviews (not cancelled) that answered them,
        # held on time when before the end of the grace period.
        "reviews_due": _rows(dues + group, [first, reviews_last]),
        "reviews_held": _rows(dues + held + ")" + group, [first, reviews_last]),
        "reviews_on_time": _rows(
            dues + held + f" AND r.held_on < {_plus_days('d.due_on', grace)})" + group,
            [first, reviews_last],
        ),
        "reviews_overdue": _rows(
            dues + " AND NOT EXISTS (SELECT 1 FROM contracts_situationreview r "
            "WHERE r.id = d.review_id AND r.cancelled_at IS NULL)" + group,
            [first, reviews_last],
        ),
    }
    # The 15-day rule: received in the year; judged (reached, or deadline passed on the
    # reference day); reached by the deadline.
    days = settings.FIRST_INTERVIEW_DAYS
    received = (
        f"SELECT {_network_on('y.received_on')}, COUNT(*) FROM contracts_youth y "
        "WHERE y.received_on BETWEEN %s AND %s"
    )
    figures["received"] = _rows(received + at_group, [first, last])
    figures["first_due"] = _rows(
        received + " AND (y.contacted_on IS NOT NULL OR y.received_on < %s)" + at_group,
        [first, last, ref - dt.timedelta(days=days)],
    )
    figures["first_on_time"] = _rows(
        received
        + f" AND y.contacted_on IS NOT NULL AND y.contacted_on <= {_plus_days('y.received_on', days)}"
        + at_group,
        [first, last],
    )
    return figures


def python_figures(by_network: dict, names) -> dict[str, dict[int, int]]:
    """The same names read from `compute_indicators`' figures, zeros left out."""
    result: dict[str, dict[int, int]] = defaultdict(dict)
    for network_id, figures in by_network.items():
        for name in names:
            value = getattr(figures, name)
            if value:
                result[name][network_id] = value
    return result


def compare(by_network: dict, year: int, today: dt.date) -> None:
    expected = sql_figures(year, today)
    expected = {
        name: {k: v for k, v in rows.items() if v and k in by_network}
        for name, rows in expected.items()
    }
    actual = python_figures(by_network, expected)
    for name in expected:
        assert actual.get(name, {}) == expected[name], name


def calendar_dates_without_row() -> int:
    """Dates of the rhythm of signed contracts never amended (start + k × rhythm, up to the
    planned end or the exit, at most 160) that have no due row: none should."""
    periods = "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 160) "
    if connection.vendor == "postgresql":
        due = "(c.starts_on + k.n * 7 * c.review_every_weeks)"
    else:
        due = "date(c.starts_on, '+' || (k.n * 7 * c.review_every_weeks) || ' days')"
    sql = (
        periods + "SELECT COUNT(*) FROM contracts_contract c CROSS JOIN k "
        f"WHERE c.activated_on IS NOT NULL AND {due} <= c.ends_on "
        f"AND (c.ended_on IS NULL OR {due} <= c.ended_on) "
        "AND NOT EXISTS (SELECT 1 FROM contracts_amendment a WHERE a.contract_id = c.id) "
        f"AND NOT EXISTS (SELECT 1 FROM contracts_reviewdue d WHERE d.contract_id = c.id "
        f"AND d.due_on = {due})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]
