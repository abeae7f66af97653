"""Writes the OpenAPI 3.1 document of every method in proto/ as the HTTP edge serves it.

Usage: openapi.py SCHEMA.pb OUT_SWIFT_FILE

Reads the FileDescriptorSet that protoc writes and describes each method as Connect carries it:
POST with protobuf's JSON mapping (and GET with Connect's query for NO_SIDE_EFFECTS methods),
every message as a JSON Schema, and Connect's error body. The document goes into a Swift file
so that the gateway serves it at /openapi.json with nothing to ship beside the executable.
"""
import json
import sys

from google.protobuf import descriptor_pb2

F = descriptor_pb2.FieldDescriptorProto
SCALARS = {
    F.TYPE_DOUBLE: {"type": "number"}, F.TYPE_FLOAT: {"type": "number"},
    F.TYPE_INT32: {"type": "integer", "format": "int32"}, F.TYPE_SINT32: {"type": "integer", "format": "int32"},
    F.TYPE_SFIXED32: {"type": "integer", "format": "int32"},
    F.TYPE_UINT32: {"type": "integer", "format": "int64", "minimum": 0},
    F.TYPE_FIXED32: {"type": "integer", "format": "int64", "minimum": 0},
    # 64-bit integers are strings in protobuf JSON (numbers are accepted on input).
    F.TYPE_INT64: {"type": ["string", "integer"], "format": "int64"},
    F.TYPE_SINT64: {"type": ["string", "integer"], "format": "int64"},
    F.TYPE_SFIXED64: {"type": ["string", "integer"], "format": "int64"},
    F.TYPE_UINT64: {"type": ["string", "integer"], "format": "uint64"},
    F.TYPE_FIXED64: {"type": ["string", "integer"], "format": "uint64"},
    F.TYPE_BOOL: {"type": "boolean"}, F.TYPE_STRING: {"type": "string"},
    F.TYPE_BYTES: {"type": "string", "contentEncoding": "base64"},
}
NO_SIDE_EFFECTS = 1


def ref(name):
    return {"$ref": f"#/components/schemas/{name.lstrip('.')}"}


def comments(fd):
    """Leading comments by descriptor path, for descriptions."""
    return {tuple(loc.path): loc.leading_comments.strip() for loc in fd.source_code_info.location if loc.leading_comments}


def field_schema(field, maps):
    if field.type in (F.TYPE_MESSAGE, F.TYPE_GROUP):
        entry = maps.get(field.type_name)
        if entry is not None:
            return {"type": "object", "additionalProperties": field_schema(entry, maps)}
        single = ref(field.type_name)
    elif field.type == F.TYPE_ENUM:
        single = ref(field.type_name)
    else:
        single = dict(SCALARS[field.type])
    if field.label == F.LABEL_REPEATED:
        return {"type": "array", "items": single}
    return single


