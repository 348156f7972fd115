package dev.polytrace.host.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polytrace.host.output.TerminalText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders an {@link InspectReport} for people: a header, then one aligned table per section. Every
 * text from the package goes through {@link TerminalText#line}: a package is not trusted to talk to
 * the terminal.
 */
final class InspectText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InspectText() {
    }

    static String render(InspectReport r) {
        StringBuilder out = new StringBuilder();
        out.append(safe(r.name())).append(r.version().isEmpty() ? "" : " " + safe(r.version())).append('\n');
        if (!r.description().isEmpty()) {
            out.append("  ").append(safe(r.description())).append('\n');
        }
        List<List<String>> header = new ArrayList<>(List.of(
                List.of("origin", r.origin()),
                List.of("object", r.size() + " bytes, sha256 " + r.sha256()),
                List.of("signed", r.signed() ? "yes" : "no")));
        r.warnings().forEach(w -> header.add(List.of("warning", w)));
        appendRows(out, "  ", header);
        table(out, "Programs", List.of("NAME", "SECTION", "ATTACH", "TARGET"), r.programs().stream()
                .map(p -> List.of(p.name(), p.section(), p.attachType(), target(p.attach()))).toList());
        table(out, "Maps", List.of("NAME", "TYPE", "KEY", "VALUE", "MAX_ENTRIES"), r.maps().stream()
                .map(m -> List.of(m.name(), m.type(), keyOrValue(m.keyType(), m.keySize()),
                        keyOrValue(m.valueType(), m.valueSize()), m.packageMaxEntries() == null
                                ? Long.toString(m.maxEntries()) : m.packageMaxEntries() + " (package)")).toList());
        table(out, "Params", List.of("NAME", "TYPE", "SECTION", "DEFAULT", "HELP"), r.params().stream()
                .map(p -> List.of(p.flag() == null ? p.name() : p.name() + " (--" + p.flag() + ")", p.cType(),
                        p.section(), json(p.defaultValue()), p.help())).toList());
        outputs(out, r.outputs());
        out.append("\nHandler\n");
        InspectReport.Handler h = r.handler();
        out.append(h == null ? "  (none)\n"
                : "  " + safe(h.language()) + "  " + safe(h.fileName()) + "  " + h.size() + " bytes\n");
        out.append("\nFilters (--pid, --uid, --comm, --cgroup, --container)\n  ").append(r.filters()).append('\n');
        return out.toString();
    }

    private static void outputs(StringBuilder out, InspectReport.Outputs outputs) {
        out.append("\nOutputs\n");
        if (outputs.events().isEmpty() && outputs.samples().isEmpty()) {
            out.append("  (none)\n");
        }
        for (InspectReport.Stream s : outputs.events()) {
            out.append("  events from ").append(safe(s.map())).append(" (").append(s.kind()).append("): ")
                    .append(safe(s.type()))
                    .append(", ").append(s.size()).append(" bytes\n");
            List<List<String>> rows = s.fields().stream().map(f -> List.of(f.name(), f.type(),
                    "@" + f.offset() + (f.bits() != 0 ? " : " + f.bits() + " bits" : ""))).toList();
            appendRows(out, "    ", rows);
        }
        for (InspectReport.Sample s : outputs.samples()) {
            out.append("  sampled ").append(safe(s.map())).append(": ").append(s.kind()).append(" every ")
                    .append(s.intervalMs()).append(" ms").append(s.unit().isEmpty() ? "" : ", unit " + safe(s.unit()))
                    .append(s.clear() ? ", cleared after each print" : "").append('\n');
        }
        for (String name : outputs.hidden()) {
            out.append("  hidden ").append(name).append(": not printed when the run ends\n");
        }
    }

    private static String safe(String text) {
        return TerminalText.line(text);
    }

    private static String target(Map<String, Object> attach) {
        return attach.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    private static String keyOrValue(String cType, long size) {
        if (cType != null) {
            return cType;
        }
        return size == 0 ? "-" : size + " bytes";
    }

    private static String json(Object value) {
        try {
            return value == null ? "-" : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private static void table(StringBuilder out, String title, List<String> header, List<List<String>> rows) {
        out.append('\n').append(title).append('\n');
        if (rows.isEmpty()) {
            out.append("  (none)\n");
            return;
        }
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        appendRows(out, "  ", all);
    }

    private static void appendRows(StringBuilder out, String indent, List<List<String>> cells) {
        List<List<String>> rows = cells.stream().map(row -> row.stream().map(InspectText::safe).toList()).toList();
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
