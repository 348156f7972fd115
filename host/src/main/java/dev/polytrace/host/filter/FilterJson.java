package dev.polytrace.host.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.host.input.UserError;
import java.util.Iterator;
import java.util.Set;

/**
 * A {@link ProcessFilter} as JSON, in deploy requests and the daemon's state:
 * {@code {"pid": 12, "uid": 0, "comm": "nginx", "cgroup": "/system.slice/x.service", "container": "web"}},
 * every field optional.
 */
public final class FilterJson {
    private static final Set<String> FIELDS = Set.of("pid", "uid", "comm", "cgroup", "container");

    private FilterJson() {
    }

    /** @throws UserError naming the field at {@code where} that is wrong */
    public static ProcessFilter parse(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return ProcessFilter.NONE;
        }
        if (!node.isObject()) {
            throw new UserError(where + ": expected an object with pid, uid, comm, cgroup or container");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new UserError(where + "." + name + ": unknown filter (pid, uid, comm, cgroup, container)");
            }
        }
        return new ProcessFilter(integer(node, "pid", where), integer(node, "uid", where), text(node, "comm", where),
                text(node, "cgroup", where), text(node, "container", where));
    }

    public static ObjectNode write(ProcessFilter filter) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (filter.pid() != null) {
            node.put("pid", filter.pid());
        }
        if (filter.uid() != null) {
            node.put("uid", filter.uid());
        }
        if (filter.comm() != null) {
            node.put("comm", filter.comm());
        }
        if (filter.cgroup() != null) {
            node.put("cgroup", filter.cgroup());
        }
        if (filter.container() != null) {
            node.put("container", filter.container());
        }
        return node;
    }

    private static Integer integer(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new UserError(where + "." + field + ": expected a whole number");
        }
        return v.intValue();
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new UserError(where + "." + field + ": expected a string");
        }
        return v.textValue();
    }
}
