#!/usr/bin/env python3
"""Writes the seed corpora of the fuzzers (Fuzz/Corpus/<target>/) and their dictionary.

The frames are encoded here by hand from proto/district/rpc/v1/frame.proto, independently of
the Swift code, as clients/python/district_call.py does; the input formats are those described
in Fuzz/Sources/FuzzSupport/FrameDecoderHarness.swift and ServerConnectionHarness.swift.
Deterministic: running it again rewrites the same files.

    python3 Fuzz/make-corpus.py
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

# FrameKind
HELLO, REQUEST, RESPONSE, STREAM_MESSAGE, STREAM_END, CANCEL, PING, PONG, GOAWAY = range(1, 10)

HEALTH_CHECK = "/district.health.v1.Health/Check"
HEALTH_WATCH = "/district.health.v1.Health/Watch"
ECHO = "/district.fuzz.v1.Echo/"
READER, EDITOR, ADMIN = "fuzz-reader-token-0001", "fuzz-editor-token-0001", "fuzz-admin-token-00001"
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def key(number, wire):
    return varint(number << 3 | wire)


def uint(number, value):
    return key(number, 0) + varint(value) if value else b""


def blob(number, value):
    if isinstance(value, str):
        value = value.encode()
    return key(number, 2) + varint(len(value)) + value


def hello(max_frame_bytes=4 << 20, encodings=("deflate",), version=1, agent="fuzz-seed"):
    body = uint(1, version) + uint(2, max_frame_bytes) + uint(3, 0)
    body += b"".join(blob(4, e) for e in encodings) + blob(5, agent)
    return uint(2, HELLO) + blob(9, body)


def metadata(pairs):
    return b"".join(blob(5, blob(1, k) + blob(2, v)) for k, v in pairs)


def request(call_id, method, payload=b"", timeout_micros=0, meta=(), compressed=False):
    frame = uint(1, call_id) + uint(2, REQUEST) + blob(3, method) + uint(4, timeout_micros)
    frame += metadata(meta)
    if compressed:
        frame += uint(7, 1)
        payload = zlib.compress(payload)
    if payload:
        frame += blob(8, payload)
    return frame


def status(code, message="", details=()):
    body = uint(1, code) + (blob(2, message) if message else b"")
    body += b"".join(blob(3, blob(1, k) + blob(2, v)) for k, v in details)
    return blob(6, body)


def cancel(call_id):
    return uint(1, call_id) + uint(2, CANCEL)


def ping(data):
    return uint(2, PING) + uint(10, data)


def item(name="", amount=0):
    return (blob(1, name) if name else b"") + uint(2, amount)


def health_request(service=""):
    return blob(1, service) if service else b""


def prefixed(*frames):
    return b"".join(struct.pack(">I", len(f)) + f for f in frames)


# --- the server's records (ServerConnectionHarness) ----------------------------------------
def op_frame(body):
    return b"\x00" + struct.pack(">H", len(body)) + body


def op_split(body, at):
    return b"\x01" + bytes([at]) + struct.pack(">H", len(body)) + body


def op_raw(data):
    return b"\x02" + bytes([len(data)]) + data


def op_time_10ms(t):
    return b"\x03" + bytes([t])


def op_time_s(t):
    return b"\x04" + bytes([t])


OP_WRITABILITY, OP_DRAIN, OP_SETTLE, OP_CLOSE = b"\x05", b"\x06", b"\x08", b"\x09"


def op_health(value):
    return b"\x07" + bytes([value])


# Configuration bits: 1 tokens; 2–4 calls per connection (1024, 1, 2, 4); 8 compress all;
# 16 a default timeout of 1 s.
AUTH, ONE_CALL, COMPRESS_ALL, DEFAULT_TIMEOUT = 0x01, 0x02, 0x08, 0x10


def server_seeds():
    h = op_frame(hello())
    return {
        "health-check": bytes([0]) + h + op_frame(request(1, HEALTH_CHECK, health_request()))
        + op_frame(request(2, HEALTH_CHECK, health_request("no.such.Service"))) + op_frame(ping(7)),
        "echo-and-stream": bytes([0]) + h + op_frame(request(1, ECHO + "Echo", item("hello", 3)))
        + op_frame(request(2, ECHO + "Count", item("n", 3))) + OP_SETTLE,
        "deadline": bytes([0]) + h + op_frame(request(1, ECHO + "Hang", timeout_micros=50_000)) + op_time_10ms(10),
        "cancel": bytes([0]) + h + op_frame(request(1, ECHO + "Hang")) + op_frame(cancel(1))
        + op_frame(request(2, ECHO + "Count", item("hang", 2))) + OP_SETTLE + op_frame(cancel(2)) + OP_SETTLE,
        "compressed": bytes([COMPRESS_ALL]) + h
        + op_frame(request(1, ECHO + "Echo", item("compressed " * 20), compressed=True))
        + op_frame(request(2, ECHO + "Big", item(amount=20_000)))
        + op_frame(request(3, ECHO + "Echo", b"\x78\x9c\x01\x02", compressed=False))
        + op_frame(uint(1, 4) + uint(2, REQUEST) + blob(3, ECHO + "Echo") + uint(7, 1) + blob(8, b"not zlib")),
        "watch-and-drain": bytes([0]) + h + op_frame(request(1, HEALTH_WATCH, health_request()))
        + OP_SETTLE + op_health(4) + OP_SETTLE + op_health(3) + OP_SETTLE + OP_DRAIN + OP_SETTLE,
        "tokens": bytes([AUTH]) + h
        + op_frame(request(1, ECHO + "Write", item("w"), meta=[("authorization", "Bearer " + EDITOR)]))
        + op_frame(request(2, ECHO + "Echo", item("no token")))
        + op_frame(request(3, ECHO + "Write", item("w"), meta=[("authorization", "Bearer " + READER)]))
        + op_frame(request(4, ECHO + "Describe", meta=[
            ("authorization", "Bearer " + ADMIN), ("traceparent", TRACEPARENT), ("idempotency-key", "k-1"),
            ("X-Upper", "v")], timeout_micros=5_000_000))
        + op_frame(request(5, HEALTH_CHECK, meta=[("authorization", "Basic abc")])),
        "writability": bytes([0]) + h + op_frame(request(1, ECHO + "Count", item("w", 10)))
        + OP_WRITABILITY + OP_SETTLE + OP_WRITABILITY + OP_SETTLE,
        "stalled-frame": bytes([0]) + h + op_raw(struct.pack(">I", 40) + b"partial") + op_time_s(11),
        "no-hello": bytes([0]) + op_frame(request(1, HEALTH_CHECK)),
        "hello-timeout": bytes([0]) + op_time_s(11),
        "idle-timeout": bytes([0]) + h + op_frame(ping(1)) + op_time_s(130),
        "small-peer-frames": bytes([0]) + op_frame(hello(max_frame_bytes=1000, encodings=()))
        + op_frame(request(1, ECHO + "Big", item(amount=100_000)))
        + op_frame(request(2, ECHO + "Count", item("x" * 2000, 2))) + OP_SETTLE,
        "errors": bytes([0]) + h + op_frame(request(1, ECHO + "Echo", item(amount=-1)))
        + op_frame(request(2, ECHO + "Echo", item("rpc-error")))
        + op_frame(request(3, "/no.such.Service/Method"))
        + op_frame(request(4, ECHO + "Echo", b"\xff\xff\xff"))
        + op_frame(request(5, ECHO + "Count", item("fail", 2))) + OP_SETTLE,
        "other-kinds": bytes([0]) + h + op_frame(uint(1, 9) + uint(2, 42)) + op_frame(uint(2, PONG) + uint(10, 3))
        + op_frame(uint(2, GOAWAY) + uint(11, 0)) + op_frame(uint(2, RESPONSE)),
        "split-frames": bytes([0]) + op_split(hello(), 3) + op_split(request(1, HEALTH_CHECK), 9)
        + op_split(ping(99), 1) + op_frame(request(2, ECHO + "Echo", item("after splits"))),
        "default-timeout": bytes([DEFAULT_TIMEOUT]) + h + op_frame(request(1, ECHO + "Hang"))
        + op_frame(request(2, ECHO + "Count", item("hang", 1))) + OP_SETTLE + op_time_10ms(110),
        "close-in-flight": bytes([0]) + h + op_frame(request(1, ECHO + "Count", item("hang", 2)))
        + op_frame(request(2, ECHO + "Hang")) + OP_SETTLE + OP_CLOSE,
        "call-limit-unary": bytes([ONE_CALL]) + h + op_frame(request(1, ECHO + "Hang"))
        + op_frame(request(2, ECHO + "Echo", item("refused"))) + op_frame(cancel(1)) + op_time_10ms(1)
        + op_frame(request(3, ECHO + "Echo", item("served"))),
        # Regressions: a stream refused for the call limit (answered RESPONSE before ecf981b, so a
        # client's stream never ended), and a stream requested while the server drains.
        "call-limit-stream": bytes([ONE_CALL]) + h + op_frame(request(1, ECHO + "Hang"))
        + op_frame(request(2, HEALTH_WATCH)) + op_frame(request(3, ECHO + "Count", item("x", 1))),
        "drain-then-stream": bytes([0]) + h + op_frame(request(1, ECHO + "Hang")) + OP_DRAIN
        + op_frame(request(2, HEALTH_WATCH)) + op_frame(cancel(1)),
        "bad-version": bytes([0]) + op_frame(hello(version=2)),
        "zero-length": bytes([0]) + h + op_raw(b"\x00\x00\x00\x00"),
        "metadata-limits": bytes([0]) + h
        + op_frame(request(1, ECHO + "Describe", meta=[("k%d" % i, "v%d" % i) for i in range(64)]))
        + op_frame(request(2, ECHO + "Describe", meta=[("k%d" % i, "v") for i in range(65)])),
        "huge-timeout": bytes([0]) + h + op_frame(request(1, ECHO + "Hang", timeout_micros=10**16))
        + op_frame(request(2, ECHO + "Hang", timeout_micros=(1 << 64) - 1)) + op_time_s(255),
    }


def decoder_seeds():
    everything = prefixed(
        hello(), request(1, HEALTH_CHECK, health_request()), ping(5), cancel(1),
        request(2, ECHO + "Echo", item("deflated " * 10), compressed=True, meta=[("traceparent", TRACEPARENT)]),
        uint(1, 2) + uint(2, RESPONSE) + status(0) + metadata([("x-a", "b")]) + blob(8, item("r")),
        uint(1, 3) + uint(2, STREAM_MESSAGE) + blob(8, item("m")),
        uint(1, 3) + uint(2, STREAM_END) + status(5, "not found", [("field", "service")]),
        uint(2, GOAWAY) + uint(11, 3) + status(14, "shutting down"),
        uint(2, PONG) + uint(10, 5),
    )
    return {
        "hello": b"\x00" + prefixed(hello()),
        "everything": b"\x00" + everything,
        "everything-in-3-byte-reads": b"\x03" + everything,
        "everything-bytewise": b"\x01" + everything,
        "partial-then-timeout": b"\x40" + prefixed(hello()) + struct.pack(">I", 50) + b"only part",
        "dribble": b"\x82" + prefixed(request(1, HEALTH_CHECK)),
        "zero-length": b"\x00" + prefixed(ping(1)) + b"\x00\x00\x00\x00",
        "over-limit-16": b"\x10" + prefixed(ping(1), request(1, HEALTH_CHECK)),
        "over-default-limit": b"\x00" + struct.pack(">I", (4 << 20) + 1) + b"x",
        "unknown-fields-and-kind": b"\x00" + prefixed(
            uint(1, 1) + uint(2, 77) + key(99, 0) + varint(1) + key(100, 2) + varint(2) + b"ab"
            + key(101, 5) + b"\x01\x02\x03\x04" + key(102, 1) + b"\x00" * 8),
        "string-with-nul": b"\x00" + prefixed(uint(2, REQUEST) + blob(3, b"/a\x00b/C")),
        "invalid-utf8": b"\x00" + prefixed(uint(2, REQUEST) + blob(3, b"/\xff\xfe/C")),
        "garbage-bodies": b"\x00" + prefixed(b"\xff", b"\x0a\x05ab", b"\x4a\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01"),
        "big-numbers": b"\x00" + prefixed(
            uint(1, (1 << 64) - 1) + uint(2, REQUEST) + uint(4, (1 << 64) - 1) + uint(10, 1 << 63) + uint(11, 1)),
        "empty-submessages": b"\x00" + prefixed(uint(2, HELLO) + blob(9, b""), uint(2, RESPONSE) + blob(6, b"")),
        # MetadataLimits: at most 64 entries and 16 KiB of metadata in a frame.
        "metadata-64-entries": b"\x00" + prefixed(request(1, HEALTH_CHECK, meta=[("k%d" % i, "v") for i in range(64)])),
        "metadata-65-entries": b"\x00" + prefixed(request(1, HEALTH_CHECK, meta=[("k%d" % i, "v") for i in range(65)])),
        "metadata-over-16k": b"\x00" + prefixed(request(1, HEALTH_CHECK, meta=[("a", "x" * 8190), ("b", "y" * 8190)])),
    }


DICTIONARY = [
    HEALTH_CHECK, HEALTH_WATCH, "district.health.v1.Health", "district.fuzz.v1.Echo",
    ECHO + "Echo", ECHO + "Hang", ECHO + "Big", ECHO + "Write", ECHO + "Describe", ECHO + "Count",
    "deflate", "authorization", "traceparent", "idempotency-key", "Bearer ",
    READER, EDITOR, ADMIN, TRACEPARENT, "rpc-error", "fail", "hang",
]


def write(target, seeds):
    folder = os.path.join(HERE, "Corpus", target)
    os.makedirs(folder, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(folder, "seed-" + name), "wb") as f:
            f.write(data)


def main():
    write("frame-decoder", decoder_seeds())
    write("server-connection", server_seeds())
    with open(os.path.join(HERE, "Corpus", "fuzz.dict"), "w") as f:
        f.write("# libFuzzer dictionary of both fuzzers (written by Fuzz/make-corpus.py)\n")
        for index, word in enumerate(DICTIONARY):
            escaped = "".join(c if c.isprintable() and c not in '"\\' else "\\x%02x" % ord(c) for c in word)
            f.write('w%d="%s"\n' % (index, escaped))


if __name__ == "__main__":
    main()
