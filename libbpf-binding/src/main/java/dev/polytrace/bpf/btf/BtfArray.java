package dev.polytrace.bpf.btf;

import java.util.ArrayList;
import java.util.List;

/**
 * An array (ARRAY). C's multi-dimensional {@code int m[2][3]} is an array of 2 arrays of 3 ints:
 * {@link #dimensions()} gives {@code [2, 3]} and {@link #innermostElement()} the {@code int}.
 *
 * @param length number of elements (0 for flexible array members)
 */
public record BtfArray(Btf btf, int id, String name, int elementTypeId, int indexTypeId, long length)
        implements BtfType {
    public BtfType elementType() {
        return btf.type(elementTypeId);
    }

    /** The index type, an integer type (clang emits a synthetic {@code __ARRAY_SIZE_TYPE__}). */
    public BtfType indexType() {
        return btf.type(indexTypeId);
    }

    /** Lengths of this array and of directly nested arrays, outermost first. */
    public List<Long> dimensions() {
        List<Long> dims = new ArrayList<>();
        BtfType t = this;
        while (t instanceof BtfArray a) {
            dims.add(a.length);
            t = a.elementType();
        }
        return List.copyOf(dims);
    }

    /** The element type below all directly nested arrays. */
    public BtfType innermostElement() {
        BtfType t = this;
        while (t instanceof BtfArray a) {
            t = a.elementType();
        }
        return t;
    }

    /** Whether this is a string buffer: its element resolves to a 1-byte, non-bool integer. */
    public boolean isCharArray() {
        return elementType().resolve() instanceof BtfInt i && i.size() == 1 && !i.isBool();
    }

    @Override
    public BtfKind kind() {
        return BtfKind.ARRAY;
    }

    @Override
    public long size() {
        return length * elementType().size();
    }

    @Override
    public int alignment() {
        return elementType().alignment();
    }

    @Override
    public String toString() {
        return CDeclarator.withSize(this);
    }
}
