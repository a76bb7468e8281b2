"""Scale data: whole académies of networks, young people, contracts and reviews.

Rows are generated in memory with explicit ids (so foreign keys are known without reading
back) and written with PostgreSQL's COPY, or large `bulk_create` batches elsewhere. Users
share one password hash computed once. Guardian grants are written last, as rows too,
from the apps' own rules (`foquale.grants`): what the memberships just written imply.

Names come from Faker, a test dependency (the `test` extra): like the whole of `devtools`,
the scale data stays out of the image and of the runtime dependencies.

Bench accounts (password `BENCH_PASSWORD`), all in the first académie:
`pilotage@bench.foquale.fr` (steering), `ien-io@…` (IEN-IO of the first platform),
`responsable@…` (lead of the first network), `comite@…`, `evaluateur@…`, `referent@…`
and `tuteur@…` (a tutor with an average number of contracts).
"""

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from faker import Faker

from foquale import grants
from networks.models import Academy

from .constants import (
    BENCH_ACCOUNTS,
    BENCH_DOMAIN,
    BENCH_PASSWORD,
    MARKER_ACADEMY_CODE,
    SCALES,
    Scale,
)
from .loader import Loader
from .organisation import OrganisationSeeding
from .paths import PathSeeding

__all__ = [
    "BENCH_ACCOUNTS",
    "BENCH_DOMAIN",
    "BENCH_PASSWORD",
    "MARKER_ACADEMY_CODE",
    "SCALES",
    "Scale",
    "ScaleSeeder",
]


class ScaleSeeder(OrganisationSeeding, PathSeeding):
    """Generates one scale in a transaction: the organisation, then the paths."""

    def __init__(
        self,
        scale: Scale,
        *,
        seed: int = 2013,
        today: dt.date | None = None,
        out: Callable[[str], None] = print,
    ):
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.out = out
        self.loader = Loader(self.now, out)
        fake = Faker("fr_FR")
        fake.seed_instance(seed)
        self.first_names = sorted({fake.first_name() for _ in range(2_000)})
        self.last_names = sorted({fake.last_name() for _ in range(4_000)})
        self.cities = [fake.city() for _ in range(500)]

    @staticmethod
    def already_seeded() -> bool:
        return Academy.objects.filter(code=MARKER_ACADEMY_CODE).exists()

    @transaction.atomic
    def run(self) -> dict[str, int]:
        org = self.seed_organisation()
        self.seed_paths(org)
        self._write_grants()
        self.loader.finish()
        return self.loader.counts

    def _write_grants(self) -> None:
        """Every grant, as the apps' rules derive them from the memberships just written
        (`foquale.grants`), loaded like the other rows: `check_grants` finds nothing."""
        self.out("Droits (déduits des rôles) :")
        for rule in grants.rules():
            permission = grants.permission_ids(rule)
            first_id = self.loader.next_id(rule.grant_model)
            # Read in full first: the rules query the database, which a COPY in progress
            # on the same connection would not answer.
            wanted = list(rule.wanted(None, None))
            rows = [
                (first_id + i, permission[codename], user_id, object_id)
                for i, (user_id, codename, object_id) in enumerate(wanted)
            ]
            self.loader.load(
                rule.grant_model, ["id", "permission_id", "user_id", "content_object_id"], rows
            )
