"""The same records against the same companies get the same suggestions in every run.

Python salts `str` hashes per process, so anything that iterates a set of words can order
candidates differently from one run to the next; where a candidate budget or a hit limit
then cuts a tie, the suggestions themselves change. A run with another PYTHONHASHSEED must
give exactly the same suggestions.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

_RANK = """
import json
from tui.core.matching import Matcher
from tui.core.records import LocalRecord
from tui.demo.sample_records import sample_records
from tui.psa.models import Company
from tui.sandbox.factory import make_tenant

tenant = make_tenant("determinism", 3000, seed=11)
companies = [Company.model_validate(c) for c in tenant.companies]
labelled = sample_records(tenant.companies[:], n=600, seed=12)
records = [
    LocalRecord(r.record["id"], r.record["name"], r.record.get("domain"), r.record.get("phone"))
    for r in labelled
]
ranked = Matcher(companies).rank_all(records)
print(json.dumps({
    rid: [m.ambiguous, [[s.psa_id, s.score, s.reason] for s in m.suggestions]]
    for rid, m in ranked.items()
}))
"""


def _rank_with_hash_seed(seed: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run(
        [sys.executable, "-c", _RANK], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_suggestions_do_not_depend_on_the_hash_seed() -> None:
    first, second = _rank_with_hash_seed("1"), _rank_with_hash_seed("2")
    assert len(first) == 600
    differ = sorted(rid for rid in first if first[rid] != second[rid])
    assert differ == [], f"{len(differ)} records ranked differently, e.g. {differ[:3]}"
