package dev.polytrace.host.daemon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small parser of the Prometheus text format (0.0.4), strict enough to catch a malformed
 * exposition: every sample line must be {@code name{label="value",...} number}, label values with
 * their escapes, each family's TYPE before its samples and given once.
 */
final class PrometheusText {
    record Sample(String name, Map<String, String> labels, double value) {
    }

    final List<Sample> samples = new ArrayList<>();
    final Map<String, String> types = new HashMap<>();

    static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                if (parts.length != 2 || p.types.put(parts[0], parts[1]) != null) {
                    throw new AssertionError("line " + lineNo + ": bad or repeated TYPE: " + line);
                }
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            p.samples.add(p.sample(line, lineNo));
        }
        return p;
    }

    private Sample sample(String line, int lineNo) {
        int i = 0;
        while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_'
                || line.charAt(i) == ':')) {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            throw new AssertionError("line " + lineNo + ": no metric name: " + line);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*") || line.charAt(eq + 1) != '"') {
                    throw new AssertionError("line " + lineNo + ": bad label: " + line);
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char n = line.charAt(++j);
                        value.append(n == 'n' ? '\n' : n);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new AssertionError("line " + lineNo + ": expected a space before the value: " + line);
        }
        String[] rest = line.substring(i + 1).split(" ");
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        };
        String family = familyOf(name);
        if (!types.containsKey(family)) {
            throw new AssertionError("line " + lineNo + ": sample before its TYPE: " + line);
        }
        return new Sample(name, labels, value);
    }

    private String familyOf(String name) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix) && "histogram".equals(types.get(name.substring(0, name.length() - suffix.length())))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** The value of the one sample with this name and (at least) these labels. */
    Optional<Double> value(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .map(Sample::value).findFirst();
    }
}
