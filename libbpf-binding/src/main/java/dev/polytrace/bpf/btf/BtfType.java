package dev.polytrace.bpf.btf;

/**
 * One type of a {@link Btf} graph. Types refer to each other by id through their owning
 * {@link Btf}, so cycles such as {@code struct list_head *next} are fine. All implementations
 * are immutable and thread-safe.
 */
public sealed interface BtfType permits BtfVoid, BtfInt, BtfPointer, BtfArray, BtfStruct, BtfEnum, BtfFwd,
        BtfTypedef, BtfQualifier, BtfFunc, BtfFuncProto, BtfVar, BtfDatasec, BtfFloat, BtfDeclTag {

    /** The type id: its index in {@link Btf#types()}; 0 is void. */
    int id();

    /** The type's name, "" when anonymous; for tags, the tag's value. */
    String name();

    BtfKind kind();

    /** The underlying type once typedefs, const, volatile, restrict and type tags are followed. */
    BtfType resolve();

    /** Size in bytes of the resolved type: 8 for pointers, element size times length for arrays, 0 for void and functions. */
    long size();

    /** Natural alignment in bytes (1 for packed structs and for types without storage). */
    int alignment();

    /** The C spelling: {@code unsigned int}, {@code struct event}, {@code char[16]}, {@code const char *}. */
    String cName();
}
