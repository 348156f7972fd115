package dev.polytrace.host.pkg;

import java.util.Optional;

/** A program of the object, with the run-time target its section alone cannot say. */
public record PackageProgram(String name, String section, Optional<AttachTarget> attach) {
}
