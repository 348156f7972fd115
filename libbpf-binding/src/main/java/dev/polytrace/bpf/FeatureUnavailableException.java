package dev.polytrace.bpf;

/** A kernel or libbpf capability this machine lacks; the message says which and why. */
public final class FeatureUnavailableException extends BpfException {
    public FeatureUnavailableException(String operation, int errno, String reason) {
        super(operation, errno, reason);
    }
}
