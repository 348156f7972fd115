package dev.polytrace.bpf.btf;

/**
 * One type of a {@link Btf} graph. Types refer to each other by id through their owning
 * {@link Btf}, so cycles such as {@code struct list_head *next} are fine. Every kind is an
 * immutable record, thread-safe; the kinds that share how they resolve and how much storage they
 * take ({@code ScalarType}, {@code AliasType}, {@code StoragelessType}) share it through an
 * interface of this package.
 */
public sealed interface BtfType permits BtfPointer, BtfArray, BtfStruct, BtfVar, BtfDatasec, ScalarType, AliasType,
        StoragelessType {

    /** The graph this type belongs to, where the types it refers to are looked up by id. */
    Btf btf();

    /** The type id: its index in {@link Btf#types()}; 0 is void. */
    int id();

    /** The type's name, "" when anonymous; for tags, the tag's value. */
    String name();

    BtfKind kind();

    /** The underlying type once typedefs, const, volatile, restrict and type tags are followed. */
    default BtfType resolve() {
        return this;
    }

    /** Size in bytes of the resolved type: 8 for pointers, element size times length for arrays, 0 for void and functions. */
    long size();

    /** Natural alignment in bytes (1 for packed structs and for types without storage). */
    int alignment();

    /** The C spelling: {@code unsigned int}, {@code struct event}, {@code char[16]}, {@code const char *}. */
    default String cName() {
        return CDeclarator.spell(this);
    }
}
