package dev.polytrace.script.codec;

import dev.polytrace.bpf.btf.BtfArray;
import dev.polytrace.bpf.btf.BtfInt;
import dev.polytrace.bpf.btf.BtfMember;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event type compiled once for reading its records field by field: the fields a decoded record
 * has (a struct's members, flattened like {@link BtfCodec} does; any other type as one field
 * {@code value}) and for each a reader straight from the bytes. Plain integers and C strings,
 * what events are mostly made of, read without walking the type; everything else goes through the
 * same reader as {@link BtfCodec}, so a field reads exactly as it does in the decoded map.
 *
 * <p>This is what lets a handler's event decode only the fields it touches, and the JSON output
 * skip building a map per record. Immutable and thread-safe.
 *
 * <p>Records may be shorter than their type: tools submit the fixed part of a struct and only
 * the used bytes of its trailing array (execsnoop's {@code EVENT_SIZE(e)}). Such a record has
 * every field it holds whole; an array it ends inside has the elements there (a C string the
 * bytes there, up to a NUL), and the fields after that are absent ({@link #isPresent}). Only a
 * record shorter than the first field cannot be read ({@link #check}). A record longer than its
 * type reads as the type; the bytes after it are left to the caller's raw bytes.
 */
public final class RecordLayout {
    private final BtfType type;
    private final int size;
    private final List<String> names;
    private final Map<String, Integer> index;
    private final FieldReader[] readers;
    private final Extent[] extents;
    private final int minimumLength;
    private final boolean struct;

    /**
     * Reads one field of a record; {@code base} is the record's first byte in a little-endian
     * buffer, {@code length} the record's bytes: an array the record ends inside reads what is there.
     */
    private interface FieldReader {
        Object read(ByteBuffer record, int base, int length);
    }

    /**
     * Where a field lies: bytes {@code start} up to {@code end} of the record. An array may be
     * cut: a record that ends inside it still has it.
     */
    private record Extent(int start, int end, boolean cuttable) {
        boolean within(int length) {
            return length >= end || (cuttable && length > start);
        }
    }

    /** A field as the layout is made of it. */
    private record Field(FieldReader reader, Extent extent) {
    }

    private RecordLayout(BtfType type, List<String> names, List<Field> fields, boolean struct) {
        this.type = type;
        this.size = (int) type.size();
        this.names = Collections.unmodifiableList(names);
        this.readers = fields.stream().map(Field::reader).toArray(FieldReader[]::new);
        this.extents = fields.stream().map(Field::extent).toArray(Extent[]::new);
        this.minimumLength = extents.length == 0 ? size : extents[0].end();
        this.struct = struct;
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.put(names.get(i), i);
        }
        this.index = byName;
    }

    /** The layout of records of {@code type}. */
    public static RecordLayout of(BtfType type) {
        if (!(type.resolve() instanceof BtfStruct s)) {
            return new RecordLayout(type, List.of("value"),
                    List.of(new Field(whole(type), new Extent(0, (int) type.size(), false))), false);
        }
        Map<String, Field> fields = new LinkedHashMap<>();
        collect(type, s, 0, fields);
        return new RecordLayout(type, new ArrayList<>(fields.keySet()), new ArrayList<>(fields.values()), true);
    }

    /** Members of anonymous members belong to the struct; a repeated name keeps its first place, its last reader. */
    private static void collect(BtfType root, BtfStruct s, long base, Map<String, Field> out) {
        for (BtfMember m : s.members()) {
            if (StructMembers.isAnonymousAggregate(m)) {
                collect(root, (BtfStruct) m.type().resolve(), base + m.byteOffset(), out);
            } else if (!m.name().isEmpty()) {
                Extent extent = extent(m, base);
                out.put(m.name(), new Field(reader(root, m, base, extent), extent));
            }
        }
    }

    /** The bytes member {@code m} of the struct at {@code structPos} takes; a bitfield the bytes its bits are in. */
    private static Extent extent(BtfMember m, long structPos) {
        if (m.isBitfield()) {
            long bitPos = structPos * 8 + m.bitOffset();
            int start = (int) (bitPos / 8);
            return new Extent(start, start + BitField.byteSpan(bitPos, m.bitfieldSize()), false);
        }
        int start = (int) (structPos + m.byteOffset());
        BtfType t = m.type().resolve();
        return new Extent(start, start + (int) t.size(), t instanceof BtfArray a && a.length() > 0);
    }

    private static FieldReader reader(BtfType root, BtfMember m, long structPos, Extent extent) {
        BtfType t = m.type().resolve();
        int at = (int) (structPos + m.byteOffset());
        if (!m.isBitfield() && plainInt(t) instanceof BtfInt i) {
            return new IntReader(at, (int) i.size(), i.bits(), i.signed());
        }
        if (!m.isBitfield() && t instanceof BtfArray a && a.isCharArray() && a.length() > 0) {
            return new StringReader(at, (int) a.length());
        }
        if (!m.isBitfield() && t instanceof BtfArray a && !a.isCharArray() && a.length() > 0 && a.length() <= 4096
                && plainInt(a.elementType()) instanceof BtfInt e) {
            return new IntArrayReader(new IntReader(at, (int) e.size(), e.bits(), e.signed()), (int) a.length());
        }
        return (record, base, length) -> {
            try {
                ValueReader values = new ValueReader(record, base, length);
                return length < extent.end() ? values.memberPrefix(m, structPos) : values.member(m, structPos);
            } catch (FieldError e) {
                throw BtfCodec.failure(root, e);
            }
        };
    }

    /** The type as an integer of 1, 2, 4 or 8 bytes that reads as a number (not a bool), or null. */
    private static BtfInt plainInt(BtfType type) {
        if (type.resolve() instanceof BtfInt i && i.size() <= 8 && Integer.bitCount((int) i.size()) == 1
                && i.bitOffset() == 0 && !IntegerValues.isBool(i)) {
            return i;
        }
        return null;
    }

    private static FieldReader whole(BtfType type) {
        return (record, base, length) -> {
            try {
                return new ValueReader(record, base, length).value(type, 0);
            } catch (FieldError e) {
                throw BtfCodec.failure(type, e);
            }
        };
    }

    /** A little-endian view of a record's bytes, as {@link #read} wants it. */
    public static ByteBuffer view(byte[] record) {
        return ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The type the records have. */
    public BtfType type() {
        return type;
    }

    /** The field names, in the order the decoded map has them. */
    public List<String> names() {
        return names;
    }

    /** The position of a field in {@link #names()}, or -1. */
    public int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    /**
     * Checks that {@code record} can be read: it holds at least the first field. A shorter one
     * fails as {@link BtfCodec} would, naming the field it cuts.
     *
     * @param record little-endian; the record is from its position to its limit
     * @throws CodecException when the record is too short
     */
    public void check(ByteBuffer record) {
        if (record.remaining() < minimumLength) {
            new BtfCodec().decode(type, record.slice(), 0); // throws, with the field's path
            throw new CodecException("cannot decode " + type.cName() + ": the record has " + record.remaining()
                    + " bytes, reading it takes at least " + minimumLength);
        }
    }

    /** Whether {@code record} holds the whole type, so that every field is present. */
    public boolean isWhole(ByteBuffer record) {
        return record.remaining() >= size;
    }

    /**
     * Whether {@code record} has field {@code field}: it holds all of it, or, for an array, ends
     * inside it (the field then reads as the elements there).
     */
    public boolean isPresent(int field, ByteBuffer record) {
        return extents[field].within(record.remaining());
    }

    /**
     * Field {@code field} of the record from {@code record}'s position to its limit, as {@link
     * BtfCodec} decodes it (an array the record ends inside as the elements there). The buffer
     * must be little-endian; its position and limit are kept.
     *
     * @throws CodecException when the field cannot be decoded or is not {@link #isPresent present}
     */
    public Object read(int field, ByteBuffer record) {
        int length = record.remaining();
        if (length < size && !extents[field].within(length)) {
            throw new CodecException("cannot decode " + type.cName() + ": the record ends (" + length
                    + " bytes) before its field " + names.get(field) + " (bytes " + extents[field].start() + "..)");
        }
        return readers[field].read(record, record.position(), length);
    }

    /**
     * The record's present fields, equal to what {@link BtfCodec#decode} gives for a struct (else
     * {@code {value: ...}}) when the record holds the whole type.
     *
     * @throws CodecException when the record is shorter than the first field, or a field cannot be decoded
     */
    public Map<String, Object> decode(ByteBuffer record) {
        ByteBuffer le = record.order() == ByteOrder.LITTLE_ENDIAN ? record : record.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        check(le);
        boolean whole = isWhole(le);
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, names.size() * 2));
        for (int i = 0; i < readers.length; i++) {
            if (whole || isPresent(i, le)) {
                out.put(names.get(i), read(i, le));
            }
        }
        return out;
    }

    /**
     * Where field {@code field} lies in the record, when it is one a reader in another language can
     * decode from the bytes alone, to the same value: a plain integer whose bits are all value bits
     * (1, 2, 4 or 8 bytes, little-endian), a C string ({@code char[N]}, read up to the first NUL as
     * UTF-8), or an array of such integers (a list of them). Null for any other field.
     */
    public Placement placement(int field) {
        return switch (readers[field]) {
            case IntReader i when i.bits() == i.size() * 8 ->
                new Placement(Placement.Kind.INTEGER, i.offset(), i.size(), 1, i.signed());
            case StringReader s -> new Placement(Placement.Kind.STRING, s.offset(), 1, s.length(), false);
            case IntArrayReader a when a.first().bits() == a.first().size() * 8 ->
                new Placement(Placement.Kind.INTEGER_ARRAY, a.first().offset(), a.first().size(), a.length(),
                        a.first().signed());
            default -> null;
        };
    }

    /**
     * A field's place in the record (see {@link #placement}).
     *
     * @param offset  its first byte, from the record's start
     * @param size    bytes of one element (1 for a string)
     * @param count   elements (1 for an integer, the array's length for a string)
     * @param signed  whether the integers are signed
     */
    public record Placement(Kind kind, int offset, int size, int count, boolean signed) {
        /** What the bytes hold. */
        public enum Kind { INTEGER, STRING, INTEGER_ARRAY }

        /** Bytes the field takes. */
        public int length() {
            return size * count;
        }

        /** Elements (a string's bytes) wholly within a record of {@code recordLength} bytes. */
        public int countWithin(int recordLength) {
            return Math.max(0, Math.min(count, (recordLength - offset) / size));
        }
    }

    /** Whether the records are structs (else their one field is {@code value}). */
    public boolean isStruct() {
        return struct;
    }

    /** An integer of 1, 2, 4 or 8 bytes, its bits all value bits. */
    private record IntReader(int offset, int size, int bits, boolean signed) implements FieldReader {
        @Override
        public Object read(ByteBuffer record, int base, int length) {
            int at = base + offset;
            long raw = switch (size) {
                case 1 -> record.get(at);
                case 2 -> record.getShort(at);
                case 4 -> record.getInt(at);
                default -> record.getLong(at);
            };
            return IntegerValues.of(raw, bits, signed);
        }
    }

    /** An array of plain integers: a list of their values (those the record holds whole). */
    private record IntArrayReader(IntReader first, int length) implements FieldReader {
        @Override
        public Object read(ByteBuffer record, int base, int available) {
            int count = Math.min(length, Math.max(0, available - first.offset()) / first.size());
            List<Object> out = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                out.add(first.read(record, base + k * first.size(), available));
            }
            return out;
        }
    }

    /** {@code char[N]}: the bytes before the first NUL (or the record's end), as UTF-8. */
    private record StringReader(int offset, int length) implements FieldReader {
        @Override
        public Object read(ByteBuffer record, int base, int available) {
            int at = base + offset;
            int present = Math.min(length, available - offset);
            int end = 0;
            while (end < present && record.get(at + end) != 0) {
                end++;
            }
            if (record.hasArray()) {
                return new String(record.array(), record.arrayOffset() + at, end, StandardCharsets.UTF_8);
            }
            byte[] bytes = new byte[end];
            record.get(at, bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
