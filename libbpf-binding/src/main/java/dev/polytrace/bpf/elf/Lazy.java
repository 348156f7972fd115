package dev.polytrace.bpf.elf;

import java.util.function.Supplier;

/** A value computed once on first use, safely published; a failed computation is retried next time. */
final class Lazy<T> {
    private final Supplier<T> supplier;
    private volatile T value;

    Lazy(Supplier<T> supplier) {
        this.supplier = supplier;
    }

    T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = supplier.get();
                    value = v;
                }
            }
        }
        return v;
    }
}
