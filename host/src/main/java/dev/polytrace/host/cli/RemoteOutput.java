package dev.polytrace.host.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polytrace.host.output.TerminalText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * How the remote commands print: aligned tables like {@code run}, or JSON. Text from the daemon
 * (names, errors, param values) is escaped before it reaches the terminal.
 */
final class RemoteOutput {
    static final ObjectMapper JSON = new ObjectMapper();

    private RemoteOutput() {
    }

    static void printJson(PrintWriter out, JsonNode node) {
        try {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            out.println(node);
        }
        out.flush();
    }

    static void printJsonLine(PrintWriter out, JsonNode node) {
        out.println(node.toString());
        out.flush();
    }

    /** Rows under a header, each column as wide as its widest cell. */
    static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        rows.forEach(row -> all.add(row.stream().map(TerminalText::line).toList()));
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** A JSON value as a table cell: strings bare, everything else as JSON. */
    static String cell(JsonNode v) {
        return v == null || v.isNull() ? "" : TerminalText.line(v.isTextual() ? v.asText() : v.toString());
    }

    /** A text field of the daemon's answer, safe to print. */
    static String text(JsonNode node, String field) {
        return TerminalText.line(node.path(field).asText());
    }
}
