#!/usr/bin/env python3
"""Chaos test of a running district stack (scripts/chaos brings one up and runs this).

For a bounded time it runs reads and idempotent writes from many threads and connections, through
the gateway and directly at the three services, while at random it cancels calls (CANCEL 0–3 ms
after the REQUEST), gives calls tiny deadlines (timeout_micros 100–3000), drops connections with
calls in flight, sends a few calls with a huge deadline (timeout_micros 10^16), and SIGKILLs each
service once (its DISTRICT_KILL_COMMAND_<SERVICE>, i.e. `scripts/stack kill NAME`). A write whose
outcome is unknown is sent again with the same idempotency-key until it is acknowledged.

Afterwards it checks that every acknowledged write is there exactly once, that every service is
SERVING and answers plain reads, that the demo figures are what the stack answered before the
chaos, and that no service log says "transaction within a transaction", "Swift runtime failure"
or "Fatal error". Exit status 0 only when every check passes, 1 otherwise, 2 on bad usage.

    eval "$(DISTRICT_STACK_DIR=/tmp/chaos-stack DISTRICT_STACK_PORT_BASE=17100 scripts/stack up)"
    DISTRICT_STACK_DIR=/tmp/chaos-stack clients/python/chaos.py --seconds 60

It reads DISTRICT_GATEWAY_ADDR, DISTRICT_INDICATORS_ADDR, DISTRICT_LAND_CLEARANCE_ADDR,
DISTRICT_FINANCE_ADDR, DISTRICT_TOKEN (admin), DISTRICT_KILL_COMMAND_<SERVICE> (set by
`scripts/stack up`) and DISTRICT_STACK_DIR (the PID files and logs/); against a stack that has no
such directory (compose: scripts/compose-test --chaos), DISTRICT_LOG_COMMAND_<SERVICE> prints each
service's log, and a service that exits on its own is left to the stack's restart policy. Needs `protoc` and the
`protobuf` package, like district_call.py, whose schema loading and frame constants it uses.
"""

import argparse
import collections
import datetime
import json
import os
import random
import socket
import struct
import subprocess
import sys
import threading
import time
import uuid
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import district_call as wire  # noqa: E402  (load_schema, frame kinds, limits)

from google.protobuf import json_format  # noqa: E402

HELLO, REQUEST, RESPONSE, STREAM_MESSAGE, STREAM_END, CANCEL, PING, PONG, GOAWAY = range(1, 10)

STATUS_NAMES = {
    0: "OK", 1: "CANCELLED", 2: "UNKNOWN", 3: "INVALID_ARGUMENT", 4: "DEADLINE_EXCEEDED", 5: "NOT_FOUND",
    6: "ALREADY_EXISTS", 7: "PERMISSION_DENIED", 8: "RESOURCE_EXHAUSTED", 9: "FAILED_PRECONDITION",
    10: "ABORTED", 11: "OUT_OF_RANGE", 12: "UNIMPLEMENTED", 13: "INTERNAL", 14: "UNAVAILABLE",
    15: "DATA_LOSS", 16: "UNAUTHENTICATED",
}
# What a call may legitimately answer while it is being cancelled, timed out or its server killed.
CHAOS_STATUSES = {0, 1, 4, 14}
# A write with one of these outcomes may or may not have been applied: it is sent again.
UNKNOWN_OUTCOMES = {"cancelled", "dropped", "conn_lost", "client_deadline", "goaway", "not_sent"}
UNKNOWN_WRITE_CODES = {1, 2, 4, 13, 14}
LOG_PATTERNS = ["transaction within a transaction", "Swift runtime failure", "Fatal error"]
SERVICES = ["indicators", "land-clearance", "finance", "gateway"]
HEALTH_NAMES = {
    "indicators": "district.indicators.v1.Indicators",
    "land-clearance": "district.landclearance.v1.LandClearance",
    "finance": "district.finance.v1.Finance",
    "gateway": "district.gateway.v1.Gateway",
}
HUGE_TIMEOUT_MICROS = 10 ** 16
NORMAL_TIMEOUT_MICROS = 5_000_000


def status_name(code):
    return STATUS_NAMES.get(code, str(code))


def env_stem(name):
    return name.upper().replace("-", "_")


