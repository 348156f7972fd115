package dev.polytrace.host.output;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.polytrace.host.container.ContainerInfo;

/**
 * The {@code "container"} member of an event's JSON line: {@code {"id":..., "name":..., "image":...,
 * "runtime":..., "pod":..., "namespace":...}} of a process in a container. The resolver
 * hands out the same instance for a container's every event, so the text of the last one is kept.
 */
final class ContainerJson {
    private ContainerInfo last;
    private String lastText;

    /** Appends {@code ,"container":{...}} before the closing brace of the line that ends {@code line}. */
    void appendTo(StringBuilder line, ContainerInfo container) {
        int end = line.length() - 1;
        if (end < 0 || line.charAt(end) != '}') {
            return;
        }
        line.setLength(end);
        if (line.charAt(end - 1) != '{') {
            line.append(',');
        }
        line.append("\"container\":").append(text(container)).append('}');
    }

    String text(ContainerInfo c) {
        if (c != last) {
            lastText = "{\"id\":" + quote(c.id()) + ",\"name\":" + quote(c.name()) + ",\"image\":" + quote(c.image())
                    + ",\"runtime\":" + quote(c.runtime()) + ",\"pod\":" + quote(c.pod()) + ",\"namespace\":"
                    + quote(c.namespace()) + "}";
            last = c;
        }
        return lastText;
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
