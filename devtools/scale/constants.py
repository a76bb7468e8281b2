"""What the scale data promise to their users: sizes, bench accounts, grants."""

from dataclasses import dataclass

BENCH_PASSWORD = "foquale-bench"
BENCH_DOMAIN = "bench.foquale.fr"
BENCH_ACCOUNTS = (
    "pilotage",
    "ien-io",
    "responsable",
    "comite",
    "evaluateur",
    "referent",
    "tuteur",
)
MARKER_ACADEMY_CODE = "BENCH01"


@dataclass(frozen=True)
class Scale:
    academies: int
    networks: int
    platforms: int
    establishments: int
    youths: int
    contracts: int
    reviews: int
    users: int


SCALES = {
    # Small enough for the test suite.
    "test": Scale(
        academies=2,
        networks=4,
        platforms=3,
        establishments=40,
        youths=300,
        contracts=80,
        reviews=400,
        users=120,
    ),
    "academy": Scale(
        academies=1,
        networks=25,
        platforms=13,
        establishments=600,
        youths=40_000,
        contracts=10_000,
        reviews=100_000,
        users=2_000,
    ),
    # About 380 PSAD and 30 académies in France (DOMAIN.md).
    "national": Scale(
        academies=30,
        networks=400,
        platforms=380,
        establishments=12_000,
        youths=550_000,
        contracts=100_000,
        reviews=1_000_000,
        users=60_000,
    ),
}
