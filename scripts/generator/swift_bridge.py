#!/usr/bin/env python3
"""Generates the Swift layer of the schema from protoc's descriptor set.

For every message: a Swift struct with idiomatic types, bridging to and from
the protoc-c structs (so protobuf-c packs and unpacks), and Codable with
protobuf's JSON names. For every enum: a Swift enum with an `unrecognized`
case. For every service: a descriptor of its methods. Also a small C file of
descriptor accessors (Swift must not take the address of a C global itself).

The files of CORE_FILES (the wire envelope and health) go to a module of their own, the
others to one built on it.

Usage: swift_bridge.py DESCRIPTOR_SET SWIFT_OUT_DIR C_OUT_DIR CORE_SWIFT_OUT_DIR CORE_C_OUT_DIR
"""

import os
import re
import sys

from google.protobuf import descriptor_pb2

F = descriptor_pb2.FieldDescriptorProto

SWIFT_KEYWORDS = {
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
    "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
    "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
    "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
    "throw", "switch", "where", "while", "as", "false", "is", "nil", "self", "Self", "super", "throws",
    "true", "try", "Type", "Protocol", "any", "some", "package",
}

INTEGER_TYPES = {
    F.TYPE_INT32: "Int32", F.TYPE_SINT32: "Int32", F.TYPE_SFIXED32: "Int32",
    F.TYPE_UINT32: "UInt32", F.TYPE_FIXED32: "UInt32",
    F.TYPE_INT64: "Int64", F.TYPE_SINT64: "Int64", F.TYPE_SFIXED64: "Int64",
    F.TYPE_UINT64: "UInt64", F.TYPE_FIXED64: "UInt64",
}
FLOAT_TYPES = {F.TYPE_FLOAT: "Float", F.TYPE_DOUBLE: "Double"}


# Words written in capitals inside Swift names, as Swift's API guidelines ask: `callID`.
ACRONYMS = {"id": "ID", "ids": "IDs", "url": "URL"}


def escape(name):
    return f"`{name}`" if name in SWIFT_KEYWORDS else name


def lower_camel(snake):
    parts = [p for p in snake.split("_") if p]
    if not parts:
        return "_"
    head = parts[0]
    out = head[0].lower() + head[1:] + "".join(ACRONYMS.get(p, p[0].upper() + p[1:]) for p in parts[1:])
    if out[0].isdigit():
        out = "_" + out
    return out


def upper_camel(snake):
    return "".join(p[0].upper() + p[1:] for p in snake.split("_") if p)


def c_camel(piece):
    """protoc-c's ToCamel: drop underscores, upper-case the letter after each."""
    out, upper = [], True
    for ch in piece:
        if ch == "_":
            upper = True
        elif upper:
            out.append(ch.upper())
            upper = False
        else:
            out.append(ch)
    return "".join(out)


def c_lower(piece):
    """protoc-c's CamelToLower: an underscore before each upper-case letter but the first."""
    out = []
    for i, ch in enumerate(piece):
        if ch.isupper():
            if i > 0 and piece[i - 1] != "_":
                out.append("_")
            out.append(ch.lower())
        else:
            out.append(ch)
    return "".join(out)


class Message:
    def __init__(self, file, proto, full_name, swift_path, c_path):
        self.file = file
        self.proto = proto
        self.full_name = full_name          # district.common.v1.OrgUnit
        self.swift_path = swift_path        # ["CommonV1", "OrgUnit"]
        self.c_path = c_path                # ["district", "common", "v1", "OrgUnit"]
        self.is_map_entry = proto.options.map_entry

    @property
    def swift_name(self):
        return ".".join(self.swift_path)

    @property
    def c_type(self):
        return "__".join(c_camel(p) for p in self.c_path)

    @property
    def c_lower(self):
        return "__".join(c_lower(p) for p in self.c_path)


class Enum:
    def __init__(self, proto, full_name, swift_path):
        self.proto = proto
        self.full_name = full_name
        self.swift_path = swift_path

    @property
    def swift_name(self):
        return ".".join(self.swift_path)


