package dev.polytrace.host.pkg;

/**
 * A map whose size the package sets before load, as a C loader would with
 * {@code bpf_map__set_max_entries}: e.g. a hash map declared without {@code max_entries} because
 * its tool sizes it from {@code pid_max}. In JSON: {@code {"name": "start", "maxEntries": 65536}}.
 */
public record PackageMap(String name, long maxEntries) {
}
