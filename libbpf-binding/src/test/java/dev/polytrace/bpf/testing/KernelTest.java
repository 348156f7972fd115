package dev.polytrace.bpf.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that loads programs into the real kernel. It is skipped (visibly, with the
 * reason) without root or libbpf, and fails if it leaves a program, map, link or fd behind.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("kernel")
@ExtendWith(KernelLeakCheck.class)
public @interface KernelTest {
}
