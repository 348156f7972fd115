package dev.polytrace.bpf.btf;

/**
 * One enumerator. {@code value} is sign-extended for signed enums and zero-extended for
 * unsigned ones (so an unsigned 64-bit value above {@link Long#MAX_VALUE} reads as negative).
 */
public record BtfEnumValue(String name, long value) {
}
