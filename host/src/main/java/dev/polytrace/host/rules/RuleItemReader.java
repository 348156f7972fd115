package dev.polytrace.host.rules;

import dev.polytrace.host.rules.RuleDefinitions.ListDef;
import dev.polytrace.host.rules.RuleDefinitions.MacroDef;
import dev.polytrace.host.rules.RuleDefinitions.RuleDef;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one item of a rule file (a rule, a macro or a list), naming the line of anything wrong in it. */
final class RuleItemReader {
    private static final Set<String> RULE_KEYS = Set.of("rule", "desc", "condition", "output", "priority", "tags",
            "tracers", "enabled");
    private static final Set<String> MACRO_KEYS = Set.of("macro", "condition");
    private static final Set<String> LIST_KEYS = Set.of("list", "items");

    private final String file;
    private final LocatedYaml item;
    private final Map<String, LocatedYaml> fields;

    RuleItemReader(String file, LocatedYaml item) {
        this.file = file;
        this.item = item;
        this.fields = item.map();
    }

    String file() {
        return file;
    }

    int line() {
        return item.line();
    }

    /** {@code rule}, {@code macro} or {@code list}, from the one of those keys the item has. */
    String kind() {
        List<String> kinds = List.of("rule", "macro", "list").stream().filter(fields::containsKey).toList();
        if (kinds.size() != 1) {
            throw new RuleFileException(file, item.line(), kinds.isEmpty()
                    ? "an item needs one of 'rule', 'macro' or 'list' (it has " + String.join(", ", fields.keySet()) + ")"
                    : "an item is one of " + String.join(", ", kinds) + ", not several");
        }
        String kind = kinds.get(0);
        Set<String> allowed = switch (kind) {
            case "rule" -> RULE_KEYS;
            case "macro" -> MACRO_KEYS;
            default -> LIST_KEYS;
        };
        fields.forEach((key, value) -> {
            if (!allowed.contains(key)) {
                throw new RuleFileException(file, value.line(), "unknown key '" + key + "' in " + kind + " (known: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        });
        return kind;
    }

    String name(String kind) {
        String name = requiredText(kind);
        if (!kind.equals("rule") && !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new RuleFileException(file, fields.get(kind).line(), kind + " name '" + name
                    + "': use letters, digits and _ (it is written as an identifier in conditions)");
        }
        if (!kind.equals("rule") && RuleDefinitions.VARIABLES.contains(name)) {
            throw new RuleFileException(file, fields.get(kind).line(), kind + " name '" + name
                    + "' is taken: conditions see it as a variable (" + String.join(", ",
                    RuleDefinitions.VARIABLES.stream().sorted().toList()) + ")");
        }
        return name;
    }

    ListDef list(String name) {
        LocatedYaml items = fields.get("items");
        if (items == null || !items.isList()) {
            throw new RuleFileException(file, items == null ? item.line() : items.line(),
                    "list '" + name + "' needs 'items: [...]'");
        }
        for (LocatedYaml element : items.list()) {
            if (!element.isScalar()) {
                throw new RuleFileException(file, element.line(), "list '" + name + "': items are strings or numbers");
            }
        }
        return new ListDef(name, items.list(), file, item.line());
    }

    MacroDef macro(String name) {
        return new MacroDef(name, requiredText("condition"), file, fields.get("condition").line());
    }

    /** An item with only {@code rule} and {@code enabled}: switches a rule defined by an earlier file. */
    boolean isEnabledSwitch() {
        return fields.size() == 2 && fields.containsKey("enabled");
    }

    boolean enabled() {
        LocatedYaml value = fields.get("enabled");
        if (value == null) {
            return true;
        }
        if (!(value.value() instanceof Boolean on)) {
            throw new RuleFileException(file, value.line(), "'enabled' is true or false, not '" + value.text() + "'");
        }
        return on;
    }

    RuleDef rule(String name) {
        String condition = requiredText("condition");
        String output = requiredText("output");
        String priorityText = requiredText("priority");
        Priority priority = Priority.parse(priorityText).orElseThrow(() -> new RuleFileException(file,
                fields.get("priority").line(), "priority '" + priorityText + "': use one of " + Priority.choices()));
        String desc = fields.containsKey("desc") ? requiredText("desc") : "";
        return new RuleDef(name, desc, condition, fields.get("condition").line(), output, fields.get("output").line(),
                priority, words("tags"), words("tracers"), enabled(), file, item.line());
    }

    private List<String> words(String key) {
        LocatedYaml value = fields.get(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isList() || !value.list().stream().allMatch(LocatedYaml::isScalar)) {
            throw new RuleFileException(file, value.line(), "'" + key + "' is a list of words, e.g. [a, b]");
        }
        return value.list().stream().map(LocatedYaml::text).toList();
    }

    private String requiredText(String key) {
        LocatedYaml value = fields.get(key);
        if (value == null || value.value() == null) {
            throw new RuleFileException(file, value == null ? item.line() : value.line(), "missing '" + key + "'");
        }
        if (!value.isScalar() || value.text().isBlank()) {
            throw new RuleFileException(file, value.line(), "'" + key + "' must be non-empty text");
        }
        return value.text().strip();
    }
}
