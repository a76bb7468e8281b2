"""School years run from 1 September to 31 August; a year is named by its first calendar year."""

import datetime as dt

from django.utils import timezone

SCHOOL_YEAR_START_MONTH = 9


def school_year_of(day: dt.date) -> int:
    return day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1


def current_school_year() -> int:
    return school_year_of(timezone.localdate())


def school_year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def school_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 9, 1), dt.date(year + 1, 8, 31)


def school_year_choices(first: int = 2013, last: int | None = None) -> list[tuple[int, str]]:
    last = current_school_year() + 1 if last is None else last
    return [(y, school_year_label(y)) for y in range(last, first - 1, -1)]


def school_years_with_data(first_day: dt.date | None, *, last: int | None = None) -> list[int]:
    """The school years a year selector offers: from the year of the first data shown
    (`first_day`, None when there is none) to the current one (or `last`), latest first.
    Every selector of the site offers these, not every year since 2013."""
    last = current_school_year() if last is None else last
    first = last if first_day is None else min(school_year_of(first_day), last)
    return list(range(last, first - 1, -1))


def year_options(first_day: dt.date | None, *, last: int | None = None) -> list[tuple[int, str]]:
    """`school_years_with_data` as the (value, label) choices of a select."""
    return [
        (year, school_year_label(year)) for year in school_years_with_data(first_day, last=last)
    ]
