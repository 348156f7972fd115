package dev.polytrace.host.daemon;

import java.time.Duration;

/**
 * What the daemon spends on builds for its clients ({@code POST /v1/build}).
 *
 * @param maxSourceBytes characters of source and headers one request may bring
 * @param timeLimit      how long one run of clang may take before it is killed
 * @param maxConcurrent  builds at once; one more is refused as busy rather than queued
 */
public record BuildLimits(int maxSourceBytes, Duration timeLimit, int maxConcurrent) {
    public static final BuildLimits DEFAULTS = new BuildLimits(1 << 20, Duration.ofSeconds(60), 2);

    public BuildLimits {
        if (maxSourceBytes <= 0 || maxConcurrent <= 0 || timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("build limits must be positive");
        }
    }
}
