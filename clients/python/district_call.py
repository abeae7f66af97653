#!/usr/bin/env python3
"""Calls a district server using only docs/PROTOCOL.md and proto/.

A client in another language than the servers', to prove the protocol document is enough:
it frames protobuf `Frame` envelopes by hand (4-byte big-endian length + bytes), exchanges
HELLO frames, sends one REQUEST and prints the RESPONSE as JSON.

    district_call.py HOST:PORT METHOD REQUEST_TYPE RESPONSE_TYPE [JSON]
        [--header KEY=VALUE ...] [--timeout-ms N] [--dump]

    district_call.py 127.0.0.1:7103 /district.health.v1.Health/Check \\
        district.health.v1.HealthCheckRequest district.health.v1.HealthCheckResponse '{}'

Needs `protoc` on PATH (to read proto/) and Python's `protobuf` package. Exit status: 0 on OK,
1 when the call fails (the status code and message go to stderr), 2 on bad usage.
"""

import argparse
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import zlib

from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROTOCOL_VERSION = 1
MAX_FRAME_BYTES = 4 * 1024 * 1024

# FrameKind values (proto/district/rpc/v1/frame.proto)
HELLO, REQUEST, RESPONSE, STREAM_MESSAGE, STREAM_END, CANCEL, PING, PONG, GOAWAY = range(1, 10)


def load_schema():
    """Reads every .proto under proto/ into a descriptor pool (no generated code needed)."""
    protos = sorted(os.path.relpath(os.path.join(d, f), os.path.join(ROOT, "proto"))
                    for d, _, files in os.walk(os.path.join(ROOT, "proto")) for f in files if f.endswith(".proto"))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "schema.pb")
        subprocess.run(["protoc", "-I" + os.path.join(ROOT, "proto"), "--include_imports",
                        "--descriptor_set_out=" + out, *protos], check=True)
        fds = descriptor_pb2.FileDescriptorSet()
        with open(out, "rb") as fh:
            fds.ParseFromString(fh.read())
    pool = descriptor_pool.DescriptorPool()
    for f in fds.file:
        pool.Add(f)
    return lambda name: message_factory.GetMessageClass(pool.FindMessageTypeByName(name))


class Connection:
    def __init__(self, address, message_class, dump=False):
        host, _, port = address.rpartition(":")
        self.sock = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
        self.Frame = message_class("district.rpc.v1.Frame")
        self.dump = dump
        self.buffer = b""
        self.peer_accepts_deflate = False

    def send(self, frame):
        body = frame.SerializeToString()
        data = struct.pack(">I", len(body)) + body
        if self.dump:
            print(f"--> {len(data)} bytes: {data.hex(' ')}", file=sys.stderr)
        self.sock.sendall(data)

    def receive(self):
        while True:
            if len(self.buffer) >= 4:
                (length,) = struct.unpack(">I", self.buffer[:4])
                if length == 0 or length > MAX_FRAME_BYTES:
                    raise SystemExit(f"the server declared a frame of {length} bytes")
                if len(self.buffer) >= 4 + length:
                    data, self.buffer = self.buffer[:4 + length], self.buffer[4 + length:]
                    if self.dump:
                        print(f"<-- {len(data)} bytes: {data.hex(' ')}", file=sys.stderr)
                    frame = self.Frame()
                    frame.ParseFromString(data[4:])
                    return frame
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buffer += chunk


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("address")
    parser.add_argument("method")
    parser.add_argument("request_type")
    parser.add_argument("response_type")
    parser.add_argument("json", nargs="?", default="{}")
    parser.add_argument("--header", action="append", default=[], help="metadata KEY=VALUE")
    parser.add_argument("--timeout-ms", type=int, default=5000)
    parser.add_argument("--dump", action="store_true", help="print each frame's bytes in hex to stderr")
    args = parser.parse_args()

    message_class = load_schema()
    request = json_format.Parse(args.json, message_class(args.request_type)())
    conn = Connection(args.address, message_class, dump=args.dump)
    Frame = conn.Frame

    hello = Frame(kind=HELLO)
    hello.hello.protocol_version = PROTOCOL_VERSION
    hello.hello.max_frame_bytes = MAX_FRAME_BYTES
    hello.hello.accept_encodings.append("deflate")
    hello.hello.agent = "district_call.py"
    conn.send(hello)

    call = Frame(kind=REQUEST, call_id=1, method=args.method, timeout_micros=args.timeout_ms * 1000,
                 payload=request.SerializeToString())
    for header in args.header:
        key, _, value = header.partition("=")
        call.metadata.add(key=key.lower(), value=value)
    conn.send(call)

    while True:
        frame = conn.receive()
        if frame is None:
            print("error: the server closed the connection without answering", file=sys.stderr)
            return 1
        if frame.kind == HELLO:
            if frame.hello.protocol_version != PROTOCOL_VERSION:
                print(f"error: the server speaks version {frame.hello.protocol_version}", file=sys.stderr)
                return 1
            continue
        if frame.kind == PING:
            conn.send(Frame(kind=PONG, ping_data=frame.ping_data))
            continue
        if frame.kind == GOAWAY and frame.last_call_id < 1:
            print(f"error: GOAWAY {frame.status.code}: {frame.status.message}", file=sys.stderr)
            return 1
        if frame.kind == RESPONSE and frame.call_id == 1:
            if frame.status.code != 0:
                print(f"error: status {frame.status.code}: {frame.status.message}", file=sys.stderr)
                return 1
            payload = zlib.decompress(frame.payload) if frame.compressed else frame.payload
            response = message_class(args.response_type)()
            response.ParseFromString(payload)
            print(json.dumps(json_format.MessageToDict(response), ensure_ascii=False))
            return 0


if __name__ == "__main__":
    sys.exit(main())
