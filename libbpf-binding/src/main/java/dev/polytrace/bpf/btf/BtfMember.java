package dev.polytrace.bpf.btf;

/**
 * A member of a {@link BtfStruct}. Offsets are in bits from the start of the enclosing struct or
 * union; {@link #bitfieldSize()} is 0 for ordinary members. Both BTF bitfield encodings are
 * decoded: with the struct's kind_flag set, size and offset are packed in the member's offset
 * word; without it, the size comes from the member's integer type.
 */
public final class BtfMember extends TypedComponent {
    private final long rawOffset;
    private final boolean kindFlag;

    BtfMember(Btf btf, long nameOffset, int typeId, long rawOffset, boolean kindFlag) {
        super(btf, nameOffset, typeId);
        this.rawOffset = rawOffset;
        this.kindFlag = kindFlag;
    }


    /** Offset in bits of the member's first bit. */
    public long bitOffset() {
        if (kindFlag) {
            return rawOffset & 0xff_ffffL;
        }
        return rawOffset + (legacyBitfieldInt() instanceof BtfInt i ? i.bitOffset() : 0);
    }

    /** Width in bits of a bitfield, 0 when the member is not a bitfield. */
    public int bitfieldSize() {
        if (kindFlag) {
            return (int) (rawOffset >>> 24);
        }
        return legacyBitfieldInt() instanceof BtfInt i ? i.bits() : 0;
    }

    public boolean isBitfield() {
        return bitfieldSize() != 0;
    }

    /** Offset in bytes; for a bitfield, of the byte holding its first bit. */
    public long byteOffset() {
        return bitOffset() / 8;
    }

    /** Without kind_flag a bitfield is typed as an int whose bits do not fill its storage. */
    private BtfInt legacyBitfieldInt() {
        if (type().resolve() instanceof BtfInt i && (i.bits() != i.size() * 8 || i.bitOffset() != 0)) {
            return i;
        }
        return null;
    }

    @Override
    public String toString() {
        String spelled = CDeclarator.declare(type(), name());
        String bits = isBitfield() ? " : " + bitfieldSize() : "";
        return spelled + bits + " @" + (isBitfield() ? "bit " + bitOffset() : byteOffset());
    }
}
