"""A third-party gpuwatch client in Python (Debian's python3-grpcio), run by
test/clients/python-client.int.test.ts against a real collector.

It checks its own health call, upserts tenants, streams batches that keep and that break the
contract of proto/gpuwatch/v1/telemetry.proto (out-of-order segments of an allocation, one
segment per GPU for the same allocation and window, a lower seq with new content, an exact
replay, shared GPUs with gpu_shares and bad shares), and queries TenantUsage. For every segment
it sends it expects one outcome — stored, duplicate (a replay), or rejected with a named field
and a reason — and it checks the totals the collector then reports, exactly.

Usage: gpuwatch_client_check.py ADDRESS AGENT_TOKEN ADMIN_TOKEN RUN_ID
(the generated stubs on PYTHONPATH). Prints one JSON object; exits 1 with the first mismatch.
"""

import json
import os
import queue
import sys
import time

import grpc
from google.protobuf import json_format  # noqa: F401  (proves python3-protobuf is importable)

# The generated grpc/health/v1 modules sit beside the others, but `grpc` is Debian's installed
# package: extend its path so that `grpc.health.v1` resolves to them.
for entry in sys.path:
    if os.path.isdir(os.path.join(entry, "grpc", "health", "v1")):
        grpc.__path__.append(os.path.join(entry, "grpc"))

from gpuwatch.v1 import query_pb2, query_pb2_grpc
from gpuwatch.v1 import telemetry_pb2, telemetry_pb2_grpc
from gpuwatch.v1 import tenants_pb2, tenants_pb2_grpc
from grpc.health.v1 import health_pb2, health_pb2_grpc

MINUTE = 60_000
HOUR = 3_600_000


