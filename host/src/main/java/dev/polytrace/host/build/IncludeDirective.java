package dev.polytrace.host.build;

/** An {@code #include} line: {@code quoted} for {@code "x.h"}, false for {@code <x.h>}. */
record IncludeDirective(String target, boolean quoted, int line) {
}
