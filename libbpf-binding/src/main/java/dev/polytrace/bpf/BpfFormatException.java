package dev.polytrace.bpf;

/** Input that is not what it claims to be: a non-ELF file, a truncated object, malformed BTF. */
public class BpfFormatException extends BpfException {
    public BpfFormatException(String operation, String detail) {
        super(operation, 0, detail);
    }
}