class Mismatch(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Mismatch(message)


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + ".%03dZ" % (ms % 1000)


class Stream:
    """One Telemetry.Report stream: send a message, read the ack that answers a batch."""

    def __init__(self, stub, token):
        self.outbox = queue.Queue()
        self.responses = stub.Report(
            iter(self.outbox.get, None), metadata=(("authorization", "Bearer " + token),)
        )

    def hello(self, agent_id, spool_id, gpus):
        self.outbox.put(
            telemetry_pb2.AgentMessage(
                hello=telemetry_pb2.Hello(
                    agent_id=agent_id,
                    cluster="py-cluster",
                    site="py-site",
                    agent_version="python-check/1",
                    gpus=gpus,
                    spool_id=spool_id,
                )
            )
        )

    def batch(self, seq, segments):
        self.outbox.put(
            telemetry_pb2.AgentMessage(batch=telemetry_pb2.UsageBatch(seq=seq, segments=segments))
        )
        message = next(self.responses)
        check(message.WhichOneof("msg") == "ack", "expected an ack, got %r" % message)
        check(message.ack.seq == seq, "expected the ack of seq %d, got %d" % (seq, message.ack.seq))
        return message.ack

    def close(self):
        self.outbox.put(None)
        for _ in self.responses:
            pass


def segment(tenant, allocation, gpus, start, end, shares=()):
    return telemetry_pb2.UsageSegment(
        tenant_id=tenant,
        allocation_id=allocation,
        gpu_uuids=list(gpus),
        start_unix_ms=start,
        end_unix_ms=end,
        source="slurm",
        gpu_shares=list(shares),
        labels={"client": "python"},
    )


def expect_outcomes(name, ack, segments, expected, report):
    """`expected`: per segment "stored", "duplicate", or ("rejected", field, reason substring)."""
    check(len(expected) == len(segments), "%s: one expectation per segment" % name)
    rejected = {r.index: r for r in ack.rejected}
    stored = sum(1 for e in expected if e == "stored")
    outcomes = []
    for i, want in enumerate(expected):
        got = rejected.get(i)
        if isinstance(want, tuple):
            check(got is not None, "%s: segment %d: expected a rejection (%s), got none" % (name, i, want[1]))
            check(got.field == want[1], "%s: segment %d: expected field %r, got %r (%s)" % (name, i, want[1], got.field, got.reason))
            check(want[2] in got.reason, "%s: segment %d: expected the reason to contain %r, got %r" % (name, i, want[2], got.reason))
            outcomes.append({"index": i, "outcome": "rejected", "field": got.field, "reason": got.reason})
        else:
            check(got is None, "%s: segment %d: expected %s, got rejected: %s: %s" % (name, i, want, got and got.field, got and got.reason))
            outcomes.append({"index": i, "outcome": want})
    check(ack.accepted == stored, "%s: expected accepted=%d, got %d" % (name, stored, ack.accepted))
    duplicates = len(segments) - ack.accepted - len(ack.rejected)
    want_duplicates = sum(1 for e in expected if e == "duplicate")
    check(duplicates == want_duplicates, "%s: expected %d duplicates, got %d" % (name, want_duplicates, duplicates))
    report["batches"].append({"name": name, "accepted": ack.accepted, "segments": outcomes})


def main():
    address, agent_token, admin_token, run_id = sys.argv[1:5]
    report = {"batches": []}
    channel = grpc.insecure_channel(address)
    admin = (("authorization", "Bearer " + admin_token),)

    health = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""), timeout=10)
    check(health.status == health_pb2.HealthCheckResponse.SERVING, "expected SERVING, got %r" % health.status)

    tenant = {k: "py-%s-%s" % (k, run_id) for k in ("a", "b", "c")}
    upserted = tenants_pb2_grpc.TenantsStub(channel).Upsert(
        tenants_pb2.UpsertTenantsRequest(
            tenants=[
                tenants_pb2.Tenant(tenant_id=t, legal_name="Python Client Test %s Ltd" % k.upper(), country="NL")
                for k, t in sorted(tenant.items())
            ]
        ),
        metadata=admin,
        timeout=10,
    )
    check(upserted.upserted == 3 and len(upserted.rejected) == 0, "expected 3 tenants upserted, got %r" % upserted)
    report["upserted"] = upserted.upserted

    agent_id = "py-node-%s" % run_id
    spool_id = "py-spool-%s" % run_id
    uuids = ["GPU-py-%s-%d" % (run_id, i) for i in range(8)]
    gpus = [
        telemetry_pb2.Gpu(uuid=u, index=i, name="NVIDIA H100 80GB HBM3", memory_total_bytes=80 << 30)
        for i, u in enumerate(uuids)
    ]
    base = (int(time.time() * 1000) // HOUR) * HOUR - 3 * HOUR
    telemetry = telemetry_pb2_grpc.TelemetryStub(channel)
    a, b, c = tenant["a"], tenant["b"], tenant["c"]

    s = Stream(telemetry, agent_token)
    s.hello(agent_id, spool_id, gpus)

    # seq 1: job-1 holds two GPUs for 10 minutes, one segment listing both.
    batch1 = [segment(a, "job-1", uuids[0:2], base, base + 10 * MINUTE)]
    expect_outcomes("two GPUs in one segment", s.batch(1, batch1), batch1, ["stored"], report)

    # seq 2: job-2's segments out of order: the later one is stored, the earlier one refused.
    batch2 = [
        segment(a, "job-2", uuids[2:3], base + 20 * MINUTE, base + 30 * MINUTE),
        segment(a, "job-2", uuids[2:3], base + 10 * MINUTE, base + 20 * MINUTE),
    ]
    expect_outcomes(
        "out-of-order segments",
        s.batch(2, batch2),
        batch2,
        ["stored", ("rejected", "start_unix_ms", "expected ≥ %s (the end of allocation \"job-2\"'s stored usage" % iso(base + 30 * MINUTE))],
        report,
    )

    # seq 3: one segment per GPU for the same allocation and window: the second overlaps the first.
    batch3 = [
        segment(b, "job-3", uuids[3:4], base, base + 10 * MINUTE),
        segment(b, "job-3", uuids[4:5], base, base + 10 * MINUTE),
    ]
    expect_outcomes(
        "one segment per GPU",
        s.batch(3, batch3),
        batch3,
        ["stored", ("rejected", "start_unix_ms", "expected ≥ %s" % iso(base + 10 * MINUTE))],
        report,
    )

    # seq 4: four sharers of one GPU at 25 % for an hour (one GPU-hour), and two bad share lists.
    batch4 = [segment(c, "share-%d" % i, uuids[5:6], base, base + HOUR, [0.25]) for i in range(4)] + [
        segment(c, "share-bad", uuids[6:7], base, base + HOUR, [1.5]),
        segment(c, "share-count", uuids[6:8], base, base + HOUR, [0.5]),
    ]
    expect_outcomes(
        "shared GPU",
        s.batch(4, batch4),
        batch4,
        ["stored"] * 4
        + [
            ("rejected", "gpu_shares[0]", "expected a share in (0, 1], got 1.5"),
            ("rejected", "gpu_shares", "one per gpu_uuids entry (2), got 1"),
        ],
        report,
    )
    s.close()

    # A reconnect: an exact replay of seq 1 is a quiet duplicate; a lower seq with new content is refused.
    s = Stream(telemetry, agent_token)
    s.hello(agent_id, spool_id, gpus)
    expect_outcomes("exact replay of seq 1", s.batch(1, batch1), batch1, ["duplicate"], report)
    batch_low = [segment(a, "job-4", uuids[7:8], base + 40 * MINUTE, base + 50 * MINUTE)]
    expect_outcomes(
        "lower seq with new content",
        s.batch(2, batch_low),
        batch_low,
        [("rejected", "batch.seq", "expected more than 4 (the last batch stored for spool \"%s\"" % spool_id)],
        report,
    )
    # The shared-GPU batch again under a new seq, with one new segment: replays and the new one.
    batch5 = batch4[0:4] + [segment(c, "share-0", uuids[5:6], base + HOUR, base + HOUR + 30 * MINUTE, [0.5])]
    expect_outcomes("replays with new content", s.batch(5, batch5), batch5, ["duplicate"] * 4 + ["stored"], report)
    s.close()

    query = query_pb2_grpc.QueryStub(channel)
    totals = {}
    for key, want in (("a", 1200 + 600), ("b", 600), ("c", 3600 + 900)):
        usage = query.TenantUsage(query_pb2.TenantUsageRequest(tenant_id=tenant[key]), metadata=admin, timeout=10)
        check(
            usage.total_gpu_seconds == want,
            "tenant %s: expected %s GPU-seconds, got %s" % (tenant[key], want, usage.total_gpu_seconds),
        )
        totals[tenant[key]] = usage.total_gpu_seconds
    report["totals"] = totals
    print(json.dumps(report))


if __name__ == "__main__":
    try:
        main()
    except Mismatch as e:
        print("MISMATCH: %s" % e, file=sys.stderr)
        sys.exit(1)
    except grpc.RpcError as e:
        print("RPC FAILED: %s: %s" % (e.code(), e.details()), file=sys.stderr)
        sys.exit(1)
