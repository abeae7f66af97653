"""Calls the district's HTTP edge with Connect's own Python client.

The client is `connectrpc` from PyPI; its stubs are generated from proto/ by `buf generate` with
the `protoc-gen-py` and `protoc-gen-connectrpc` plugins (buf.gen.yaml here), into a directory
that is not committed: scripts/http-clients generates them and runs this. It speaks binary
protobuf and gzips its requests, which curl and buf curl in that script do not.

    python3 check_edge.py GENERATED_DIR URL TOKEN

Exits 0 when every check holds; prints one line per check.
"""

import sys
import uuid

sys.path.insert(0, sys.argv[1])

from connectrpc.code import Code  # noqa: E402
from connectrpc.errors import ConnectError  # noqa: E402
from district.common.v1.common_pb import DatePrecision, Money  # noqa: E402
from district.finance.v1.finance_connect import FinanceClientSync  # noqa: E402
from district.finance.v1.finance_pb import (  # noqa: E402
    Collection,
    GetRevenueSummaryRequest,
    RecordCollectionRequest,
)
from district.health.v1.health_connect import HealthClientSync  # noqa: E402
from district.health.v1.health_pb import HealthCheckRequest, HealthCheckResponse  # noqa: E402

url, token = sys.argv[2], sys.argv[3]
auth = {"authorization": f"Bearer {token}"}
failures = 0


def check(name, holds, detail=""):
    global failures
    if holds:
        print(f"connect-python: ok   {name}")
    else:
        failures += 1
        print(f"connect-python: FAIL {name}: {detail}", file=sys.stderr)


def collected(finance):
    summary = finance.get_revenue_summary(GetRevenueSummaryRequest(year=2023), headers=auth, timeout_ms=10_000)
    return summary.total.collected.vnd


with FinanceClientSync(url) as finance:
    article = finance.get_revenue_summary(
        GetRevenueSummaryRequest(year=2023, as_of="2023-11-01", as_of_precision=DatePrecision.EARLY_MONTH),
        headers=auth,
        timeout_ms=10_000,
    )
    check(
        "a unary read: the article's 610 tỉ to the start of November",
        article.total.collected.vnd // 100_000_000_000 == 6 and article.total.collected.vnd >= 610_000_000_000,
        article.total.collected.vnd,
    )

    before = collected(finance)
    key = {"idempotency-key": f"connect-python-{uuid.uuid4()}", **auth}
    request = RecordCollectionRequest(
        collection=Collection(collected_on="2023-11-21", source_code="construction-tax", amount=Money(vnd=7_654_321))
    )
    first = finance.record_collection(request, headers=key, timeout_ms=10_000)
    again = finance.record_collection(request, headers=key, timeout_ms=10_000)
    check("a write retried with its key answers the same collection", first.id and first.id == again.id, (first.id, again.id))
    check("the retried write counted once", collected(finance) == before + 7_654_321, (before, collected(finance)))

    try:
        finance.get_revenue_summary(GetRevenueSummaryRequest(year=2023), timeout_ms=10_000)
        check("no token: an error", False, "answered")
    except ConnectError as error:
        check("no token: UNAUTHENTICATED", error.code == Code.UNAUTHENTICATED, f"{error.code} {error.message}")

    try:
        finance.get_revenue_summary(GetRevenueSummaryRequest(year=1), headers=auth, timeout_ms=10_000)
        check("a year out of range: an error", False, "answered")
    except ConnectError as error:
        check("a year out of range: INVALID_ARGUMENT", error.code == Code.INVALID_ARGUMENT, f"{error.code} {error.message}")

with HealthClientSync(url) as health:
    statuses = health.watch(HealthCheckRequest(), headers=auth, timeout_ms=3_000)
    first = next(iter(statuses))
    check("a server stream (Health/Watch)", first.status == HealthCheckResponse.ServingStatus.SERVING, first)

if failures:
    print(f"connect-python: {failures} check(s) failed", file=sys.stderr)
    sys.exit(1)
