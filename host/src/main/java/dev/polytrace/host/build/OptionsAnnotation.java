package dev.polytrace.host.build;

import dev.polytrace.host.pkg.PackageOptions;
import java.util.List;
import java.util.Set;

/**
 * {@code /// @options {...}} anywhere in the source (by convention at the top): how the host runs
 * the handler. Fields: {@code interval} (or {@code interval_ms}), {@code handler_timeout_ms},
 * {@code on_handler_error} ("continue" | "stop"), {@code perf_buffer_pages}, {@code poll_timeout_ms};
 * omitted fields keep {@link PackageOptions#DEFAULTS}.
 */
final class OptionsAnnotation {
    private static final Set<String> FIELDS = Set.of("interval", "interval_ms", "handler_timeout_ms",
            "on_handler_error", "perf_buffer_pages", "poll_timeout_ms");

    private OptionsAnnotation() {
    }

    static PackageOptions parse(Annotation annotation, String file) {
        AnnotationJson json = AnnotationJson.parse(annotation, file, FIELDS);
        PackageOptions d = PackageOptions.DEFAULTS;
        if (json.has("interval") && json.has("interval_ms")) {
            throw json.fail("interval_ms", "repeats \"interval\": give one of them");
        }
        long interval = json.integer("interval", 0, json.integer("interval_ms", 0, d.intervalMs()));
        long pages = json.integer("perf_buffer_pages", 1, d.perfBufferPages());
        if (Long.bitCount(pages) != 1 || pages > (1 << 20)) {
            throw json.fail("perf_buffer_pages", "must be a power of two, not " + pages);
        }
        return new PackageOptions(interval, json.integer("handler_timeout_ms", 1, d.handlerTimeoutMs()),
                json.choice("on_handler_error", d.onHandlerError(), List.of("continue", "stop")), (int) pages,
                json.integer("poll_timeout_ms", 0, d.pollTimeoutMs()));
    }
}
