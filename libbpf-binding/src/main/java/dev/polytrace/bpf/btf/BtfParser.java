package dev.polytrace.bpf.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * Decodes the type section into {@link BtfType} objects in two passes: the first finds where
 * each type record starts (records have kind-dependent lengths), so the second can check every
 * type id reference against the final count while building.
 */
final class BtfParser {
    private static final int TYPE_RECORD = 12;

    private final Btf btf;
    private final ByteBuffer in;
    private final BtfHeader header;
    private final BtfStrings strings;
    private final BtfErrors errors;
    private final DatasecLayout layout;
    private final Btf base;
    /** Id of the first record in the type section: 1 after void, or the base's count for split BTF. */
    private final int firstId;
    private int[] offsets = new int[1024];
    private int count;

    private BtfParser(Btf btf, byte[] raw, Btf base, BtfErrors errors, DatasecLayout layout) {
        this.btf = btf;
        this.base = base;
        this.errors = errors;
        this.layout = layout;
        this.header = BtfHeader.parse(raw, errors);
        this.in = ByteBuffer.wrap(raw).order(header.order());
        this.strings = BtfStrings.of(raw, header, base == null ? null : base.strings(), errors);
        this.firstId = base == null ? 1 : base.typeCount();
    }

    /** What parsing produced: the string section and the types this BTF defines, lowest id first. */
    record Result(BtfStrings strings, BtfType[] ownTypes, ByteOrder order) {
    }

    static Result parse(Btf btf, byte[] raw, Btf base, BtfErrors errors, DatasecLayout layout) {
        BtfParser parser = new BtfParser(btf, raw, base, errors, layout);
        parser.locateRecords();
        return new Result(parser.strings, parser.decodeAll(), parser.header.order());
    }

