package dev.polytrace.host.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What rule files define, before compiling: lists, macros and rules by name, each with the file
 * and line it came from. Files are added in order; a later file may redefine a list, a macro or a
 * rule of an earlier one (to adapt the bundled set), or switch a rule off with only
 * {@code rule: NAME} and {@code enabled: false}; within one file a name is defined once.
 */
public final class RuleDefinitions {
    /** Names a condition sees as variables: no list or macro may take them. */
    static final Set<String> VARIABLES = Set.of("event", "container", "proc", "tracer");

    record ListDef(String name, List<LocatedYaml> items, String file, int line) {
    }

    record MacroDef(String name, String condition, String file, int line) {
    }

    record RuleDef(String name, String desc, String condition, int conditionLine, String output, int outputLine,
                   Priority priority, List<String> tags, List<String> tracers, boolean enabled, String file,
                   int line) {
        RuleDef withEnabled(boolean on) {
            return new RuleDef(name, desc, condition, conditionLine, output, outputLine, priority, tags, tracers, on,
                    file, line);
        }
    }

    private final Map<String, ListDef> lists = new LinkedHashMap<>();
    private final Map<String, MacroDef> macros = new LinkedHashMap<>();
    private final Map<String, RuleDef> rules = new LinkedHashMap<>();

    public static RuleDefinitions of(List<RuleSource> sources) {
        RuleDefinitions definitions = new RuleDefinitions();
        sources.forEach(definitions::add);
        return definitions;
    }

    public void add(RuleSource source) {
        String file = source.name();
        LocatedYaml root = LocatedYaml.parse(file, source.text());
        if (!root.isList()) {
            throw new RuleFileException(file, root.line(), "a rule file is a list of '- rule:', '- macro:' and "
                    + "'- list:' items");
        }
        Set<String> definedHere = new HashSet<>();
        for (LocatedYaml item : root.list()) {
            if (!item.isMap()) {
                throw new RuleFileException(file, item.line(), "expected a '- rule:', '- macro:' or '- list:' item");
            }
            RuleItemReader reader = new RuleItemReader(file, item);
            String kind = reader.kind();
            String name = reader.name(kind);
            if (!definedHere.add(kind + " " + name)) {
                throw new RuleFileException(file, item.line(), kind + " '" + name + "' is defined twice in this file");
            }
            switch (kind) {
                case "list" -> lists.put(name, reader.list(name));
                case "macro" -> macros.put(name, reader.macro(name));
                default -> addRule(reader, name);
            }
        }
    }

    private void addRule(RuleItemReader reader, String name) {
        if (reader.isEnabledSwitch()) {
            RuleDef existing = rules.get(name);
            if (existing == null) {
                throw new RuleFileException(reader.file(), reader.line(), "rule '" + name + "' has only 'enabled': "
                        + "that switches a rule of an earlier file, and no earlier file defines it");
            }
            rules.put(name, existing.withEnabled(reader.enabled()));
            return;
        }
        rules.put(name, reader.rule(name));
    }

    Map<String, ListDef> lists() {
        return lists;
    }

    Map<String, MacroDef> macros() {
        return macros;
    }

    Collection<RuleDef> rules() {
        return new ArrayList<>(rules.values());
    }
}
