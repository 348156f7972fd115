package dev.polytrace.bpf;

/** One key and its value as raw bytes; for per-CPU maps the value holds every CPU's slot in order. */
public record MapEntry(byte[] key, byte[] value) {
}