class ConnLost(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Statistics


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.Counter()
        self.samples = collections.defaultdict(list)
        self.failures = []

    def add(self, *key, n=1):
        with self.lock:
            self.counts[key] += n

    def sample(self, key, text, limit=3):
        with self.lock:
            if len(self.samples[key]) < limit:
                self.samples[key].append(text)

    def fail(self, text):
        with self.lock:
            self.failures.append(text)

    def total(self, *prefix):
        with self.lock:
            return sum(v for k, v in self.counts.items() if k[:len(prefix)] == prefix)

    def by(self, head, position):
        """Sums the counts whose key starts with head, grouped by the key's element at position."""
        out = collections.Counter()
        with self.lock:
            for k, v in self.counts.items():
                if k[0] == head and len(k) > position:
                    out[k[position]] += v
        return out


# --------------------------------------------------------------------------------------------
# The wire: one connection, several calls in flight, no reader thread (its owner reads).


class Conn:
    def __init__(self, address, Frame, agent, connect_timeout=2.0):
        host, _, port = address.rpartition(":")
        self.address = address
        self.sock = socket.create_connection((host.strip("[]"), int(port)), timeout=connect_timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.Frame = Frame
        self.buffer = bytearray()
        self.next_id = 1
        self.dead = False
        self.goaway = False
        hello = Frame(kind=HELLO)
        hello.hello.protocol_version = wire.PROTOCOL_VERSION
        hello.hello.max_frame_bytes = wire.MAX_FRAME_BYTES
        hello.hello.accept_encodings.append("deflate")
        hello.hello.agent = agent
        self.send(self.encode(hello))

    @staticmethod
    def encode(frame):
        body = frame.SerializeToString()
        return struct.pack(">I", len(body)) + body

    def request(self, method, payload, timeout_micros, metadata):
        call_id = self.next_id
        self.next_id += 1
        frame = self.Frame(kind=REQUEST, call_id=call_id, method=method, timeout_micros=timeout_micros,
                           payload=payload)
        for key, value in metadata:
            frame.metadata.add(key=key, value=value)
        return call_id, self.encode(frame)

    def cancel(self, call_id):
        return self.encode(self.Frame(kind=CANCEL, call_id=call_id))

    def send(self, data):
        try:
            self.sock.sendall(data)
        except OSError as error:
            self.dead = True
            raise ConnLost(str(error))

    def read_frame(self, timeout):
        """The next frame, or None when nothing complete arrived within timeout seconds."""
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            if len(self.buffer) >= 4:
                (length,) = struct.unpack(">I", self.buffer[:4])
                if length == 0 or length > wire.MAX_FRAME_BYTES:
                    self.dead = True
                    raise ConnLost(f"the server declared a frame of {length} bytes")
                if len(self.buffer) >= 4 + length:
                    data = bytes(self.buffer[4:4 + length])
                    del self.buffer[:4 + length]
                    frame = self.Frame()
                    frame.ParseFromString(data)
                    if frame.kind == PING:
                        self.send(self.encode(self.Frame(kind=PONG, ping_data=frame.ping_data)))
                        continue
                    return frame
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                self.sock.settimeout(remaining)
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return None
            except OSError as error:
                self.dead = True
                raise ConnLost(str(error))
            if not chunk:
                self.dead = True
                raise ConnLost("the server closed the connection")
            self.buffer += chunk

    def close(self, abort=False):
        self.dead = True
        try:
            if abort:  # RST instead of FIN
                self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.sock.close()
        except OSError:
            pass


class Call:
    """One call and what became of it: `outcome` is "status" (then `code`, `message`, `response`),
    or "cancelled", "dropped", "conn_lost", "client_deadline", "goaway", "not_sent"."""

    def __init__(self, service, method, payload, response_class, metadata, action="normal", offset_us=0,
                 timeout_us=NORMAL_TIMEOUT_MICROS, write=None, label=None):
        self.service = service
        self.method = method
        self.payload = payload
        self.response_class = response_class
        self.metadata = metadata
        self.action = action
        self.offset_us = offset_us
        self.timeout_us = timeout_us
        self.write = write
        self.label = label or method.rsplit("/", 1)[-1]
        self.outcome = None
        self.code = None
        self.message = ""
        self.response = None
        self.decode_error = None
        self.call_id = None

    @property
    def ok(self):
        return self.outcome == "status" and self.code == 0 and self.response is not None


def client_deadline(call):
    if call.timeout_us == 0:
        return 30.0
    if call.timeout_us >= HUGE_TIMEOUT_MICROS:
        return NORMAL_TIMEOUT_MICROS / 1e6 + 2.0
    # The server's own timer should answer DEADLINE_EXCEEDED first; the client gives up a little
    # later on its clock and cancels, as PROTOCOL.md §4 says a client does.
    return call.timeout_us / 1e6 + (0.25 if call.timeout_us < 10_000 else 1.0)


def run_batch(conn, calls, rng):
    """Sends the calls at once on conn and plays their actions; fills in each call's outcome."""
    t0 = time.monotonic()
    data = bytearray()
    pending = {}
    events = []
    for call in calls:
        call.call_id, frame = conn.request(call.method, call.payload, call.timeout_us, call.metadata)
        data += frame
        pending[call.call_id] = call
        call.deadline_at = t0 + client_deadline(call)
        if call.action == "cancel" and call.offset_us == 0:
            data += conn.cancel(call.call_id)  # in the same segment as its REQUEST
            call.outcome = "cancelled"
            del pending[call.call_id]
        elif call.action in ("cancel", "drop"):
            events.append((t0 + call.offset_us / 1e6, call))
    events.sort(key=lambda e: e[0])
    try:
        conn.send(bytes(data))
        if any(c.action == "drop" and c.offset_us == 0 for c in calls):
            conn.close(abort=rng.random() < 0.5)
            for call in pending.values():
                call.outcome = "dropped"
            return
        while pending:
            now = time.monotonic()
            while events and events[0][0] <= now:
                _, call = events.pop(0)
                if call.call_id not in pending:
                    call.late_action = True  # the answer came first
                    continue
                if call.action == "cancel":
                    conn.send(conn.cancel(call.call_id))
                    call.outcome = "cancelled"
                    del pending[call.call_id]
                else:
                    conn.close(abort=rng.random() < 0.5)
                    for other in pending.values():
                        other.outcome = "dropped"
                    return
            for call in list(pending.values()):
                if now >= call.deadline_at:
                    conn.send(conn.cancel(call.call_id))
                    call.outcome = "client_deadline"
                    del pending[call.call_id]
            if not pending:
                break
            wake = min([c.deadline_at for c in pending.values()] + [e[0] for e in events[:1]])
            frame = conn.read_frame(wake - time.monotonic())
            if frame is None:
                continue
            if frame.kind == GOAWAY:
                conn.goaway = True
                for call_id in list(pending):
                    if call_id > frame.last_call_id:
                        pending.pop(call_id).outcome = "goaway"
                continue
            if frame.kind != RESPONSE:
                continue
            call = pending.pop(frame.call_id, None)
            if call is None:
                continue  # an answer to a call given up on: ignored, as §4 says
            call.outcome = "status"
            call.code = frame.status.code
            call.message = frame.status.message
            if call.code == 0:
                try:
                    payload = zlib.decompress(frame.payload) if frame.compressed else frame.payload
                    response = call.response_class()
                    response.ParseFromString(payload)
                    call.response = response
                except Exception as error:  # noqa: BLE001
                    call.decode_error = str(error)
    except ConnLost:
        for call in pending.values():
            call.outcome = "conn_lost"


# --------------------------------------------------------------------------------------------
# The stack under test


class Stack:
    def __init__(self, args):
        self.M = wire.load_schema()
        self.Frame = self.M("district.rpc.v1.Frame")
        self.addresses = {}
        for name in SERVICES:
            address = os.environ.get(f"DISTRICT_{env_stem(name)}_ADDR")
            if not address:
                raise SystemExit(f"chaos: DISTRICT_{env_stem(name)}_ADDR is not set (eval \"$(scripts/stack up)\" first)")
            self.addresses[name] = address
        token = os.environ.get("DISTRICT_TOKEN", "")
        self.auth = [("authorization", f"Bearer {token}")] if token else []
        self.kill_commands = {name: os.environ.get(f"DISTRICT_KILL_COMMAND_{env_stem(name)}") for name in SERVICES}
        # A stack whose logs are not files (compose: `docker-compose logs NAME`) says how to print them.
        self.log_commands = {name: os.environ.get(f"DISTRICT_LOG_COMMAND_{env_stem(name)}") for name in SERVICES}
        self.stack_dir = args.stack_dir or os.environ.get("DISTRICT_STACK_DIR")
        self.locks = {name: threading.Lock() for name in SERVICES}
        self.killing = set()
        self.unresponsive = set()

    def hook_env(self):
        """The environment of a kill hook: scripts/stack's hooks name the service but take the
        stack's directory and port base from the environment, so both are made explicit here (the
        gateway listens on the port base itself)."""
        env = dict(os.environ)
        if self.stack_dir:
            env["DISTRICT_STACK_DIR"] = self.stack_dir
        env.setdefault("DISTRICT_STACK_PORT_BASE", self.addresses["gateway"].rpartition(":")[2])
        return env

    def log_lines(self, name):
        """The service's log as lines: its DISTRICT_LOG_COMMAND_<SERVICE>'s output, else
        $DISTRICT_STACK_DIR/logs/NAME.log; None when neither is known. Raises OSError."""
        command = self.log_commands.get(name)
        if command:
            result = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True, errors="replace",
                                    timeout=60)
            if result.returncode != 0:
                raise OSError(f"`{command}` exited with {result.returncode}: {result.stderr.strip()[-300:]}")
            return result.stdout.splitlines(keepends=True)
        if not self.stack_dir:
            return None
        with open(os.path.join(self.stack_dir, "logs", f"{name}.log"), errors="replace") as f:
            return f.readlines()

    def msg(self, name, **fields):
        message = self.M(name)()
        if fields:
            json_format.ParseDict(fields, message)
        return message

    def pid(self, name):
        if not self.stack_dir:
            return None
        try:
            with open(os.path.join(self.stack_dir, f"{name}.pid")) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def alive(self, name):
        """True, False, or None when it cannot tell (no stack dir)."""
        if not self.stack_dir:
            return None
        pid = self.pid(name)
        if pid is None:
            return False
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("State:"):
                        return "Z" not in line.split(":", 1)[1].split()[0]
        except OSError:
            return False
        return True

    def call(self, service, method, request, response_type, key=None, timeout_us=NORMAL_TIMEOUT_MICROS,
             attempts=20, budget=30.0):
        """A plain call (no chaos) on a fresh connection, retried while UNAVAILABLE or unreachable,
        for at most `attempts` tries and `budget` seconds. A service that gave no answer at all
        for a whole budget is not called again (the checks after it then fail at once)."""
        if service in self.unresponsive:
            raise RuntimeError(f"{service} {method}: not called, {service} did not answer earlier calls")
        metadata = list(self.auth) + ([("idempotency-key", key)] if key else [])
        last = None
        started = time.monotonic()
        for attempt in range(attempts):
            if attempt and time.monotonic() - started >= budget:
                self.unresponsive.add(service)
                break
            call = Call(service, method, request.SerializeToString(), self.M(response_type), metadata,
                        timeout_us=timeout_us)
            try:
                conn = Conn(self.addresses[service], self.Frame, "chaos.py")
            except OSError as error:
                last = f"cannot connect: {error}"
                time.sleep(0.25)
                continue
            try:
                run_batch(conn, [call], random.Random(attempt))
            finally:
                conn.close()
            if call.outcome == "status" and call.code not in (14,):
                return call
            last = f"{call.outcome} {status_name(call.code) if call.code is not None else ''} {call.message}"
            time.sleep(0.25)
        raise RuntimeError(f"{service} {method}: no answer in {time.monotonic() - started:.0f} s ({last})")


# --------------------------------------------------------------------------------------------
# Writes whose effect can be verified exactly


class Write:
    def __init__(self, kind, service, method, request, response_type, key, expect):
        self.kind = kind
        self.service = service
        self.method = method
        self.payload = request.SerializeToString()
        self.response_type = response_type
        self.key = key
        self.expect = expect  # kind-specific: what to find afterwards
        self.state = "new"  # new, pending, acked, exists, rejected
        self.attempts = 0
        self.outcomes = collections.Counter()
        self.last = ""


class Writes:
    """The run's writes: finance collections into per-run sources of a past year, one per
    (source, day) slot, so that each slot's sum shows how often its write was applied; indicator
    measurements of a per-run indicator (its history lists each id); land-clearance projects
    with per-run ids (ListProjects lists each)."""

    def __init__(self, stack, run, year, sources):
        self.stack = stack
        self.run = run
        self.year = year
        self.sources = sources
        self.lock = threading.Lock()
        self.all = []
        self.pending = collections.deque()
        self.counters = collections.Counter()
        self.commune = None
        self.indicator_id = f"chaos-{run}-ind"
        self.capacity = sources * 365

    def source_code(self, index):
        return f"chaos-{self.run}-{index:02d}"

    def setup(self, demo_commune):
        st, Y, run = self.stack, self.year, self.run
        self.commune = demo_commune
        for index in range(self.sources):
            call = st.call("finance", "/district.finance.v1.Finance/SetRevenueSource",
                           st.msg("district.finance.v1.SetRevenueSourceRequest", source={
                               "code": self.source_code(index), "year": Y, "nameVi": f"Nguồn thử hỗn loạn {index}",
                               "nameEn": f"Chaos test source {index}", "countsTowardBalanced": True}),
                           "district.finance.v1.RevenueSource", key=f"chaos-{run}-source-{index}")
            require_ok(call, "finance SetRevenueSource")
        call = st.call("indicators", "/district.indicators.v1.Indicators/CreateResolution",
                       st.msg("district.indicators.v1.CreateResolutionRequest", resolution={
                           "id": f"chaos-{run}", "code": f"CHAOS-{run}/HU", "titleVi": "Nghị quyết thử hỗn loạn",
                           "titleEn": "Chaos test resolution", "issuingBody": "Huyện ủy", "issuedOn": f"{Y - 1}-12-16",
                           "kind": "RESOLUTION_KIND_ANNUAL", "periodFromYear": Y, "periodToYear": Y,
                           "orgUnitId": "vn.long-an.can-giuoc"}),
                       "district.indicators.v1.Resolution", key=f"chaos-{run}-resolution")
        require_ok(call, "indicators CreateResolution")
        call = st.call("indicators", "/district.indicators.v1.Indicators/DefineIndicator",
                       st.msg("district.indicators.v1.DefineIndicatorRequest", indicator={
                           "id": self.indicator_id, "resolutionId": f"chaos-{run}", "code": "CHAOS-01",
                           "nameVi": "Số lần ghi", "nameEn": "Writes", "unit": "count",
                           "direction": "DIRECTION_HIGHER_IS_BETTER", "targetMilli": "1000000",
                           "category": "CATEGORY_ECONOMY", "orgUnitId": "vn.long-an.can-giuoc",
                           "publishedDecimals": 0}),
                       "district.indicators.v1.Indicator", key=f"chaos-{run}-indicator")
        require_ok(call, "indicators DefineIndicator")

    def new(self, rng):
        with self.lock:
            roll = rng.random()
            if roll < 0.6 and self.counters["collection"] < self.capacity:
                kind = "collection"
            elif roll < 0.85:
                kind = "measurement"
            else:
                kind = "project"
            index = self.counters[kind]
            self.counters[kind] += 1
        st, Y, run = self.stack, self.year, self.run
        if kind == "collection":
            source, day = index % self.sources, index // self.sources
            amount = 1_000_000 + index
            on = (datetime.date(Y, 1, 1) + datetime.timedelta(days=day)).isoformat()
            request = st.msg("district.finance.v1.RecordCollectionRequest", collection={
                "id": f"chaos-{run}-c-{index}", "collectedOn": on, "sourceCode": self.source_code(source),
                "amount": {"vnd": str(amount)}, "note": "chaos"})
            write = Write(kind, "finance", "/district.finance.v1.Finance/RecordCollection", request,
                          "district.finance.v1.Collection", f"chaos-{run}-c-{index}",
                          {"id": f"chaos-{run}-c-{index}", "source": source, "day": day, "amount": amount})
        elif kind == "measurement":
            on = (datetime.date(Y, 1, 1) + datetime.timedelta(days=index % 365)).isoformat()
            request = st.msg("district.indicators.v1.RecordMeasurementRequest", measurement={
                "id": f"chaos-{run}-m-{index}", "indicatorId": self.indicator_id, "asOf": on,
                "valueMilli": str(1000 * (index + 1)), "kind": "MEASUREMENT_KIND_CUMULATIVE_ACTUAL", "note": "chaos"})
            write = Write(kind, "indicators", "/district.indicators.v1.Indicators/RecordMeasurement", request,
                          "district.indicators.v1.Measurement", f"chaos-{run}-m-{index}",
                          {"id": f"chaos-{run}-m-{index}"})
        else:
            request = st.msg("district.landclearance.v1.CreateProjectRequest", project={
                "id": f"chaos-{run}-p-{index}", "name": f"Dự án thử hỗn loạn {run} #{index}",
                "kind": "PROJECT_KIND_OTHER", "communeIds": [self.commune], "areaToClear": {"squareMeters": "1"},
                "deadline": f"{Y}-12-31", "compensationBudget": {"vnd": "1"}})
            write = Write(kind, "land-clearance", "/district.landclearance.v1.LandClearance/CreateProject", request,
                          "district.landclearance.v1.Project", f"chaos-{run}-p-{index}",
                          {"id": f"chaos-{run}-p-{index}"})
        with self.lock:
            self.all.append(write)
        return write

    def take_pending(self):
        with self.lock:
            return self.pending.popleft() if self.pending else None

    def settle(self, write, call, stats):
        """Records what an attempt of write answered."""
        write.attempts += 1
        outcome = call.outcome if call.outcome != "status" else status_name(call.code)
        write.outcomes[outcome] += 1
        write.last = f"{outcome} {call.message}".strip()
        if call.outcome == "status" and call.code == 0:
            if call.response is None or getattr(call.response, "id", None) != write.expect["id"]:
                stats.fail(f"{write.kind} {write.key}: OK with an unexpected answer ({call.decode_error or call.response})")
            write.state = "acked"
            stats.add("write_acked", write.kind)
            if write.attempts > 1:
                stats.add("write_acked_on_retry", write.kind)
            return
        if call.outcome == "status" and call.code == 6:
            # The entity is there, but the key did not give back the first answer.
            write.state = "exists"
            stats.fail(f"{write.kind} {write.key}: a retry with the same idempotency-key answered ALREADY_EXISTS "
                       f"({call.message}) instead of the first answer")
            return
        if call.outcome in UNKNOWN_OUTCOMES or (call.outcome == "status" and call.code in UNKNOWN_WRITE_CODES):
            write.state = "pending"
            stats.add("write_unknown", write.kind)
            with self.lock:
                self.pending.append(write)
            return
        write.state = "rejected"
        stats.fail(f"{write.kind} {write.key}: rejected with {status_name(call.code)}: {call.message}")


def require_ok(call, what):
    if not call.ok:
        raise RuntimeError(f"{what}: {status_name(call.code)} {call.message} {call.decode_error or ''}")
    return call.response


# --------------------------------------------------------------------------------------------
# Reads


class Reads:
    """The read calls, per service: the demo's views and the run's own data."""

    def __init__(self, stack, writes, demo_projects):
        st = stack
        self.stack = stack
        Y = writes.year
        article = {"asOf": "2023-11-22", "revenueAsOf": "2023-11-01", "revenueAsOfPrecision": "DATE_PRECISION_EARLY_MONTH"}
        g, f, l, i = "gateway", "finance", "land-clearance", "indicators"
        GW, FI = "/district.gateway.v1.Gateway/", "/district.finance.v1.Finance/"
        LC, IN = "/district.landclearance.v1.LandClearance/", "/district.indicators.v1.Indicators/"
        health = ("/district.health.v1.Health/Check", st.msg("district.health.v1.HealthCheckRequest"),
                  "district.health.v1.HealthCheckResponse")
        self.table = {
            g: [
                (5, GW + "GetOverview", st.msg("district.gateway.v1.GetOverviewRequest", **article), "district.gateway.v1.Overview"),
                (2, GW + "GetOverview", st.msg("district.gateway.v1.GetOverviewRequest", asOf=f"{Y}-12-31"), "district.gateway.v1.Overview"),
                (2, GW + "GetReport", st.msg("district.gateway.v1.GetReportRequest", language="LANGUAGE_VI", **article), "district.gateway.v1.Report"),
                (1, GW + "GetReport", st.msg("district.gateway.v1.GetReportRequest", language="LANGUAGE_EN", **article), "district.gateway.v1.Report"),
                (1,) + health,
            ],
            f: [
                (4, FI + "GetRevenueSummary", st.msg("district.finance.v1.GetRevenueSummaryRequest", year=2023, asOf="2023-11-01", asOfPrecision="DATE_PRECISION_EARLY_MONTH"), "district.finance.v1.RevenueSummary"),
                (2, FI + "GetRevenueSummary", st.msg("district.finance.v1.GetRevenueSummaryRequest", year=Y, asOf=f"{Y}-12-31"), "district.finance.v1.RevenueSummary"),
                (3, FI + "ListLaggingCommunes", st.msg("district.finance.v1.ListLaggingCommunesRequest", year=2023, asOf="2023-11-01", asOfPrecision="DATE_PRECISION_EARLY_MONTH"), "district.finance.v1.ListLaggingCommunesResponse"),
                (1, FI + "GetYearEndProjection", st.msg("district.finance.v1.GetYearEndProjectionRequest", year=2023, asOf="2023-11-22"), "district.finance.v1.YearEndProjection"),
                (1, FI + "GetDisbursement", st.msg("district.finance.v1.GetDisbursementRequest", year=2023, asOf="2023-11-22"), "district.finance.v1.GetDisbursementResponse"),
                (1, FI + "ListRevenueSources", st.msg("district.finance.v1.ListRevenueSourcesRequest", year=2023), "district.finance.v1.ListRevenueSourcesResponse"),
                (1,) + health,
            ],
            l: [
                (3, LC + "GetDistrictTotals", st.msg("district.landclearance.v1.GetDistrictTotalsRequest", asOf="2023-11-22"), "district.landclearance.v1.DistrictTotals"),
                (3, LC + "ListBlockers", st.msg("district.landclearance.v1.ListBlockersRequest", asOf="2023-11-22"), "district.landclearance.v1.ListBlockersResponse"),
                (1, LC + "ListProjects", st.msg("district.landclearance.v1.ListProjectsRequest", keyProjectsOnly=True), "district.landclearance.v1.ListProjectsResponse"),
                (1,) + health,
            ] + [
                (3 / max(1, len(demo_projects)), LC + "GetProjectProgress", st.msg("district.landclearance.v1.GetProjectProgressRequest", projectId=p, asOf="2023-11-22"), "district.landclearance.v1.ProjectProgress")
                for p in demo_projects
            ] + [
                (2 / max(1, len(demo_projects)), LC + "ListBlockers", st.msg("district.landclearance.v1.ListBlockersRequest", projectId=p, asOf="2023-11-22"), "district.landclearance.v1.ListBlockersResponse")
                for p in demo_projects
            ],
            i: [
                (4, IN + "GetScorecard", st.msg("district.indicators.v1.GetScorecardRequest", resolutionId="nq-50-hu-2022", asOf="2023-11-22"), "district.indicators.v1.Scorecard"),
                (1, IN + "ListResolutions", st.msg("district.indicators.v1.ListResolutionsRequest", year=2023), "district.indicators.v1.ListResolutionsResponse"),
                (2, IN + "ListIndicators", st.msg("district.indicators.v1.ListIndicatorsRequest", resolutionId="nq-50-hu-2022"), "district.indicators.v1.ListIndicatorsResponse"),
                (1, IN + "GetIndicator", st.msg("district.indicators.v1.GetIndicatorRequest", id=writes.indicator_id), "district.indicators.v1.GetIndicatorResponse"),
                (1, IN + "GetScorecard", st.msg("district.indicators.v1.GetScorecardRequest", resolutionId=f"chaos-{writes.run}", asOf=f"{Y}-12-31"), "district.indicators.v1.Scorecard"),
                (1,) + health,
            ],
        }
        self.encoded = {
            service: ([w for w, *_ in rows], [(m, r.SerializeToString(), st.M(t)) for _, m, r, t in rows])
            for service, rows in self.table.items()
        }

    def pick(self, service, rng):
        weights, rows = self.encoded[service]
        method, payload, response_class = rng.choices(rows, weights)[0]
        return method, payload, response_class


# --------------------------------------------------------------------------------------------
# The run


class Chaos:
    def __init__(self, args):
        self.args = args
        self.stack = Stack(args)
        self.stats = Stats()
        self.run_id = uuid.uuid4().hex[:10]
        self.writes = Writes(self.stack, self.run_id, args.year, args.sources)
        self.stop = threading.Event()
        self.monitor_stop = threading.Event()
        self.restarts = []  # (service, planned, seconds, ok)
        self.down = set()  # services whose last restart failed
        self.start_time = None

    # --- one call with chaos ------------------------------------------------------------

    def action(self, rng):
        roll = rng.random()
        a = self.args
        if roll < a.cancel_rate:
            return "cancel", rng.randint(0, 3000), NORMAL_TIMEOUT_MICROS
        roll -= a.cancel_rate
        if roll < a.deadline_rate:
            return "deadline", 0, rng.randint(100, 3000)
        roll -= a.deadline_rate
        if roll < a.drop_rate:
            return "drop", rng.randint(0, 3000), NORMAL_TIMEOUT_MICROS
        return "normal", 0, NORMAL_TIMEOUT_MICROS

    def account(self, call):
        st = self.stats
        service = call.service
        st.add("calls", service, call.label)
        if call.action == "deadline":
            st.add("tiny_deadline", service)
        if getattr(call, "late_action", False):
            st.add("late_action", call.action)
        if call.outcome == "status":
            st.add("status", service, call.code)
            if call.code not in CHAOS_STATUSES:
                st.add("unexpected", service, call.code)
                st.sample(("unexpected", service, call.code), f"{call.label}: {call.message}")
            if call.code == 0 and call.response is None:
                st.add("unexpected", service, "undecodable")
                st.sample(("unexpected", service, "undecodable"), f"{call.label}: {call.decode_error}")
            if call.code == 0 and call.response is not None and service == "gateway" and call.label == "GetOverview":
                for section in ("indicators", "land_clearance", "finance"):
                    code = getattr(call.response, section).status.code
                    st.add("section", section, code)
                    if code not in CHAOS_STATUSES:
                        st.add("unexpected", f"gateway/{section}", code)
                        st.sample(("unexpected", f"gateway/{section}", code), getattr(call.response, section).status.message)
        else:
            st.add("outcome", service, call.outcome)

    def worker(self, index):
        rng = random.Random(self.args.seed * 1000 + index)
        conns = {}
        metadata = self.stack.auth
        while not self.stop.is_set():
            service = rng.choices(SERVICES, [1, 1, 1.3, 1.2])[0]
            calls = []
            write = None
            if service != "gateway" and rng.random() < self.args.write_rate:
                write = self.writes.take_pending() if rng.random() < 0.5 else None
                if write is None:
                    write = self.writes.new(rng)
                service = write.service
                act, offset, timeout = self.action(rng)
                calls.append(Call(service, write.method, write.payload, self.stack.M(write.response_type),
                                  metadata + [("idempotency-key", write.key)], act, offset, timeout, write=write,
                                  label=write.method.rsplit("/", 1)[-1]))
            # One to four reads with it, all in flight on the same connection.
            for _ in range(rng.choice([0, 1, 1, 1, 2, 3]) if write else rng.choice([1, 1, 1, 2, 3, 4])):
                method, payload, response_class = self.stack_reads.pick(service, rng)
                act, offset, timeout = self.action(rng)
                calls.append(Call(service, method, payload, response_class, metadata, act, offset, timeout))
            conn = conns.get(service)
            if conn is None or conn.dead or conn.goaway:
                if conn is not None:
                    conn.close()
                try:
                    conn = conns[service] = Conn(self.stack.addresses[service], self.stack.Frame, f"chaos.py/{index}")
                except OSError:
                    conns.pop(service, None)
                    self.stats.add("connect_failed", service)
                    for call in calls:
                        call.outcome = "not_sent"
                        if call.write:
                            self.writes.settle(call.write, call, self.stats)
                    time.sleep(0.05)
                    continue
            run_batch(conn, calls, rng)
            for call in calls:
                self.account(call)
                if call.write:
                    self.writes.settle(call.write, call, self.stats)
            if conn.dead or conn.goaway:
                conn.close()
                conns.pop(service, None)
        for conn in conns.values():
            conn.close()

    # --- kills, crashes and huge deadlines ------------------------------------------------

    def kill(self, service, planned):
        """SIGKILLs the service and starts it again (its DISTRICT_KILL_COMMAND_<SERVICE>); also
        what starts a service again that exited on its own (planned=False)."""
        command = self.stack.kill_commands.get(service)
        if not command:
            self.stats.fail(f"no DISTRICT_KILL_COMMAND_{env_stem(service)}: cannot kill/restart {service}")
            return False
        with self.stack.locks[service]:
            self.stack.killing.add(service)
            started = time.monotonic()
            reason = ""
            try:
                result = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True, timeout=120,
                                        env=self.stack.hook_env())
                ok = result.returncode == 0
                if not ok:
                    lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
                    reason = " | ".join(lines[-3:])[-400:]
                    self.stats.fail(f"`{command}` exited with {result.returncode}: {reason}")
            except subprocess.TimeoutExpired:
                ok, reason = False, "timed out"
                self.stats.fail(f"`{command}` did not finish in 120 s")
            finally:
                self.stack.killing.discard(service)
            seconds = time.monotonic() - started
            self.restarts.append((service, planned, seconds, ok))
            if ok:
                self.down.discard(service)
                self.log(f"{'killed' if planned else 'restarted crashed'} {service}: serving again after {seconds:.1f} s")
            else:
                self.down.add(service)
                self.log(f"{'killing' if planned else 'restarting'} {service} failed after {seconds:.1f} s: {reason}")
            return ok

    def huge_deadline_probe(self, service):
        """A plain read with timeout_micros 10^16 (about 317 years): it must answer as any other."""
        method, payload, response_class = self.stack_reads.pick(service, random.Random(7))
        call = Call(service, method, payload, response_class, self.stack.auth, timeout_us=HUGE_TIMEOUT_MICROS)
        try:
            conn = Conn(self.stack.addresses[service], self.stack.Frame, "chaos.py/huge-deadline")
        except OSError as error:
            self.stats.add("huge_deadline", service, "connect_failed")
            self.log(f"huge-deadline probe of {service}: cannot connect ({error})")
            return
        run_batch(conn, [call], random.Random(0))
        conn.close()
        self.stats.add("calls", service, call.label + " (huge deadline)")
        result = status_name(call.code) if call.outcome == "status" else call.outcome
        self.stats.add("huge_deadline", service, result)
        self.log(f"huge-deadline probe of {service} ({call.label}, timeout_micros=10^16): {result} {call.message}".rstrip())
        if not call.ok:
            self.stats.fail(f"{service} {call.label} with timeout_micros=10^16 answered {result} {call.message}".rstrip())

    def scheduler(self, events):
        probes = []
        for at, what, service in events:
            while not self.stop.is_set() and time.monotonic() < self.start_time + at:
                time.sleep(0.05)
            if self.stop.is_set():
                break
            if what == "kill":
                self.kill(service, planned=True)
            else:  # in a thread of its own: a probe that hangs must not hold up the kills
                probe = threading.Thread(target=self.huge_deadline_probe, args=(service,), daemon=True)
                probe.start()
                probes.append(probe)
        for probe in probes:
            probe.join(timeout=30)

    def monitor(self):
        """Restarts a service that exited on its own (and counts it: a crash fails the run), during
        the chaos and the checks after it."""
        restarting = {}
        tries = collections.Counter()
        given_up = set()
        while not self.monitor_stop.is_set():
            for service in SERVICES:
                if service in restarting:
                    if restarting[service].is_alive():
                        continue
                    del restarting[service]
                if service in given_up or service in self.stack.killing or self.stack.alive(service) is not False:
                    continue
                if not self.stack.locks[service].acquire(blocking=False):
                    continue
                try:
                    if self.stack.alive(service) is not False:
                        continue
                finally:
                    self.stack.locks[service].release()
                tries[service] += 1
                if tries[service] > self.args.max_crash_restarts:
                    given_up.add(service)
                    self.stats.fail(f"{service}: gave up restarting it after {self.args.max_crash_restarts} tries")
                    self.log(f"{service} is down; not restarting it again")
                    continue
                if service in self.down:
                    self.log(f"{service} is down after a failed restart; trying again; its log ends with:\n"
                             f"{self.log_tail(service)}")
                else:
                    self.stats.fail(f"{service} exited on its own (not one of the planned kills)")
                    self.log(f"{service} exited on its own; its log ends with:\n{self.log_tail(service)}")
                # Each in a thread of its own: the gateway serves only once a backend does.
                restarting[service] = threading.Thread(target=self.kill, args=(service, False), daemon=True)
                restarting[service].start()
            time.sleep(0.25)
        for thread in restarting.values():
            thread.join(timeout=120)

    def log_tail(self, service, lines=8):
        try:
            log = self.stack.log_lines(service)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"({error})"
        return "(no DISTRICT_STACK_DIR)" if log is None else "".join(log[-lines:])

    def log(self, text):
        elapsed = time.monotonic() - self.start_time if self.start_time else 0.0
        print(f"chaos: [{elapsed:6.1f} s] {text}", file=sys.stderr, flush=True)

    # --- checks ---------------------------------------------------------------------------

    def demo_views(self):
        """The demo figures the stack answers, as JSON, by name."""
        st = self.stack
        article = {"asOf": "2023-11-22", "revenueAsOf": "2023-11-01", "revenueAsOfPrecision": "DATE_PRECISION_EARLY_MONTH"}
        views = {
            "gateway GetOverview 2023-11-22": ("gateway", "/district.gateway.v1.Gateway/GetOverview",
                                               st.msg("district.gateway.v1.GetOverviewRequest", **article), "district.gateway.v1.Overview"),
            "gateway GetReport vi": ("gateway", "/district.gateway.v1.Gateway/GetReport",
                                     st.msg("district.gateway.v1.GetReportRequest", language="LANGUAGE_VI", **article), "district.gateway.v1.Report"),
            "gateway GetReport en": ("gateway", "/district.gateway.v1.Gateway/GetReport",
                                     st.msg("district.gateway.v1.GetReportRequest", language="LANGUAGE_EN", **article), "district.gateway.v1.Report"),
            "finance GetRevenueSummary 2023 to early November": (
                "finance", "/district.finance.v1.Finance/GetRevenueSummary",
                st.msg("district.finance.v1.GetRevenueSummaryRequest", year=2023, asOf="2023-11-01", asOfPrecision="DATE_PRECISION_EARLY_MONTH"),
                "district.finance.v1.RevenueSummary"),
            "finance ListLaggingCommunes 2023 to early November": (
                "finance", "/district.finance.v1.Finance/ListLaggingCommunes",
                st.msg("district.finance.v1.ListLaggingCommunesRequest", year=2023, asOf="2023-11-01", asOfPrecision="DATE_PRECISION_EARLY_MONTH"),
                "district.finance.v1.ListLaggingCommunesResponse"),
            "land-clearance GetDistrictTotals 2023-11-22": (
                "land-clearance", "/district.landclearance.v1.LandClearance/GetDistrictTotals",
                st.msg("district.landclearance.v1.GetDistrictTotalsRequest", asOf="2023-11-22"), "district.landclearance.v1.DistrictTotals"),
            "land-clearance ListBlockers 2023-11-22": (
                "land-clearance", "/district.landclearance.v1.LandClearance/ListBlockers",
                st.msg("district.landclearance.v1.ListBlockersRequest", asOf="2023-11-22"), "district.landclearance.v1.ListBlockersResponse"),
            "indicators GetScorecard nq-50-hu-2022 2023-11-22": (
                "indicators", "/district.indicators.v1.Indicators/GetScorecard",
                st.msg("district.indicators.v1.GetScorecardRequest", resolutionId="nq-50-hu-2022", asOf="2023-11-22"),
                "district.indicators.v1.Scorecard"),
        }
        out = {}
        for name, (service, method, request, response_type) in views.items():
            call = st.call(service, method, request, response_type, timeout_us=15_000_000)
            if not call.ok:
                out[name] = {"error": f"{status_name(call.code)}: {call.message}"}
            else:
                out[name] = json_format.MessageToDict(call.response)
        return out

    def demo_figures(self, views):
        """The documented demo figures (docs/*.md, Tests/IntegrationTests) in the views."""
        problems = []
        overview = views.get("gateway GetOverview 2023-11-22", {})
        land = overview.get("landClearance", {})
        totals = land.get("totals", {})
        revenue = overview.get("finance", {}).get("revenue", {}).get("total", {})
        card = overview.get("indicators", {}).get("scorecard", {})

        def expect(what, actual, wanted):
            if actual != wanted:
                problems.append(f"{what}: {actual!r}, expected {wanted!r}")

        for section in ("indicators", "landClearance", "finance"):
            expect(f"overview {section} status", overview.get(section, {}).get("status", {}).get("code", "STATUS_CODE_OK"),
                   "STATUS_CODE_OK")
        expect("overview households paid", totals.get("householdsPaid"), 881)
        expect("overview organisations paid", totals.get("organisationsPaid"), 2)
        expect("overview area paid m²", int(totals.get("areaPaid", {}).get("squareMeters", 0)), 1_129_600)
        expect("overview amount paid VND", int(totals.get("amountPaid", {}).get("vnd", 0)), 1_203_750_000_000)
        expect("overview revenue collected VND", int(revenue.get("collected", {}).get("vnd", 0)), 610_700_000_000)
        expect("overview revenue of province bp", int(revenue.get("ofProvinceBp", 0)), 9602)
        expect("overview revenue of council bp", int(revenue.get("ofCouncilBp", 0)), 9483)
        expect("overview lagging communes", len(overview.get("finance", {}).get("laggingCommunes", [])), 3)
        expect("overview scorecard achieved+exceeded/total",
               (card.get("achieved", 0) + card.get("exceeded", 0), card.get("total", 0)), (15, 15))
        summary = views.get("finance GetRevenueSummary 2023 to early November", {})
        expect("finance revenue collected VND", int(summary.get("total", {}).get("collected", {}).get("vnd", 0)), 610_700_000_000)
        vi = views.get("gateway GetReport vi", {}).get("text", "")
        if "ước đến cuối năm đạt và vượt 15/15 chỉ tiêu" not in vi or "gần 113 ha, số tiền trên 1.200 tỉ đồng" not in vi:
            problems.append("the Vietnamese report lacks the article's figures")
        return problems

    def quiet_reads(self, rounds=6, width=12):
        """Plain reads, many at once (so that the pool lends each of its connections), no chaos:
        after the chaos a service must answer them all OK."""
        bad = collections.Counter()
        samples = []
        total = 0
        rng = random.Random(99)
        for service in SERVICES:
            for _ in range(rounds):
                calls = []
                for _ in range(width):
                    method, payload, response_class = self.stack_reads.pick(service, rng)
                    calls.append(Call(service, method, payload, response_class, self.stack.auth,
                                      timeout_us=15_000_000))
                try:
                    conn = Conn(self.stack.addresses[service], self.stack.Frame, "chaos.py/quiet")
                except OSError as error:
                    bad[(service, "connect_failed")] += width
                    total += width
                    samples.append(f"{service}: cannot connect: {error}")
                    continue
                run_batch(conn, calls, rng)
                conn.close()
                answered = sum(1 for call in calls if call.outcome == "status")
                for call in calls:
                    total += 1
                    if not call.ok:
                        result = status_name(call.code) if call.outcome == "status" else call.outcome
                        bad[(service, result)] += 1
                        if len(samples) < 6:
                            samples.append(f"{service} {call.label}: {result} {call.message}")
                    elif service == "gateway" and call.label == "GetOverview":
                        for section in ("indicators", "land_clearance", "finance"):
                            status = getattr(call.response, section).status
                            if status.code != 0:
                                bad[(f"gateway/{section}", status_name(status.code))] += 1
                                if len(samples) < 6:
                                    samples.append(f"gateway GetOverview {section}: {status_name(status.code)} {status.message}")
                if not answered:
                    samples.append(f"{service}: no answer to {width} calls at once; not read further")
                    break
        return total, bad, samples

    def resolve_writes(self, seconds):
        """Sends each write whose outcome is unknown again, same key, no chaos, until OK."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            write = self.writes.take_pending()
            if write is None:
                return True
            call = Call(write.service, write.method, write.payload, self.stack.M(write.response_type),
                        self.stack.auth + [("idempotency-key", write.key)], timeout_us=NORMAL_TIMEOUT_MICROS)
            try:
                conn = Conn(self.stack.addresses[write.service], self.stack.Frame, "chaos.py/resolve")
            except OSError:
                call.outcome = "not_sent"
                self.writes.settle(write, call, self.stats)
                time.sleep(0.1)
                continue
            run_batch(conn, [call], random.Random(1))
            conn.close()
            self.stats.add("resolve_attempts", write.kind)
            self.writes.settle(write, call, self.stats)
            if write.state == "acked":
                self.stats.add("resolved", write.kind)
            elif write.state == "pending":
                time.sleep(0.02)
        return not self.writes.pending

    def verify_writes(self):
        """Finds every write; returns {kind: (expected, found_once, problems)}."""
        st, w = self.stack, self.writes
        report = {}
        # Finance: per (source, day) slot, the day's sum of the source is its write's amount.
        collections_ = [x for x in w.all if x.kind == "collection"]
        expected = [x for x in collections_ if x.state in ("acked", "exists")]
        problems = []
        days = max([x.expect["day"] for x in collections_], default=-1) + 1
        cumulative = []
        for day in range(days):
            on = (datetime.date(w.year, 1, 1) + datetime.timedelta(days=day)).isoformat()
            call = st.call("finance", "/district.finance.v1.Finance/GetRevenueSummary",
                           st.msg("district.finance.v1.GetRevenueSummaryRequest", year=w.year, asOf=on),
                           "district.finance.v1.RevenueSummary", timeout_us=15_000_000)
            if not call.ok:
                problems.append(f"GetRevenueSummary {w.year} as of {on}: {status_name(call.code)} {call.message}")
                cumulative = None
                break
            cumulative.append({line.key: line.collected.vnd for line in call.response.by_source})
        found_once = 0
        if cumulative is not None:
            for x in collections_:
                code, day = w.source_code(x.expect["source"]), x.expect["day"]
                applied = cumulative[day].get(code, 0) - (cumulative[day - 1].get(code, 0) if day else 0)
                times = applied / x.expect["amount"]
                if x.state in ("acked", "exists"):
                    if applied == x.expect["amount"]:
                        found_once += 1
                    else:
                        problems.append(f"collection {x.key} (acknowledged): applied {times:g} times "
                                        f"({applied} VND of source {code} on day {day}, expected {x.expect['amount']})")
                elif applied not in (0, x.expect["amount"]):
                    problems.append(f"collection {x.key} ({x.state}): applied {times:g} times")
            # Nothing but the run's writes in its sources; the year's total is their sum.
            used = {(w.source_code(x.expect["source"]), x.expect["day"]) for x in collections_}
            for day in range(days):
                for s in range(w.sources):
                    code = w.source_code(s)
                    applied = cumulative[day].get(code, 0) - (cumulative[day - 1].get(code, 0) if day else 0)
                    if applied and (code, day) not in used:
                        problems.append(f"{applied} VND in {code} on day {day}, where no write went")
            call = st.call("finance", "/district.finance.v1.Finance/GetRevenueSummary",
                           st.msg("district.finance.v1.GetRevenueSummaryRequest", year=w.year, asOf=f"{w.year}-12-31"),
                           "district.finance.v1.RevenueSummary", timeout_us=15_000_000)
            if call.ok:
                total = sum(line.collected.vnd for line in call.response.by_source if line.key.startswith(f"chaos-{w.run}-"))
                want = sum(x.expect["amount"] for x in expected)
                self.finance_total = (total, want)
                if total != want:
                    problems.append(f"the run's sources hold {total} VND for {w.year}, the acknowledged collections {want}")
            else:
                problems.append(f"GetRevenueSummary {w.year}: {status_name(call.code)} {call.message}")
        report["collection"] = (len(expected), found_once, problems)

        # Indicators: the indicator's history lists each measurement once.
        measurements = [x for x in w.all if x.kind == "measurement"]
        expected = [x for x in measurements if x.state in ("acked", "exists")]
        problems = []
        found_once = 0
        call = st.call("indicators", "/district.indicators.v1.Indicators/GetIndicator",
                       st.msg("district.indicators.v1.GetIndicatorRequest", id=w.indicator_id),
                       "district.indicators.v1.GetIndicatorResponse", timeout_us=15_000_000)
        if call.ok:
            seen = collections.Counter(m.id for m in call.response.history)
            attempted = {x.key for x in measurements}
            for x in measurements:
                n = seen.get(x.key, 0)
                if x.state in ("acked", "exists"):
                    if n == 1:
                        found_once += 1
                    else:
                        problems.append(f"measurement {x.key} (acknowledged): listed {n} times")
                elif n > 1:
                    problems.append(f"measurement {x.key} ({x.state}): listed {n} times")
            for mid, n in seen.items():
                if mid not in attempted:
                    problems.append(f"measurement {mid} in the history, never written")
        else:
            problems.append(f"GetIndicator {w.indicator_id}: {status_name(call.code)} {call.message}")
        report["measurement"] = (len(expected), found_once, problems)

        # Land clearance: ListProjects lists each project once.
        projects = [x for x in w.all if x.kind == "project"]
        expected = [x for x in projects if x.state in ("acked", "exists")]
        problems = []
        found_once = 0
        seen = collections.Counter()
        token = ""
        for _ in range(1000):
            call = st.call("land-clearance", "/district.landclearance.v1.LandClearance/ListProjects",
                           st.msg("district.landclearance.v1.ListProjectsRequest", page={"pageSize": 1000, "pageToken": token}),
                           "district.landclearance.v1.ListProjectsResponse", timeout_us=15_000_000)
            if not call.ok:
                problems.append(f"ListProjects: {status_name(call.code)} {call.message}")
                seen = None
                break
            seen.update(p.id for p in call.response.projects)
            token = call.response.page.next_page_token
            if not token:
                break
        if seen is not None:
            attempted = {x.key for x in projects}
            for x in projects:
                n = seen.get(x.key, 0)
                if x.state in ("acked", "exists"):
                    if n == 1:
                        found_once += 1
                    else:
                        problems.append(f"project {x.key} (acknowledged): listed {n} times")
                elif n > 1:
                    problems.append(f"project {x.key} ({x.state}): listed {n} times")
            for pid, n in seen.items():
                if pid.startswith(f"chaos-{w.run}-") and pid not in attempted:
                    problems.append(f"project {pid} listed, never written")
        report["project"] = (len(expected), found_once, problems)
        return report

    def health(self):
        out = {}
        for service in SERVICES:
            for name in ("", HEALTH_NAMES[service]):
                try:
                    call = self.stack.call(service, "/district.health.v1.Health/Check",
                                           self.stack.msg("district.health.v1.HealthCheckRequest", service=name),
                                           "district.health.v1.HealthCheckResponse", timeout_us=2_000_000, attempts=3)
                    result = (self.stack.M("district.health.v1.HealthCheckResponse").ServingStatus.Name(call.response.status)
                              if call.ok else f"{status_name(call.code)} {call.message}")
                except RuntimeError as error:
                    result = str(error)
                out[(service, name)] = result
        return out

    def scan_logs(self):
        found = collections.Counter()
        examples = {}
        for service in SERVICES:
            try:
                log = self.stack.log_lines(service)
            except (OSError, subprocess.TimeoutExpired):
                found[(service, "(no log)")] += 1
                continue
            if log is None:
                return None, {}
            for line in log:
                for pattern in LOG_PATTERNS:
                    if pattern in line:
                        found[(service, pattern)] += 1
                        examples.setdefault((service, pattern), line.strip()[:300])
        return found, examples

    def wait_serving(self, seconds=60):
        end = time.monotonic() + seconds
        for service in SERVICES:
            while True:
                if time.monotonic() >= end:
                    raise RuntimeError(f"{service} is not SERVING {seconds} s after the chaos")
                try:
                    call = self.stack.call(service, "/district.health.v1.Health/Check",
                                           self.stack.msg("district.health.v1.HealthCheckRequest"),
                                           "district.health.v1.HealthCheckResponse", timeout_us=2_000_000, attempts=1)
                    if call.ok and call.response.status == 1:
                        break
                except RuntimeError:
                    pass
                time.sleep(0.25)

    # --- the whole run --------------------------------------------------------------------

    def main(self):
        a = self.args
        st = self.stack
        self.start_time = self.begin = time.monotonic()
        self.log(f"run {self.run_id}: {a.seconds} s, {a.threads} threads, seed {a.seed}, writes into {a.year}")
        projects = require_ok(st.call("land-clearance", "/district.landclearance.v1.LandClearance/ListProjects",
                                      st.msg("district.landclearance.v1.ListProjectsRequest", page={"pageSize": 1000}),
                                      "district.landclearance.v1.ListProjectsResponse"), "ListProjects").projects
        demo_projects = [p.id for p in projects if not p.id.startswith("chaos-")]
        commune = next((p.commune_ids[0] for p in projects if p.commune_ids), "vn.long-an.can-giuoc.tan-tap")
        self.writes.setup(commune)
        self.stack_reads = Reads(st, self.writes, demo_projects)
        # A stack just (re)started may still be connecting the gateway to a backend (its reconnect
        # backoff): the demo figures must be right within 30 s, not on the first try.
        settle_by = time.monotonic() + 30
        while True:
            before = self.demo_views()
            problems = self.demo_figures(before)
            if not problems or time.monotonic() >= settle_by:
                break
            time.sleep(1)
        if problems:
            for p in problems:
                self.log(f"before the chaos: {p}")
            self.log("the stack does not answer the demo figures before the chaos (is the demo seeded?)")
            return 1

        rng = random.Random(a.seed)
        events = []
        if not a.no_kill:
            # Each service once, in the first 60 % of the run, so that the chaos goes on long after
            # the last restart (a restart would hide what the chaos did to a service before it).
            order = SERVICES[:]
            rng.shuffle(order)
            span = a.seconds * 0.45
            for n, service in enumerate(order):
                events.append((a.seconds * 0.15 + span * (n + rng.random() * 0.8) / len(order), "kill", service))
        # One service at a time, some seconds apart, early in the run: a service the probe
        # crashes is restarted, and the chaos then goes on long enough after it to do its harm.
        probes = [service for service in SERVICES for _ in range(a.huge_deadline_probes)]
        rng.shuffle(probes)
        for n, service in enumerate(probes):
            events.append((a.seconds * (0.03 + 0.12 * (n + rng.random() * 0.5) / len(probes)), "huge", service))
        events.sort()

        self.log("chaos starts")
        chaos_start = time.monotonic()
        self.start_time = chaos_start
        threads = [threading.Thread(target=self.worker, args=(n,), daemon=True) for n in range(a.threads)]
        helpers = [threading.Thread(target=self.scheduler, args=(events,), daemon=True),
                   threading.Thread(target=self.monitor, daemon=True)]
        for t in threads + helpers:
            t.start()
        last_report = chaos_start
        while time.monotonic() < chaos_start + a.seconds:
            time.sleep(0.2)
            if time.monotonic() - last_report >= 10:
                last_report = time.monotonic()
                unexpected = self.stats.total("unexpected")
                self.log(f"{self.stats.total('calls')} calls, {unexpected} unexpected statuses, "
                         f"{sum(1 for x in self.writes.all if x.state == 'acked')} writes acknowledged")
        self.stop.set()
        for t in threads:
            t.join(timeout=30)
        helpers[0].join(timeout=90)
        chaos_seconds = time.monotonic() - chaos_start
        self.log(f"chaos over after {chaos_seconds:.1f} s; checking")

        # The monitor goes on restarting a service that crashed (a crash can take seconds to end,
        # while the runtime prints its backtrace), so that the checks can read from every service.
        def check(what, default, body):
            try:
                return body()
            except Exception as error:  # noqa: BLE001  (a check that cannot run is a failed check)
                self.stats.fail(f"{what}: {error}")
                self.log(f"{what}: {error}")
                return default

        check("waiting until every service serves", None, self.wait_serving)
        quiet_total, quiet_bad, quiet_samples = check(
            "plain reads after the chaos", (0, collections.Counter(), []), self.quiet_reads)
        check("resolving writes with unknown outcomes", False, lambda: self.resolve_writes(a.resolve_seconds))
        empty = {kind: (0, 0, ["not verified"]) for kind in ("collection", "measurement", "project")}
        write_report = check("verifying the writes", empty, self.verify_writes)
        after = check("reading the demo figures after the chaos", {}, self.demo_views)
        health = check("health checks", {}, self.health)
        self.monitor_stop.set()
        helpers[1].join(timeout=90)
        logs, log_examples = check("scanning the logs", (None, {}), self.scan_logs)
        return self.summary(chaos_seconds, quiet_total, quiet_bad, quiet_samples, write_report,
                            before, after, health, logs, log_examples)

    def summary(self, chaos_seconds, quiet_total, quiet_bad, quiet_samples, write_report, before,
                after, health, logs, log_examples):
        s = self.stats
        failures = list(s.failures)
        p = print
        p("")
        p(f"=== chaos run {self.run_id}: {chaos_seconds:.1f} s, {self.args.threads} threads ===")
        calls = s.by("calls", 1)
        p(f"calls made: {s.total('calls')}  ({', '.join(f'{k} {v}' for k, v in sorted(calls.items()))})")
        outcomes = s.by("outcome", 2)
        late = s.by("late_action", 1)
        p(f"cancelled (CANCEL sent before an answer): {outcomes.get('cancelled', 0)}; "
          f"answered before the planned CANCEL: {late.get('cancel', 0)}")
        p(f"dropped (connection closed with the call in flight): {outcomes.get('dropped', 0)}; "
          f"answered before the planned drop: {late.get('drop', 0)}")
        p(f"tiny deadlines (timeout_micros 100-3000): {s.total('tiny_deadline')}; "
          f"given up on the client's clock: {outcomes.get('client_deadline', 0)}")
        p(f"lost with the connection (server closed or killed): {outcomes.get('conn_lost', 0)}; "
          f"refused after GOAWAY: {outcomes.get('goaway', 0)}; connect failures: {s.total('connect_failed')}")
        p("answers by status:")
        for service in SERVICES:
            codes = collections.Counter()
            with s.lock:
                for k, v in s.counts.items():
                    if k[0] == "status" and k[1] == service:
                        codes[k[2]] += v
            p(f"  {service:15} " + ", ".join(f"{status_name(c)} {n}" for c, n in sorted(codes.items())))
        sections = collections.Counter()
        with s.lock:
            for k, v in s.counts.items():
                if k[0] == "section":
                    sections[(k[1], k[2])] += v
        if sections:
            p("  gateway overview sections: " + ", ".join(
                f"{sec} {status_name(c)} {n}" for (sec, c), n in sorted(sections.items())))
        unexpected = collections.Counter()
        with s.lock:
            for k, v in s.counts.items():
                if k[0] == "unexpected":
                    unexpected[(k[1], k[2])] += v
        if unexpected:
            p("unexpected answers (not OK/CANCELLED/DEADLINE_EXCEEDED/UNAVAILABLE):")
            for (service, code), n in sorted(unexpected.items(), key=lambda kv: str(kv[0])):
                name = status_name(code) if isinstance(code, int) else code
                p(f"  {service} {name}: {n}")
                for text in s.samples.get(("unexpected", service, code), []):
                    p(f"      e.g. {text[:200]}")
                failures.append(f"{n} unexpected {name} answers from {service} during the chaos")
        p(f"restarts: {sum(1 for r in self.restarts if r[1])} planned SIGKILLs "
          f"({', '.join(f'{r[0]} {r[2]:.1f} s' for r in self.restarts if r[1]) or 'none'}), "
          f"{sum(1 for r in self.restarts if not r[1])} after a crash")
        huge = collections.Counter()
        with s.lock:
            for k, v in s.counts.items():
                if k[0] == "huge_deadline":
                    huge[(k[1], k[2])] += v
        if huge:
            p("huge deadlines (timeout_micros 10^16): " + ", ".join(f"{sv} {r} {n}" for (sv, r), n in sorted(huge.items())))
        if not self.args.no_kill:
            killed = {r[0] for r in self.restarts if r[1] and r[3]}
            for service in SERVICES:
                if service not in killed:
                    failures.append(f"{service} was not killed and restarted during the run")

        p("writes:")
        for kind in ("collection", "measurement", "project"):
            writes = [x for x in self.writes.all if x.kind == kind]
            states = collections.Counter(x.state for x in writes)
            expected, found, problems = write_report[kind]
            retried = sum(1 for x in writes if x.attempts > 1)
            p(f"  {kind:12} attempted {len(writes)}, acknowledged {states.get('acked', 0)} "
              f"(after a retry {s.total('write_acked_on_retry', kind)}, in the final resolution {s.total('resolved', kind)}), "
              f"sent more than once {retried}, unresolved {states.get('pending', 0) + states.get('new', 0)}, "
              f"found exactly once {found}/{expected}")
            for text in problems[:8]:
                p(f"      {text}")
            if len(problems) > 8:
                p(f"      … and {len(problems) - 8} more")
            failures += [f"{kind}: {text}" for text in problems]
            if found != expected:
                failures.append(f"{kind}: {expected - found} acknowledged writes not found exactly once")
            unresolved = [x for x in writes if x.state in ("pending", "new")]
            if unresolved:
                failures.append(f"{kind}: {len(unresolved)} writes still without an OK after {self.args.resolve_seconds} s "
                                f"of retries with their keys (e.g. {unresolved[0].key}: {unresolved[0].last})")
        if hasattr(self, "finance_total"):
            p(f"  collections: the run's sources hold {self.finance_total[0]} VND; acknowledged {self.finance_total[1]} VND")

        p(f"plain reads after the chaos: {quiet_total}, failures {sum(quiet_bad.values())}"
          + (" (" + ", ".join(f"{sv} {r} {n}" for (sv, r), n in sorted(quiet_bad.items())) + ")" if quiet_bad else ""))
        for text in quiet_samples:
            p(f"      e.g. {text[:200]}")
        if quiet_bad:
            failures.append(f"{sum(quiet_bad.values())} failures in {quiet_total} plain reads after the chaos "
                            f"(calls and gateway sections not OK)")

        p("health:")
        for (service, name), result in health.items():
            p(f"  {service:15} {name or '(server)':40} {result}")
            if result != "SERVING_STATUS_SERVING":
                failures.append(f"{service} health {name or '(server)'}: {result}")

        changed = [name for name in before if before[name] != after.get(name)]
        figure_problems = self.demo_figures(after)
        p(f"demo figures: {len(before) - len(changed)}/{len(before)} views as before the chaos"
          + (f"; changed: {', '.join(changed)}" if changed else ""))
        overview = after.get("gateway GetOverview 2023-11-22", {})
        totals = overview.get("landClearance", {}).get("totals", {})
        revenue = overview.get("finance", {}).get("revenue", {}).get("total", {})
        card = overview.get("indicators", {}).get("scorecard", {})
        p(f"  overview: {totals.get('householdsPaid')} households, {totals.get('organisationsPaid')} organisations, "
          f"{totals.get('areaPaid', {}).get('squareMeters')} m², {totals.get('amountPaid', {}).get('vnd')} VND paid; "
          f"revenue {revenue.get('collected', {}).get('vnd')} VND ({revenue.get('ofProvinceBp')}/{revenue.get('ofCouncilBp')} bp); "
          f"scorecard {card.get('achieved', 0) + card.get('exceeded', 0)}/{card.get('total')}")
        for text in figure_problems:
            p(f"      {text}")
        failures += [f"demo view changed by the chaos: {name}" for name in changed]
        failures += [f"demo figure: {text}" for text in figure_problems]

        if logs is None:
            p("logs: neither DISTRICT_STACK_DIR nor DISTRICT_LOG_COMMAND_<SERVICE> is set, not scanned")
            failures.append("the services' logs were not scanned (no DISTRICT_STACK_DIR or DISTRICT_LOG_COMMAND_<SERVICE>)")
        else:
            p("logs: " + (", ".join(f"{sv} {pat!r} {n}" for (sv, pat), n in sorted(logs.items())) or "none of "
                          + ", ".join(repr(x) for x in LOG_PATTERNS)))
            for key, line in log_examples.items():
                p(f"      e.g. {key[0]}: {line}")
            failures += [f"{sv} log: {n} lines with {pat!r}" for (sv, pat), n in sorted(logs.items())]

        p(f"time: {time.monotonic() - self.begin:.1f} s in all (setup, {chaos_seconds:.1f} s of chaos, checks)")
        p("")
        if failures:
            p(f"FAILED: {len(failures)} problems")
            for text in failures[:40]:
                p(f"  - {text}")
            if len(failures) > 40:
                p(f"  … and {len(failures) - 40} more")
            return 1
        p("PASSED: every check")
        return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long the chaos lasts (60)")
    parser.add_argument("--threads", type=int, default=12, help="worker threads, each with its own connections (12)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (printed; default: random)")
    parser.add_argument("--year", type=int, default=2010,
                        help="the year the run's collections, measurements and projects go to (2010: a past year, "
                             "since nothing is recorded before it happens, and more than three years before the "
                             "demo's 2023, so that no seasonal share the demo figures use counts it)")
    parser.add_argument("--sources", type=int, default=32, help="revenue sources the run creates (32)")
    parser.add_argument("--write-rate", type=float, default=0.3, help="share of batches that carry a write")
    parser.add_argument("--cancel-rate", type=float, default=0.15, help="share of calls cancelled 0-3 ms in")
    parser.add_argument("--deadline-rate", type=float, default=0.15, help="share of calls with a 100-3000 µs deadline")
    parser.add_argument("--drop-rate", type=float, default=0.07, help="share of calls whose connection is dropped")
    parser.add_argument("--huge-deadline-probes", type=int, default=1,
                        help="calls with timeout_micros 10^16 per service during the run (1; 0 = none)")
    parser.add_argument("--no-kill", action="store_true", help="do not SIGKILL the services")
    parser.add_argument("--max-crash-restarts", type=int, default=3,
                        help="how often a service that exits on its own is started again (3)")
    parser.add_argument("--resolve-seconds", type=float, default=30,
                        help="how long to retry writes with unknown outcomes after the chaos (30)")
    parser.add_argument("--stack-dir", help="the stack's state directory (default $DISTRICT_STACK_DIR)")
    args = parser.parse_args()
    if args.seed is None:
        args.seed = random.randrange(1 << 30)
    chaos = Chaos(args)
    try:
        return chaos.main()
    except RuntimeError as error:
        print(f"chaos: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
