package dev.polytrace.bpf;

import dev.polytrace.bpf.btf.BtfArray;
import dev.polytrace.bpf.btf.BtfEnum;
import dev.polytrace.bpf.btf.BtfInt;
import dev.polytrace.bpf.btf.BtfLinkage;
import dev.polytrace.bpf.btf.BtfType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import jnr.ffi.Pointer;

/**
 * One global variable, typed through BTF. Values in .rodata can be set only before load (the
 * kernel freezes the section); .bss and .data stay writable while the programs run.
 */
public final class GlobalVariable {
    private final GlobalVariables owner;
    private final String name;
    private final String section;
    private final BtfType type;
    private final BtfLinkage linkage;
    private final Pointer data;
    private final int offset;
    private final int size;

    GlobalVariable(GlobalVariables owner, String name, String section, BtfType type, BtfLinkage linkage,
            Pointer data, int offset, int size) {
        this.owner = owner;
        this.name = name;
        this.section = section;
        this.type = type;
        this.linkage = linkage;
        this.data = data;
        this.offset = offset;
        this.size = size;
    }

    public String name() {
        return name;
    }

    /** ".rodata", ".bss", ".data" or a custom ".data.*" section. */
    public String section() {
        return section;
    }

    public BtfType type() {
        return type;
    }

    /**
     * True for a C {@code static} variable: local to the object, so not part of a skeleton (bpftool
     * leaves statics out) and never read by a tool's user space.
     */
    public boolean isStatic() {
        return linkage == BtfLinkage.STATIC;
    }

    public int offset() {
        return offset;
    }

    public int size() {
        return size;
    }

    /** True for .rodata variables: the verifier treats them as constants, so they are frozen at load. */
    public boolean isConstant() {
        return section.startsWith(".rodata");
    }

    /** Whether {@link #setBytes} may be called now. */
    public boolean isWritable() {
        return !owner.isClosed() && !(isConstant() && owner.isLoaded());
    }

    public byte[] bytes() {
        checkReadable();
        byte[] out = new byte[size];
        data.get(offset, out, 0, size);
        return out;
    }

    public void setBytes(byte[] value) {
        checkWritable();
        if (value.length != size) {
            throw new BpfException("setting " + name, Errno.EINVAL,
                    "value has " + value.length + " bytes, " + type.cName() + " " + name + " has " + size);
        }
        data.put(offset, value, 0, size);
    }

    /** Integer, bool and enum variables as a long (sign-extended when the type is signed). */
    public long longValue() {
        byte[] b = bytes();
        long v = 0;
        for (int i = Math.min(8, b.length) - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        if (isSigned() && size < 8) {
            int shift = 64 - 8 * size;
            v = (v << shift) >> shift;
        }
        return v;
    }

    public void setLong(long value) {
        BtfType resolved = type.resolve();
        if (!(resolved instanceof BtfInt) && !(resolved instanceof BtfEnum)) {
            throw new BpfException("setting " + name, Errno.EINVAL, type.cName() + " is not an integer type");
        }
        checkRange(value);
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        setBytes(b);
    }

    public boolean booleanValue() {
        return longValue() != 0;
    }

    public void setBoolean(boolean value) {
        setLong(value ? 1 : 0);
    }

    /** A char array as a string, up to its first NUL. */
    public String stringValue() {
        byte[] b = bytes();
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    public void setString(String value) {
        if (!(type.resolve() instanceof BtfArray array) || !array.isCharArray()) {
            throw new BpfException("setting " + name, Errno.EINVAL, type.cName() + " is not a char array");
        }
        byte[] encoded = value.getBytes(StandardCharsets.UTF_8);
        if (encoded.length >= size) {
            throw new BpfException("setting " + name, Errno.ERANGE,
                    "\"" + value + "\" needs " + (encoded.length + 1) + " bytes with its NUL, " + name + " holds " + size);
        }
        setBytes(Arrays.copyOf(encoded, size));
    }

    private boolean isSigned() {
        BtfType resolved = type.resolve();
        return (resolved instanceof BtfInt i && i.signed()) || (resolved instanceof BtfEnum e && e.signed());
    }

    private void checkRange(long value) {
        if (size >= 8) {
            return;
        }
        int bits = 8 * size;
        if (type.resolve() instanceof BtfInt i && i.isBool()) {
            if (value != 0 && value != 1) {
                throw new BpfException("setting " + name, Errno.ERANGE, "bool takes 0 or 1, got " + value);
            }
            return;
        }
        long min = isSigned() ? -(1L << (bits - 1)) : 0;
        long max = isSigned() ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
        if (value < min || value > max) {
            throw new BpfException("setting " + name, Errno.ERANGE,
                    value + " is out of range for " + type.cName() + " [" + min + ", " + max + "]");
        }
    }

    private void checkReadable() {
        if (owner.isClosed()) {
            throw new BpfClosedException("variable " + name);
        }
    }

    private void checkWritable() {
        checkReadable();
        if (!isWritable()) {
            throw new BpfException("setting " + name, Errno.EPERM,
                    name + " is in " + section + ", which is read-only once the object is loaded");
        }
    }

    @Override
    public String toString() {
        return type.cName() + " " + name + " (" + section + "+" + offset + ")";
    }
}