class Generator:
    def __init__(self, fds):
        self.files = [f for f in fds.file]
        self.messages = {}   # ".full.name" -> Message
        self.enums = {}
        for f in self.files:
            ns = f.options.swift_prefix or self.default_namespace(f.package)
            for m in f.message_type:
                self.collect(f, m, f.package, [ns], f.package.split("."))
            for e in f.enum_type:
                self.enums["." + f.package + "." + e.name] = Enum(e, f.package + "." + e.name, [ns, e.name])

    @staticmethod
    def default_namespace(package):
        parts = package.split(".")
        return "".join(upper_camel(p) for p in parts[1:]) if len(parts) > 1 else upper_camel(parts[0])

    def collect(self, f, m, scope, swift_path, c_path):
        full = scope + "." + m.name
        msg = Message(f, m, full, swift_path + [m.name], c_path + [m.name])
        self.messages["." + full] = msg
        for n in m.nested_type:
            self.collect(f, n, full, msg.swift_path, msg.c_path)
        for e in m.enum_type:
            self.enums["." + full + "." + e.name] = Enum(e, full + "." + e.name, msg.swift_path + [e.name])

    # ---- field classification -------------------------------------------------

    def is_map(self, field):
        return (field.label == F.LABEL_REPEATED and field.type == F.TYPE_MESSAGE
                and self.messages[field.type_name].is_map_entry)

    def map_fields(self, field):
        entry = self.messages[field.type_name].proto
        return entry.field[0], entry.field[1]

    def swift_scalar_type(self, field):
        t = field.type
        if t in INTEGER_TYPES:
            return INTEGER_TYPES[t]
        if t in FLOAT_TYPES:
            return FLOAT_TYPES[t]
        if t == F.TYPE_BOOL:
            return "Bool"
        if t == F.TYPE_STRING:
            return "String"
        if t == F.TYPE_BYTES:
            return "[UInt8]"
        if t == F.TYPE_ENUM:
            return self.enums[field.type_name].swift_name
        if t == F.TYPE_MESSAGE:
            return self.messages[field.type_name].swift_name
        raise SystemExit(f"unsupported field type {t} for {field.name}")

    def oneofs(self, m):
        """Returns (real oneofs [(index, name, [fields])], synthetic optional fields by name)."""
        groups = {}
        for f in m.proto.field:
            if f.HasField("oneof_index"):
                groups.setdefault(f.oneof_index, []).append(f)
        real, optional = [], set()
        for idx, fields in sorted(groups.items()):
            name = m.proto.oneof_decl[idx].name
            if name.startswith("_") and len(fields) == 1 and name[1:] == fields[0].name:
                optional.add(fields[0].name)
            else:
                real.append((idx, name, fields))
        return real, optional

    # ---- recursion: which singular message fields need a box ----------------

    def singular_message_edges(self, m):
        for f in m.proto.field:
            if f.type == F.TYPE_MESSAGE and f.label != F.LABEL_REPEATED:
                yield f, self.messages[f.type_name]

    def reaches(self, start, target):
        seen, stack = set(), [start]
        while stack:
            cur = stack.pop()
            if cur.full_name == target.full_name:
                return True
            if cur.full_name in seen:
                continue
            seen.add(cur.full_name)
            stack.extend(t for _, t in self.singular_message_edges(cur))
        return False

    def needs_box(self, m, field):
        return field.type == F.TYPE_MESSAGE and self.reaches(self.messages[field.type_name], m)

    # ---- output ---------------------------------------------------------------

    def generate(self, swift_dir, c_dir, core_swift_dir, core_c_dir):
        """Writes the two schema modules: the core (CORE_FILES: the wire envelope and health, what
        the RPC runtime needs) into core_swift_dir/core_c_dir, every other file on top of it into
        swift_dir/c_dir, so that editing a service's .proto does not rebuild the RPC runtime."""
        outputs = {}
        core = [f for f in self.files if f.name in CORE_FILES]
        rest = [f for f in self.files if f.name not in CORE_FILES]
        missing = CORE_FILES - {f.name for f in core}
        if missing:
            raise SystemExit(f"the core schema files {sorted(missing)} are not in proto/")
        for f in core:
            for dep in f.dependency:
                if dep not in CORE_FILES:
                    raise SystemExit(f"{f.name} is in the core schema but imports {dep}, which is not")
        self.module_outputs(outputs, core, core_swift_dir, core_c_dir, "DistrictSchemaCoreC",
                            "district_schema_core_descriptors.h", registry=False)
        self.module_outputs(outputs, rest, swift_dir, c_dir, "DistrictSchemaC",
                            "district_schema_descriptors.h", registry=True)
        for path, text in outputs.items():
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as out:
                out.write(text)

    def module_outputs(self, outputs, files, swift_dir, c_dir, c_module, descriptors_header, registry):
        namespaces = sorted({(f.options.swift_prefix or self.default_namespace(f.package), f.package)
                             for f in files})
        ns_lines = [HEADER, ""]
        for ns, package in namespaces:
            ns_lines.append(f"/// Types of the protobuf package `{package}`.")
            ns_lines.append(f"public enum {ns} {{}}")
            ns_lines.append("")
        outputs[os.path.join(swift_dir, "Namespaces.swift")] = "\n".join(ns_lines)

        if registry:
            lines = [HEADER, "", "public import DistrictSchemaCore", "",
                     "/// Every method of every service in proto/, for tools that call any method by name.",
                     "public enum SchemaServices {",
                     "  public static let methods: [AnyMethodDescriptor] = Array(["]
            services = [f"{f.options.swift_prefix or self.default_namespace(f.package)}.{svc.name}Service"
                        for f in self.files for svc in f.service]
            # One array of arrays, joined: a chain of `+` takes the type checker exponential time.
            lines += [f"    {name}.methods," for name in services]
            lines += ["  ].joined())", "}", ""]
            outputs[os.path.join(swift_dir, "SchemaServices.swift")] = "\n".join(lines)

        for f in files:
            base = os.path.basename(f.name).replace(".proto", "")
            path = os.path.join(swift_dir, f"{base}.pb.swift")
            if path in outputs:
                raise SystemExit(f"two proto files named {base}.proto: Swift file names must be unique")
            outputs[path] = self.swift_file(f, core=f.name in CORE_FILES)

        names = {f.name for f in files}
        decls, defs = [], []
        for m in sorted(self.messages.values(), key=lambda m: m.full_name):
            if m.file.name not in names:
                continue
            fn = f"district_schema_descriptor__{m.c_lower}"
            decls.append(f"const ProtobufCMessageDescriptor *{fn}(void);")
            defs.append(f"const ProtobufCMessageDescriptor *{fn}(void) {{ return &{m.c_lower}__descriptor; }}")
        guard = descriptors_header.replace(".", "_").upper()
        outputs[os.path.join(c_dir, "include", descriptors_header)] = "\n".join([
            C_HEADER, f"#ifndef {guard}", f"#define {guard}", "",
            "#include <protobuf-c/protobuf-c.h>", "", *decls, "", "#endif", ""])
        includes = [f'#include "{f.name.replace(".proto", ".pb-c.h")}"' for f in files]
        outputs[os.path.join(c_dir, "descriptors.c")] = "\n".join([
            C_HEADER, *includes, f'#include "{descriptors_header}"', "", *defs, ""])
        umbrella_guard = "_".join(["DISTRICT", *[p.upper() for p in split_camel(c_module)[1:]], "H"])
        outputs[os.path.join(c_dir, "include", f"{c_module}.h")] = "\n".join([
            C_HEADER, f"#ifndef {umbrella_guard}", f"#define {umbrella_guard}", "",
            *includes, f'#include "{descriptors_header}"', "", "#endif", ""])
        outputs[os.path.join(c_dir, "include", "module.modulemap")] = (
            f"module {c_module} {{\n  header \"{c_module}.h\"\n  export *\n}}\n")

    def swift_file(self, f, core):
        if core:
            imports = ["package import DistrictSchemaCoreC"]
        else:
            imports = ["package import DistrictSchemaC", "package import DistrictSchemaCoreC",
                       "public import DistrictSchemaCore"]
        out = [HEADER, f"// Source: {f.name}", "", *imports, ""]
        for e in f.enum_type:
            out += self.swift_enum(self.enums["." + f.package + "." + e.name])
        for m in f.message_type:
            out += self.swift_message_tree(self.messages["." + f.package + "." + m.name])
        for s in f.service:
            out += self.swift_service(f, s)
        return "\n".join(out) + "\n"

    def swift_message_tree(self, m):
        out = []
        if not m.is_map_entry:
            out += self.swift_message(m)
        for e in m.proto.enum_type:
            out += self.swift_enum(self.enums["." + m.full_name + "." + e.name])
        for n in m.proto.nested_type:
            out += self.swift_message_tree(self.messages["." + m.full_name + "." + n.name])
        return out

    # ---- enums ----------------------------------------------------------------

    def enum_case_names(self, e):
        prefix = re.sub(r"(?<!^)(?=[A-Z])", "_", e.proto.name).upper() + "_"
        names = []
        for v in e.proto.value:
            raw = v.name[len(prefix):] if v.name.startswith(prefix) else v.name
            names.append(lower_camel(raw.lower()))
        return names

    def swift_enum(self, e):
        namespace, name = ".".join(e.swift_path[:-1]), e.swift_path[-1]
        cases = list(zip(self.enum_case_names(e), e.proto.value))
        out = [f"extension {namespace} {{",
               f"  /// The protobuf enum `{e.full_name}`.",
               f"  public enum {name}: ProtoEnum {{"]
        for swift, v in cases:
            out.append(f"    /// `{v.name}` = {v.number}")
            out.append(f"    case {escape(swift)}")
        out += ["    /// A value this version of the schema does not know.",
                "    case unrecognized(Int32)", "",
                "    public init(rawValue: Int32) {", "      switch rawValue {"]
        seen = set()
        for swift, v in cases:
            if v.number in seen:
                continue
            seen.add(v.number)
            out.append(f"      case {v.number}: self = .{escape(swift)}")
        out += ["      default: self = .unrecognized(rawValue)", "      }", "    }", "",
                "    public var rawValue: Int32 {", "      switch self {"]
        for swift, v in cases:
            out.append(f"      case .{escape(swift)}: return {v.number}")
        out += ["      case .unrecognized(let value): return value", "      }", "    }", "",
                "    public init?(protoName: String) {", "      switch protoName {"]
        for swift, v in cases:
            out.append(f'      case "{v.name}": self = .{escape(swift)}')
        out += ["      default: return nil", "      }", "    }", "",
                "    public var protoName: String? {", "      switch self {"]
        for swift, v in cases:
            out.append(f'      case .{escape(swift)}: return "{v.name}"')
        out += ["      case .unrecognized: return nil", "      }", "    }", "",
                f'    public static let protoTypeName = "{e.full_name}"',
                "    public static let knownCases: [Self] = [" + ", ".join("." + escape(s) for s, _ in cases) + "]",
                "  }", "}", ""]
        return out

    # ---- messages ---------------------------------------------------------------

    def field_swift_type(self, m, f, optional_fields):
        if self.is_map(f):
            k, v = self.map_fields(f)
            return f"[{self.swift_scalar_type(k)}: {self.swift_scalar_type(v)}]", "[:]"
        base = self.swift_scalar_type(f)
        if f.label == F.LABEL_REPEATED:
            return f"[{base}]", "[]"
        if f.type == F.TYPE_MESSAGE or f.name in optional_fields:
            return f"{base}?", "nil"
        if f.type == F.TYPE_ENUM:
            return base, f".init(rawValue: 0)"
        if f.type in INTEGER_TYPES or f.type in FLOAT_TYPES:
            return base, "0"
        return base, {"Bool": "false", "String": '""', "[UInt8]": "[]"}[base]

    def swift_message(self, m):
        namespace, name = ".".join(m.swift_path[:-1]), m.swift_path[-1]
        real_oneofs, optional_fields = self.oneofs(m)
        oneof_members = {f.name for _, _, fs in real_oneofs for f in fs}
        out = [f"extension {namespace} {{",
               f"  /// The protobuf message `{m.full_name}`.",
               f"  public struct {name}: SchemaMessage {{"]
        for f in m.proto.field:
            if f.name in oneof_members:
                continue
            swift_type, default = self.field_swift_type(m, f, optional_fields)
            prop = escape(lower_camel(f.name))
            if f.label != F.LABEL_REPEATED and self.needs_box(m, f):
                store = "_" + lower_camel(f.name)
                out += [f"    /// `{f.name}` = {f.number}",
                        f"    public var {prop}: {swift_type} {{",
                        f"      get {{ {store}?.value }}",
                        f"      set {{ {store} = newValue.map {{ ProtoBox($0) }} }}",
                        "    }",
                        f"    private var {store}: ProtoBox<{swift_type[:-1]}>? = nil"]
            else:
                out += [f"    /// `{f.name}` = {f.number}", f"    public var {prop}: {swift_type} = {default}"]
        for _, oname, fields in real_oneofs:
            ename = upper_camel(oname)
            out += [f"    /// The oneof `{oname}`: at most one of its cases is set.",
                    f"    public var {escape(lower_camel(oname))}: {ename}? = nil", "",
                    f"    /// The cases of the oneof `{oname}`.",
                    f"    public enum {ename}: Sendable, Hashable {{"]
            for f in fields:
                indirect = "indirect " if self.needs_box(m, f) else ""
                out.append(f"      /// `{f.name}` = {f.number}")
                out.append(f"      {indirect}case {escape(lower_camel(f.name))}({self.swift_scalar_type(f)})")
            out.append("    }")
        out += ["", f'    public static let protoName = "{m.full_name}"', "",
                "    public init() {}", "",
                "    public init(serializedBytes bytes: UnsafeRawBufferPointer) throws {",
                "      self = try SchemaCodec.decode(Self.self, from: bytes)",
                "    }", "",
                "    public func withPacked<Result>(_ body: (PackedMessage) throws -> Result) throws -> Result {",
                "      try SchemaCodec.withPacked(self, body)",
                "    }", "",
                "    public func serializedBytes() throws -> [UInt8] {",
                "      try SchemaCodec.serializedBytes(self)",
                "    }",
                "  }", "}", ""]
        out += self.swift_bridge(m, real_oneofs, optional_fields, oneof_members)
        out += self.swift_codable(m, real_oneofs, optional_fields, oneof_members)
        return out

    # ---- bridging -----------------------------------------------------------------

    def to_c_scalar(self, f, value):
        """Swift value -> C value expression for a non-string, non-bytes, non-message scalar."""
        if f.type == F.TYPE_BOOL:
            return f"({value} ? 1 : 0)"
        if f.type == F.TYPE_ENUM:
            return f".init(rawValue: .init(truncatingIfNeeded: {value}.rawValue))"
        return value

    def from_c_scalar(self, f, value):
        if f.type == F.TYPE_BOOL:
            return f"({value} != 0)"
        if f.type == F.TYPE_ENUM:
            return f"{self.enums[f.type_name].swift_name}(rawValue: Int32(truncatingIfNeeded: {value}.rawValue))"
        return value

    def to_c_value(self, m, f, value, target, path):
        """Lines that store Swift `value` of field f into C lvalue `target` (singular)."""
        if f.type == F.TYPE_STRING:
            return [f'{target} = try arena.cString({value}, field: "{path}")']
        if f.type == F.TYPE_BYTES:
            return [f"{target} = arena.binary({value})"]
        if f.type == F.TYPE_MESSAGE:
            return [f"{target} = try {value}.toC(arena)"]
        return [f"{target} = {self.to_c_scalar(f, value)}"]

    def from_c_value(self, f, value, path):
        if f.type == F.TYPE_STRING:
            return f'try CDecoding.string({value}, field: "{path}")'
        if f.type == F.TYPE_BYTES:
            return f"CDecoding.bytes({value})"
        if f.type == F.TYPE_MESSAGE:
            t = self.messages[f.type_name].swift_name
            return f'try {t}(cMessage: CDecoding.present({value}, field: "{path}"))'
        return self.from_c_scalar(f, value)

    def c_element_expr(self, f, value):
        """Swift element -> C array element, for repeated scalars."""
        return self.to_c_scalar(f, value)

    def swift_bridge(self, m, real_oneofs, optional_fields, oneof_members):
        cfield = lambda f: escape(f.name)
        to_c, from_c = [], []
        for f in m.proto.field:
            if f.name in oneof_members:
                continue
            prop = "self." + escape(lower_camel(f.name))
            path = f"{m.full_name}.{f.name}"
            cf = cfield(f)
            if self.is_map(f):
                entry = self.messages[f.type_name]
                k, v = self.map_fields(f)
                to_c += [f"if !{prop}.isEmpty {{",
                         f"  c.pointee.n_{f.name} = {prop}.count",
                         f"  c.pointee.{cf} = try arena.pointerArray(ProtoMap.sortedEntries({prop})) {{ pair in",
                         f"    let e = arena.allocate({entry.c_type}.self)",
                         f"    {entry.c_lower}__init(e)"]
                to_c += ["    " + line for line in self.to_c_value(entry, k, "pair.key", "e.pointee.key", path + ".key")]
                to_c += ["    " + line for line in self.to_c_value(entry, v, "pair.value", "e.pointee.value", path + ".value")]
                to_c += ["    return e", "  }", "}"]
                if v.type == F.TYPE_MESSAGE:
                    vt = self.messages[v.type_name].swift_name
                    value_expr = f"try e.value.map {{ try {vt}(cMessage: $0) }} ?? {vt}()"
                else:
                    value_expr = self.from_c_value(v, "e.value", path + ".value")
                from_c += [f"{prop} = try CDecoding.map(c.pointee.n_{f.name}, c.pointee.{cf}, field: \"{path}\") {{ e in",
                           f"  ({self.from_c_value(k, 'e.key', path + '.key')}, {value_expr})",
                           "}"]
            elif f.label == F.LABEL_REPEATED:
                to_c.append(f"if !{prop}.isEmpty {{")
                to_c.append(f"  c.pointee.n_{f.name} = {prop}.count")
                if f.type == F.TYPE_STRING:
                    to_c.append(f'  c.pointee.{cf} = try arena.cStrings({prop}, field: "{path}")')
                elif f.type == F.TYPE_BYTES:
                    to_c.append(f"  c.pointee.{cf} = arena.binaries({prop})")
                elif f.type == F.TYPE_MESSAGE:
                    to_c.append(f"  c.pointee.{cf} = try arena.pointerArray({prop}) {{ try $0.toC(arena) }}")
                elif f.type in (F.TYPE_BOOL, F.TYPE_ENUM):
                    to_c.append(f"  c.pointee.{cf} = arena.array({prop}) {{ {self.c_element_expr(f, '$0')} }}")
                else:
                    to_c.append(f"  c.pointee.{cf} = arena.array({prop})")
                to_c.append("}")
                if f.type in (F.TYPE_STRING, F.TYPE_MESSAGE):
                    from_c += [f"{prop} = try CDecoding.array(c.pointee.n_{f.name}, c.pointee.{cf}) {{",
                               f"  {self.from_c_value(f, '$0', path)}", "}"]
                elif f.type in (F.TYPE_BOOL, F.TYPE_ENUM, F.TYPE_BYTES):
                    from_c += [f"{prop} = CDecoding.scalars(c.pointee.n_{f.name}, c.pointee.{cf}) {{",
                               f"  {self.from_c_value(f, '$0', path)}", "}"]
                else:
                    from_c.append(f"{prop} = CDecoding.scalars(c.pointee.n_{f.name}, c.pointee.{cf})")
            elif f.name in optional_fields:
                to_c += [f"if let value = {prop} {{",
                         f"  c.pointee._{f.name}_case = .init(rawValue: {f.number})"]
                to_c += ["  " + l for l in self.to_c_value(m, f, "value", f"c.pointee.{cf}", path)]
                to_c.append("}")
                from_c += [f"if c.pointee._{f.name}_case.rawValue == {f.number} {{",
                           f"  {prop} = {self.from_c_value(f, f'c.pointee.{cf}', path)}", "}"]
            elif f.type == F.TYPE_MESSAGE:
                to_c += [f"if let value = {prop} {{"]
                to_c += ["  " + l for l in self.to_c_value(m, f, "value", f"c.pointee.{cf}", path)]
                to_c.append("}")
                t = self.messages[f.type_name].swift_name
                from_c += [f"if let value = c.pointee.{cf} {{", f"  {prop} = try {t}(cMessage: value)", "}"]
            elif f.type in (F.TYPE_STRING, F.TYPE_BYTES):
                to_c += [f"if !{prop}.isEmpty {{"]
                to_c += ["  " + l for l in self.to_c_value(m, f, prop, f"c.pointee.{cf}", path)]
                to_c.append("}")
                from_c.append(f"{prop} = {self.from_c_value(f, f'c.pointee.{cf}', path)}")
            else:
                to_c += self.to_c_value(m, f, prop, f"c.pointee.{cf}", path)
                from_c.append(f"{prop} = {self.from_c_value(f, f'c.pointee.{cf}', path)}")
        for _, oname, fields in real_oneofs:
            oprop = "self." + escape(lower_camel(oname))
            to_c.append(f"switch {oprop} {{")
            to_c.append("case nil: break")
            for f in fields:
                path = f"{m.full_name}.{f.name}"
                to_c.append(f"case .{escape(lower_camel(f.name))}(let value)?:")
                to_c.append(f"  c.pointee.{oname}_case = .init(rawValue: {f.number})")
                to_c += ["  " + l for l in self.to_c_value(m, f, "value", f"c.pointee.{cfield(f)}", path)]
            to_c.append("}")
            from_c.append(f"switch c.pointee.{oname}_case.rawValue {{")
            for f in fields:
                path = f"{m.full_name}.{f.name}"
                from_c.append(f"case {f.number}:")
                from_c.append(f"  {oprop} = .{escape(lower_camel(f.name))}({self.from_c_value(f, f'c.pointee.{cfield(f)}', path)})")
            from_c += ["default: break", "}"]
        out = [f"extension {m.swift_name}: CBridgedMessage {{",
               f"  package typealias CType = {m.c_type}", "",
               "  package static var cDescriptor: UnsafePointer<ProtobufCMessageDescriptor> {",
               f"    district_schema_descriptor__{m.c_lower}()", "  }", "",
               f"  package func toC(_ arena: CArena) throws -> UnsafeMutablePointer<{m.c_type}> {{",
               f"    let c = arena.allocate({m.c_type}.self)",
               f"    {m.c_lower}__init(c)"]
        out += ["    " + l for l in to_c]
        out += ["    return c", "  }", "",
                f"  package init(cMessage c: UnsafePointer<{m.c_type}>) throws {{",
                "    self.init()"]
        out += ["    " + l for l in from_c]
        out += ["  }", "}", ""]
        return out

    # ---- JSON -------------------------------------------------------------------

    def json_wrap(self, f):
        """(JSON type, to-JSON closure body with $0, from-JSON expression suffix)."""
        if f.type in INTEGER_TYPES:
            return f"JSONInteger<{INTEGER_TYPES[f.type]}>", "JSONInteger($0)", ".value"
        if f.type == F.TYPE_BYTES:
            return "JSONBytes", "JSONBytes($0)", ".value"
        return self.swift_scalar_type(f), None, ""

    def swift_codable(self, m, real_oneofs, optional_fields, oneof_members):
        enc, dec, known = [], [], []
        for f in m.proto.field:
            prop = "self." + escape(lower_camel(f.name))
            key = f'"{f.json_name}"'
            known += [f.json_name, f.name] if f.json_name != f.name else [f.name]
            keys = f'"{f.json_name}", "{f.name}"'
            if f.name in oneof_members:
                continue
            jt, wrap, unwrap = self.json_wrap(f)
            if self.is_map(f):
                k, v = self.map_fields(f)
                vjt, vwrap, vunwrap = self.json_wrap(v)
                ktype = self.swift_scalar_type(k)
                enc.append(f"try c.encode(ProtoMap.encodeJSON({prop}) {{ {vwrap or '$0'} }}, forKey: {key})")
                dec += [f"if let v = try c.protoDecode([String: {vjt}].self, {keys}) {{",
                        f'  {prop} = try ProtoMap.decodeJSON(v, as: {ktype}.self, field: "{m.full_name}.{f.name}") {{ $0{vunwrap} }}',
                        "}"]
            elif f.label == F.LABEL_REPEATED:
                enc.append(f"try c.encode({prop}{'.map { ' + wrap + ' }' if wrap else ''}, forKey: {key})")
                dec.append(f"if let v = try c.protoDecode([{jt}].self, {keys}) {{ {prop} = v{'.map { $0' + unwrap + ' }' if unwrap else ''} }}")
            elif f.type == F.TYPE_MESSAGE or f.name in optional_fields:
                enc.append(f"if let v = {prop} {{ try c.encode({wrap.replace('$0', 'v') if wrap else 'v'}, forKey: {key}) }}")
                dec.append(f"if let v = try c.protoDecode({jt}.self, {keys}) {{ {prop} = v{unwrap} }}")
            else:
                enc.append(f"try c.encode({wrap.replace('$0', prop) if wrap else prop}, forKey: {key})")
                dec.append(f"if let v = try c.protoDecode({jt}.self, {keys}) {{ {prop} = v{unwrap} }}")
        for _, oname, fields in real_oneofs:
            oprop = "self." + escape(lower_camel(oname))
            enc.append(f"switch {oprop} {{")
            enc.append("case nil: break")
            for f in fields:
                jt, wrap, unwrap = self.json_wrap(f)
                enc.append(f"case .{escape(lower_camel(f.name))}(let v)?: try c.encode({wrap.replace('$0', 'v') if wrap else 'v'}, forKey: \"{f.json_name}\")")
            enc.append("}")
            for f in fields:
                jt, wrap, unwrap = self.json_wrap(f)
                keys = f'"{f.json_name}", "{f.name}"'
                dec += [f"if let v = try c.protoDecode({jt}.self, {keys}) {{",
                        f"  if {oprop} != nil {{ throw ProtoJSONError.multipleOneofCases(\"{m.full_name}.{oname}\") }}",
                        f"  {oprop} = .{escape(lower_camel(f.name))}(v{unwrap})", "}"]
        known_list = ", ".join(f'"{k}"' for k in dict.fromkeys(known))
        out = [f"extension {m.swift_name} {{",
               f"  private static let jsonKeys: Set<String> = [{known_list}]", "",
               "  public init(from decoder: any Decoder) throws {",
               "    self.init()",
               "    let c = try decoder.container(keyedBy: ProtoJSONKey.self)",
               "    try c.rejectUnknownKeys(Self.jsonKeys, in: Self.protoName)"]
        out += ["    " + l for l in dec]
        out += ["  }", "",
                "  public func encode(to encoder: any Encoder) throws {"]
        if enc:
            out.append("    var c = encoder.container(keyedBy: ProtoJSONKey.self)")
            out += ["    " + l for l in enc]
        else:
            # A message without fields is the empty JSON object.
            out.append("    _ = encoder.container(keyedBy: ProtoJSONKey.self)")
        out += ["  }", "}", ""]
        return out

    # ---- services ---------------------------------------------------------------

    def swift_service(self, f, s):
        ns = f.options.swift_prefix or self.default_namespace(f.package)
        full = f"{f.package}.{s.name}"
        out = [f"extension {ns} {{",
               f"  /// The methods of the service `{full}`.",
               f"  public enum {s.name}Service {{",
               f'    public static let name = "{full}"', ""]
        names = []
        for meth in s.method:
            if meth.client_streaming:
                raise SystemExit(f"{full}/{meth.name}: client streaming is not supported by the runtime")
            req = self.messages[meth.input_type].swift_name
            resp = self.messages[meth.output_type].swift_name
            kind = ".serverStreaming" if meth.server_streaming else ".unary"
            # MethodOptions.IdempotencyLevel: 1 is NO_SIDE_EFFECTS.
            if meth.options.idempotency_level == 1:
                kind += ", hasNoSideEffects: true"
            prop = lower_camel(c_lower(meth.name))
            names.append(prop)
            out += [f"    /// `/{full}/{meth.name}`",
                    f"    public static let {escape(prop)} = MethodDescriptor<{req}, {resp}>(",
                    f'      fullName: "/{full}/{meth.name}", kind: {kind})']
        out += ["", "    /// Every method of the service, in declaration order.",
                "    public static let methods: [AnyMethodDescriptor] = ["]
        out += [f"      AnyMethodDescriptor({escape(n)})," for n in names]
        out += ["    ]", "  }", "}", ""]
        return out


HEADER = "// Generated by scripts/generate from proto/. DO NOT EDIT."

# The core schema: what the RPC runtime needs (the wire envelope and health), in a module of its
# own (DistrictSchemaCore) under the services' schema (DistrictSchema).
CORE_FILES = frozenset({"district/rpc/v1/frame.proto", "district/health/v1/health.proto"})


def split_camel(name):
    """`DistrictSchemaCoreC` → ["District", "Schema", "Core", "C"]."""
    return re.findall(r"[A-Z][a-z]*", name)
C_HEADER = "/* Generated by scripts/generate from proto/. DO NOT EDIT. */"


def main():
    if len(sys.argv) != 6:
        raise SystemExit(__doc__)
    fds = descriptor_pb2.FileDescriptorSet()
    with open(sys.argv[1], "rb") as fh:
        fds.ParseFromString(fh.read())
    Generator(fds).generate(*sys.argv[2:6])


if __name__ == "__main__":
    main()