    private void locateRecords() {
        int pos = header.typeStart();
        while (pos < header.typeEnd()) {
            int id = firstId + count;
            require(pos, TYPE_RECORD, id, null);
            int info = in.getInt(pos + 4);
            BtfKind kind = BtfKind.ofCode((info >>> 24) & 0x1f);
            if (kind == null) {
                throw errors.at("type id " + id + " at offset " + pos + " has unknown kind " + ((info >>> 24) & 0x1f));
            }
            long length = TYPE_RECORD + trailerLength(kind, info & 0xffff);
            require(pos, length, id, kind);
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
            }
            offsets[count++] = pos;
            pos += (int) length;
        }
    }

    /** Fails unless the record of type {@code id} ({@code kind} null while still unknown) fits the section. */
    private void require(int pos, long length, int id, BtfKind kind) {
        if (length > header.typeEnd() - (long) pos) {
            throw errors.at("truncated: " + (kind == null ? "type" : kind) + " record of type id " + id + " at offset "
                    + pos + " needs " + length + " bytes, type section ends at " + header.typeEnd());
        }
    }

    /** Bytes following the common btf_type record, per kind. */
    private static long trailerLength(BtfKind kind, int vlen) {
        return switch (kind) {
            case INT, VAR, DECL_TAG -> 4;
            case ARRAY -> 12;
            case STRUCT, UNION, DATASEC, ENUM64 -> 12L * vlen;
            case ENUM, FUNC_PROTO -> 8L * vlen;
            default -> 0;
        };
    }

    private BtfType[] decodeAll() {
        int voidSlot = base == null ? 1 : 0;
        BtfType[] types = new BtfType[voidSlot + count];
        if (base == null) {
            types[0] = new BtfVoid(btf);
        }
        for (int i = 0; i < count; i++) {
            types[voidSlot + i] = decode(firstId + i, offsets[i]);
        }
        return types;
    }

    private BtfType decode(int id, int pos) {
        int info = in.getInt(pos + 4);
        BtfKind kind = BtfKind.ofCode((info >>> 24) & 0x1f);
        int vlen = info & 0xffff;
        boolean kindFlag = info < 0;
        String name = string(in.getInt(pos), id, kind, "name");
        int sizeOrType = in.getInt(pos + 8);
        int data = pos + TYPE_RECORD;
        return switch (kind) {
            case INT -> decodeInt(id, name, sizeOrType, in.getInt(data));
            case PTR -> new BtfPointer(btf, id, name, ref(sizeOrType, id, kind, "pointer target"));
            case ARRAY -> new BtfArray(btf, id, name, ref(in.getInt(data), id, kind, "element type"),
                    ref(in.getInt(data + 4), id, kind, "index type"), unsigned(in.getInt(data + 8)));
            case STRUCT, UNION -> decodeStruct(id, name, kind, unsigned(sizeOrType), vlen, kindFlag, data);
            case ENUM, ENUM64 -> decodeEnum(id, name, kind, sizeOrType, vlen, kindFlag, data);
            case FWD -> new BtfFwd(btf, id, name, kindFlag);
            case TYPEDEF -> new BtfTypedef(btf, id, name, ref(sizeOrType, id, kind, "target"));
            case CONST, VOLATILE, RESTRICT, TYPE_TAG -> new BtfQualifier(btf, id, name, qualifier(kind),
                    ref(sizeOrType, id, kind, "target"), kindFlag);
            case FUNC -> new BtfFunc(btf, id, name, ref(sizeOrType, id, kind, "prototype"), linkage(vlen, id, kind));
            case FUNC_PROTO -> decodeFuncProto(id, name, sizeOrType, vlen, data);
            case VAR -> new BtfVar(btf, id, name, ref(sizeOrType, id, kind, "type"),
                    linkage(in.getInt(data), id, kind));
            case DATASEC -> decodeDatasec(id, name, unsigned(sizeOrType), vlen, data);
            case FLOAT -> decodeFloat(id, name, sizeOrType);
            case DECL_TAG -> decodeDeclTag(id, name, sizeOrType, in.getInt(data), kindFlag);
            case VOID -> throw new IllegalStateException("VOID never comes from a type record");
        };
    }

    private BtfType decodeInt(int id, String name, int size, int data) {
        int bits = data & 0xff;
        int bitOffset = (data >>> 16) & 0xff;
        if (size <= 0 || size > 16 || bits + bitOffset > size * 8) {
            throw errors.type(id, BtfKind.INT, "'" + name + "' has inconsistent size " + Integer.toUnsignedString(size)
                    + ", " + bits + " bits at bit offset " + bitOffset);
        }
        return new BtfInt(btf, id, name, size, (data >>> 24) & 0xf, bitOffset, bits);
    }

    private BtfType decodeFloat(int id, String name, int size) {
        if (size <= 0 || size > 16) {
            throw errors.type(id, BtfKind.FLOAT, "'" + name + "' has size " + Integer.toUnsignedString(size)
                    + ", expected 1 to 16");
        }
        return new BtfFloat(btf, id, name, size);
    }

    private BtfType decodeStruct(int id, String name, BtfKind kind, long size, int vlen, boolean kindFlag, int data) {
        List<BtfMember> members = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            int at = data + 12 * i;
            long nameOffset = stringOffset(in.getInt(at), id, kind, "member # name", i);
            int type = ref(in.getInt(at + 4), id, kind, "member #", i);
            members.add(new BtfMember(btf, nameOffset, type, unsigned(in.getInt(at + 8)), kindFlag));
        }
        return new BtfStruct(btf, id, name, kind, size, List.copyOf(members));
    }

    private BtfType decodeEnum(int id, String name, BtfKind kind, int size, int vlen, boolean signed, int data) {
        boolean is64 = kind == BtfKind.ENUM64;
        if (size <= 0 || size > 8) {
            throw errors.type(id, kind, "'" + name + "' has size " + Integer.toUnsignedString(size) + ", expected 1 to 8");
        }
        List<BtfEnumValue> values = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            int at = data + (is64 ? 12 : 8) * i;
            String enumerator = string(in.getInt(at), id, kind, "enumerator # name", i);
            long value = is64 ? unsigned(in.getInt(at + 4)) | (long) in.getInt(at + 8) << 32
                    : signed ? in.getInt(at + 4) : unsigned(in.getInt(at + 4));
            values.add(new BtfEnumValue(enumerator, value));
        }
        return new BtfEnum(btf, id, name, kind, signed, size, List.copyOf(values));
    }

    private BtfType decodeFuncProto(int id, String name, int returnType, int vlen, int data) {
        int returnId = ref(returnType, id, BtfKind.FUNC_PROTO, "return type");
        List<BtfParam> params = new ArrayList<>(vlen);
        boolean variadic = false;
        for (int i = 0; i < vlen; i++) {
            int nameOffset = in.getInt(data + 8 * i);
            int type = in.getInt(data + 8 * i + 4);
            if (type == 0 && i == vlen - 1 && nameOffset == 0) {
                variadic = true; // a trailing "..."
                continue;
            }
            long param = stringOffset(nameOffset, id, BtfKind.FUNC_PROTO, "parameter # name", i);
            if (type == 0) {
                throw errors.type(id, BtfKind.FUNC_PROTO, "parameter " + i + " has type void");
            }
            params.add(new BtfParam(btf, param, ref(type, id, BtfKind.FUNC_PROTO, "parameter #", i)));
        }
        return new BtfFuncProto(btf, id, name, returnId, List.copyOf(params), variadic);
    }

    private BtfType decodeDatasec(int id, String name, long size, int vlen, int data) {
        boolean fixup = size == 0 && layout != null && layout.sectionSize(name).isPresent();
        long actualSize = fixup ? layout.sectionSize(name).getAsLong() : size;
        List<BtfVarSecInfo> vars = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            int at = data + 12 * i;
            int type = ref(in.getInt(at), id, BtfKind.DATASEC, "entry #", i);
            long offset = unsigned(in.getInt(at + 4));
            if (fixup) {
                OptionalLong fixed = layout.variableOffset(name, typeName(type));
                offset = fixed.orElse(offset);
            }
            vars.add(new BtfVarSecInfo(btf, type, offset, unsigned(in.getInt(at + 8))));
        }
        vars.sort(Comparator.comparingLong(BtfVarSecInfo::offset));
        return new BtfDatasec(btf, id, name, actualSize, List.copyOf(vars));
    }

    private BtfType decodeDeclTag(int id, String name, int target, int componentIndex, boolean attribute) {
        if (componentIndex < -1) {
            throw errors.type(id, BtfKind.DECL_TAG, "'" + name + "' has component index " + componentIndex);
        }
        return new BtfDeclTag(btf, id, name, ref(target, id, BtfKind.DECL_TAG, "target"), componentIndex, attribute);
    }

    /** The name of a type that may not be decoded yet: entries can refer to higher ids. */
    private String typeName(int typeId) {
        if (typeId < firstId) {
            return base == null ? "" : base.type(typeId).name();
        }
        String name = strings.at(unsigned(in.getInt(offsets[typeId - firstId])));
        return name == null ? "" : name;
    }

    private int ref(int typeId, int fromId, BtfKind kind, String role) {
        return ref(typeId, fromId, kind, role, -1);
    }

    /** Checks a type id reference; {@code role} and {@code index} (-1 for none) say which field it is. */
    private int ref(int typeId, int fromId, BtfKind kind, String role, int index) {
        long total = (long) firstId + count;
        if (unsigned(typeId) >= total) {
            throw errors.type(fromId, kind, role(role, index) + " references type id "
                    + Integer.toUnsignedString(typeId) + ", which does not exist (ids end at " + (total - 1) + ")");
        }
        return typeId;
    }

    /** The field's description for an error: {@code role} with its '#' replaced by the index. */
    private static String role(String role, int index) {
        return index < 0 ? role : role.replace("#", Integer.toString(index));
    }

    private String string(int offset, int id, BtfKind kind, String role) {
        return strings.at(stringOffset(offset, id, kind, role, -1));
    }

    private String string(int offset, int id, BtfKind kind, String role, int index) {
        return strings.at(stringOffset(offset, id, kind, role, index));
    }

    /** Checks a string offset without decoding the string (the section ends with NUL, so any offset in it is valid). */
    private long stringOffset(int offset, int id, BtfKind kind, String role, int index) {
        long at = unsigned(offset);
        if (at >= strings.endOffset()) {
            throw errors.type(id, kind, role(role, index) + " offset " + at + " is outside the string section (ends at "
                    + strings.endOffset() + ")");
        }
        return at;
    }

    private BtfLinkage linkage(int code, int id, BtfKind kind) {
        BtfLinkage linkage = BtfLinkage.ofCode(code);
        if (linkage == null) {
            throw errors.type(id, kind, "has unknown linkage " + Integer.toUnsignedString(code));
        }
        return linkage;
    }

    private static BtfQualifier.Qualifier qualifier(BtfKind kind) {
        return switch (kind) {
            case CONST -> BtfQualifier.Qualifier.CONST;
            case VOLATILE -> BtfQualifier.Qualifier.VOLATILE;
            case RESTRICT -> BtfQualifier.Qualifier.RESTRICT;
            default -> BtfQualifier.Qualifier.TYPE_TAG;
        };
    }

    private static long unsigned(int value) {
        return value & 0xffff_ffffL;
    }
}
