package dev.polytrace.bpf.btf;

/** Type id 0: {@code void}, the target of {@code void *} and the return type of {@code void} functions. */
public record BtfVoid(Btf btf) implements StoragelessType {
    @Override
    public int id() {
        return 0;
    }

    @Override
    public String name() {
        return "";
    }

    @Override
    public BtfKind kind() {
        return BtfKind.VOID;
    }

    @Override
    public String toString() {
        return "void";
    }
}
