package dev.polytrace.host.rules;

import dev.polytrace.host.rules.RuleDefinitions.ListDef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule file's list as a CEL list literal: numbers and booleans as they are, words as strings,
 * and an item naming another list replaced by that list's items (as Falco lists compose).
 */
final class ListLiteral {
    private ListLiteral() {
    }

    static String of(String name, Map<String, ListDef> lists) {
        List<String> items = new ArrayList<>();
        collect(name, lists, items, new LinkedHashSet<>());
        return "[" + String.join(", ", items) + "]";
    }

    private static void collect(String name, Map<String, ListDef> lists, List<String> items, Set<String> seen) {
        if (!seen.add(name)) {
            throw new ConditionExpander.ExpansionException("list '" + name + "' contains itself: "
                    + String.join(" -> ", seen) + " -> " + name);
        }
        for (LocatedYaml item : lists.get(name).items()) {
            Object value = item.value();
            if (value instanceof String word && lists.containsKey(word)) {
                collect(word, lists, items, seen);
            } else if (value instanceof String word) {
                items.add(quoted(word));
            } else {
                items.add(String.valueOf(value));
            }
        }
        seen.remove(name);
    }

    static String quoted(String word) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : word.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
