package dev.polytrace.host.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.host.build.SourceBundle;
import dev.polytrace.host.pkg.PackageHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code POST /v1/build} asks for:
 * <pre>{"fileName": "execsnoop.bpf.c", "source": "C text", "headers": {"maps.h": "C text"},
 *  "defines": ["DEBUG", "N=4"], "events": ["rb=struct event"],
 *  "handler": {"language": "js", "fileName": "h.js", "source": "..."},
 *  "name": "...", "description": "...", "version": "..."}</pre>
 *
 * @param defines as {@code -D} takes them
 * @param events  as {@code --event} takes them
 */
public record BuildOrder(SourceBundle sources, List<String> defines, List<String> events,
                         Optional<PackageHandler> handler, Optional<String> name, Optional<String> description,
                         Optional<String> version) {
    private static final Set<String> FIELDS = Set.of("fileName", "source", "headers", "defines", "events", "handler",
            "name", "description", "version");

    public BuildOrder {
        defines = List.copyOf(defines);
        events = List.copyOf(events);
    }

    public static BuildOrder parse(byte[] body) {
        JsonNode root = RequestJson.object(body);
        RequestJson.allowOnly(root, FIELDS, "build request");
        String source = RequestJson.text(root, "source", "build request");
        if (source == null) {
            throw DaemonException.badRequest("bad_request", "build request.source: missing (the .bpf.c's text)");
        }
        String fileName = Optional.ofNullable(RequestJson.text(root, "fileName", "build request")).orElse("tracer.bpf.c");
        JsonNode handler = root.get("handler");
        return new BuildOrder(new SourceBundle(fileName, source, headers(root.get("headers"))),
                strings(root.get("defines"), "defines"), strings(root.get("events"), "events"),
                handler == null || handler.isNull() ? Optional.empty()
                        : Optional.of(RequestJson.handler(handler, "build request.handler")),
                Optional.ofNullable(RequestJson.text(root, "name", "build request")),
                Optional.ofNullable(RequestJson.text(root, "description", "build request")),
                Optional.ofNullable(RequestJson.text(root, "version", "build request")));
    }

    private static Map<String, String> headers(JsonNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            throw DaemonException.badRequest("bad_request", "build request.headers: expected {\"name.h\": \"text\"}");
        }
        node.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw DaemonException.badRequest("bad_request", "build request.headers." + e.getKey()
                        + ": expected the header's text");
            }
            headers.put(e.getKey(), e.getValue().asText());
        });
        return headers;
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw DaemonException.badRequest("bad_request", "build request." + field + ": expected an array of strings");
        }
        for (JsonNode v : node) {
            if (!v.isTextual()) {
                throw DaemonException.badRequest("bad_request", "build request." + field + ": expected strings");
            }
            values.add(v.asText());
        }
        return values;
    }
}
