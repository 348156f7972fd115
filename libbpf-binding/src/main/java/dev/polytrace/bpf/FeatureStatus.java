package dev.polytrace.bpf;

/** Whether a kernel feature works here and, when it does not, the probed reason. */
public record FeatureStatus(String feature, boolean available, String reason) {
    public static FeatureStatus works(String feature) {
        return new FeatureStatus(feature, true, "");
    }

    public static FeatureStatus missing(String feature, String reason) {
        return new FeatureStatus(feature, false, reason);
    }

    /** Throws {@link FeatureUnavailableException} unless available; for tests and callers that need it. */
    public void require() {
        if (!available) {
            throw new FeatureUnavailableException(feature, 0, reason);
        }
    }
}
