package dev.polytrace.host.build;

/** A {@code ///} comment alone on its line: the text after the slashes, and where it is. */
record DocLine(int line, String text) {
}