def build(fds):
    schemas, maps, paths = {}, {}, {}
    # Map entries first: a map field is an object, not an array of entries.
    def collect_maps(prefix, message):
        for nested in message.nested_type:
            name = f"{prefix}.{nested.name}"
            if nested.options.map_entry:
                maps[name] = nested.field[1]
            collect_maps(name, nested)
    for fd in fds.file:
        for message in fd.message_type:
            collect_maps(f".{fd.package}.{message.name}", message)

    def add_message(prefix, message, docs, path):
        name = f"{prefix}.{message.name}".lstrip(".")
        if message.options.map_entry:
            return
        properties = {}
        for index, field in enumerate(message.field):
            schema = field_schema(field, maps)
            doc = docs.get(tuple(path + [2, index]))
            if doc:
                schema = {**schema, "description": doc} if "$ref" not in schema else {"allOf": [schema], "description": doc}
            properties[field.json_name] = schema
        entry = {"type": "object", "properties": properties, "additionalProperties": False}
        if docs.get(tuple(path)):
            entry["description"] = docs[tuple(path)]
        schemas[name] = entry
        for index, nested in enumerate(message.nested_type):
            add_message(f".{name}", nested, docs, path + [3, index])
        for index, enum in enumerate(message.enum_type):
            schemas[f"{name}.{enum.name}"] = {"type": "string", "enum": [v.name for v in enum.value]}

    for fd in fds.file:
        docs = comments(fd)
        for index, message in enumerate(fd.message_type):
            add_message(f".{fd.package}", message, docs, [4, index])
        for enum in fd.enum_type:
            schemas[f"{fd.package}.{enum.name}"] = {"type": "string", "enum": [v.name for v in enum.value]}

    error = {"$ref": "#/components/schemas/connect.Error"}
    schemas["connect.Error"] = {
        "type": "object", "required": ["code"],
        "description": "A Connect error. `code` is gRPC's canonical code in lower snake case; details are district.rpc.v1.StatusDetail messages (key, value), base64 in `value` and JSON in `debug`.",
        "properties": {
            "code": {"type": "string", "enum": [
                "canceled", "unknown", "invalid_argument", "deadline_exceeded", "not_found", "already_exists",
                "permission_denied", "resource_exhausted", "failed_precondition", "aborted", "out_of_range",
                "unimplemented", "internal", "unavailable", "data_loss", "unauthenticated"]},
            "message": {"type": "string"},
            "details": {"type": "array", "items": {"type": "object", "properties": {
                "type": {"type": "string"}, "value": {"type": "string"}, "debug": {"type": "object"}}}},
        },
    }
    errors = {"default": {"description": "A Connect error", "content": {"application/json": {"schema": error}}}}
    headers = [
        {"name": "Connect-Protocol-Version", "in": "header", "schema": {"type": "string", "const": "1"}},
        {"name": "Connect-Timeout-Ms", "in": "header", "schema": {"type": "string", "pattern": "^[0-9]{1,10}$"}},
        {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"},
         "description": "A write with the same key is applied once."},
    ]
    for fd in fds.file:
        docs = comments(fd)
        for s_index, service in enumerate(fd.service):
            full = f"{fd.package}.{service.name}"
            for m_index, method in enumerate(service.method):
                request, response = method.input_type.lstrip("."), method.output_type.lstrip(".")
                doc = docs.get((6, s_index, 2, m_index), "")
                operation = {
                    "operationId": f"{full}.{method.name}", "tags": [full], "summary": method.name,
                    "parameters": headers,
                    "responses": {"200": {"description": response,
                                          "content": {"application/json": {"schema": ref(response)}}}, **errors},
                }
                if doc:
                    operation["description"] = doc
                if method.server_streaming:
                    operation["description"] = (doc + "\n\n" if doc else "") + (
                        "A server stream: send Content-Type application/connect+json with the request in one "
                        "Connect envelope; each answer arrives in an envelope, the last one (flag 0x02) is "
                        "{\"error\": …} or {}.")
                    operation["requestBody"] = {"required": True, "content": {"application/connect+json": {"schema": ref(request)}}}
                    operation["responses"]["200"]["content"] = {"application/connect+json": {"schema": ref(response)}}
                else:
                    operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(request)}}}
                item = {"post": operation}
                if method.options.idempotency_level == NO_SIDE_EFFECTS and not method.server_streaming:
                    item["get"] = {
                        **{k: v for k, v in operation.items() if k not in ("requestBody", "parameters")},
                        "operationId": f"{full}.{method.name}.get",
                        "parameters": [
                            {"name": "encoding", "in": "query", "required": True, "schema": {"type": "string", "enum": ["json", "proto"]}},
                            {"name": "message", "in": "query", "schema": {"type": "string"},
                             "description": f"The {request} as JSON (URL-encoded), or base64 with base64=1."},
                            {"name": "base64", "in": "query", "schema": {"type": "string", "enum": ["1"]}},
                            {"name": "compression", "in": "query", "schema": {"type": "string", "enum": ["identity", "gzip"]}},
                            {"name": "connect", "in": "query", "schema": {"type": "string", "enum": ["v1"]}},
                        ],
                    }
                paths[f"/{full}/{method.name}"] = item
    return {
        "openapi": "3.1.0",
        "info": {"title": "district", "version": "1",
                 "description": "Every method of district over the Connect protocol (https://connectrpc.com/docs/protocol), as the gateway's HTTP edge serves it. Generated from proto/ by scripts/generate."},
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": dict(sorted(schemas.items())),
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}, {}],
    }


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: openapi.py SCHEMA.pb OUT_SWIFT_FILE")
    fds = descriptor_pb2.FileDescriptorSet()
    with open(sys.argv[1], "rb") as fh:
        fds.ParseFromString(fh.read())
    document = json.dumps(build(fds), indent=1, sort_keys=False, ensure_ascii=False)
    if '"""#' in document:
        raise SystemExit("openapi.py: the document contains the Swift raw-string delimiter")
    with open(sys.argv[2], "w") as out:
        out.write("// Generated by scripts/generate from proto/. DO NOT EDIT.\n\n")
        out.write("/// The OpenAPI 3.1 document of every method, served at /openapi.json.\n")
        out.write("enum OpenAPIDocument {\n  static let json = #\"\"\"\n")
        out.write(document)
        out.write("\n\"\"\"#\n}\n")


if __name__ == "__main__":
    main()
