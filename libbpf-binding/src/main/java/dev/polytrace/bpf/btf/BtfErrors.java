package dev.polytrace.bpf.btf;

import dev.polytrace.bpf.BpfFormatException;

/** Builds the one-line format errors of one parse, all under the operation {@code BTF parse(origin)}. */
record BtfErrors(String origin) {
    BpfFormatException at(String detail) {
        return new BpfFormatException("BTF parse(" + origin + ")", detail);
    }

    /** An error about one type, naming its id and kind. */
    BpfFormatException type(int id, BtfKind kind, String detail) {
        return at("type id " + id + " (" + kind + ") " + detail);
    }
}
