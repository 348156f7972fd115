package dev.polytrace.script.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;

/**
 * The arguments of a metric handle's {@code inc}, {@code set}, {@code add}, {@code dec} and
 * {@code observe}, told apart by type so that any order reads naturally: a number is the amount,
 * an object or dict gives label values by name ({@code {comm: 'bash'}}), an array gives them in
 * label order, and a string is the value of a metric's only label.
 */
record MetricArguments(List<String> labelValues, Double amount) {

    static MetricArguments parse(String where, List<String> labelNames, Value... args) {
        List<String> labels = null;
        Double amount = null;
        for (Value arg : args) {
            if (arg == null || arg.isNull()) {
                continue;
            }
            Object v = GuestValues.toJava(arg, where);
            if (v instanceof Number n) {
                if (amount != null) {
                    throw new HandlerApiException(where + ": two numbers given (" + amount + ", " + n + "); give one"
                            + " amount and the label values as an object or a list");
                }
                amount = n.doubleValue();
                continue;
            }
            if (labels != null) {
                throw new HandlerApiException(where + ": label values given twice");
            }
            labels = labelValues(where, labelNames, v);
        }
        if (labels == null) {
            if (!labelNames.isEmpty()) {
                throw new HandlerApiException(where + ": label values are needed for " + String.join(", ", labelNames)
                        + ", e.g. {" + labelNames.get(0) + ": 'x'}");
            }
            labels = List.of();
        }
        return new MetricArguments(labels, amount);
    }

    double amountOr(double otherwise) {
        return amount == null ? otherwise : amount;
    }

    /** The amount, which this operation requires. */
    double requiredAmount(String where) {
        if (amount == null) {
            throw new HandlerApiException(where + ": a number is needed");
        }
        return amount;
    }

    private static List<String> labelValues(String where, List<String> names, Object v) {
        if (v instanceof Map<?, ?> byName) {
            for (Object key : byName.keySet()) {
                if (!names.contains(String.valueOf(key))) {
                    throw new HandlerApiException(where + ": unknown label '" + key + "'; labels: "
                            + (names.isEmpty() ? "none" : String.join(", ", names)));
                }
            }
            List<String> values = new ArrayList<>(names.size());
            for (String name : names) {
                if (!byName.containsKey(name)) {
                    throw new HandlerApiException(where + ": label '" + name + "' has no value; labels: "
                            + String.join(", ", names));
                }
                values.add(text(where, name, byName.get(name)));
            }
            return values;
        }
        if (v instanceof List<?> inOrder) {
            if (inOrder.size() != names.size()) {
                throw new HandlerApiException(where + ": " + inOrder.size() + " label values given for "
                        + names.size() + " labels (" + String.join(", ", names) + ")");
            }
            List<String> values = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                values.add(text(where, names.get(i), inOrder.get(i)));
            }
            return values;
        }
        if (v instanceof String s && names.size() == 1) {
            return List.of(s);
        }
        throw new HandlerApiException(where + ": " + v + " is neither an amount nor label values (an object such as {"
                + (names.isEmpty() ? "label" : names.get(0)) + ": 'x'} or a list)");
    }

    private static String text(String where, String label, Object value) {
        return switch (value) {
            case String s -> s;
            case Long l -> l.toString();
            case BigInteger b -> b.toString();
            case Double d when d == Math.rint(d) && Math.abs(d) < 1e15 -> Long.toString(d.longValue());
            case Double d -> d.toString();
            case Boolean b -> b.toString();
            case null -> throw new HandlerApiException(where + ": label '" + label + "' is null");
            default -> throw new HandlerApiException(where + ": label '" + label + "' must be a string or a number,"
                    + " got " + value);
        };
    }
}
