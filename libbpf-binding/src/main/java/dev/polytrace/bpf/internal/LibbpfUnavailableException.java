package dev.polytrace.bpf.internal;

import dev.polytrace.bpf.BpfException;

/** libbpf could not be loaded (missing library, too old): names the reason and the fix. */
public final class LibbpfUnavailableException extends BpfException {
    public LibbpfUnavailableException(String cause) {
        super("loading libbpf", 0, cause + " — install it with: apt-get install libbpf1 (libbpf >= 1.1)");
    }
}
