package dev.polytrace.host.session;

import dev.polytrace.bpf.BpfException;
import dev.polytrace.bpf.GlobalVariable;
import dev.polytrace.bpf.GlobalVariables;
import dev.polytrace.bpf.btf.BtfArray;
import dev.polytrace.bpf.btf.BtfEnum;
import dev.polytrace.bpf.btf.BtfEnumValue;
import dev.polytrace.bpf.btf.BtfInt;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.host.input.UserError;
import dev.polytrace.host.pkg.ObjectContents;
import dev.polytrace.host.pkg.PackageParam;
import dev.polytrace.host.pkg.TracerPackage;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns {@code --param name=value} strings into typed writes of the object's globals: ints of
 * every width with range checks, bools, char arrays, enums by name. Errors name the param, the
 * C type and the valid params.
 */
public final class ParamBinder {
    private final TracerPackage pkg;

    public ParamBinder(TracerPackage pkg) {
        this.pkg = pkg;
    }

    /** Parses "name=value" pairs; a name may be the param's name or its flag. */
    public Map<String, String> parse(List<String> assignments) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--param " + assignment + ": expected NAME=VALUE; " + validParams());
            }
            String name = assignment.substring(0, eq).strip();
            PackageParam param = find(name);
            values.put(param.name(), assignment.substring(eq + 1));
        }
        return values;
    }

    /**
     * The package's param defaults that differ from the object's initial values, as
     * {@code --param} text: an eunomia package's {@code cmdarg.default} or {@code value} is written
     * at load, as ecli writes it. Defaults without a text form (floats, arrays) are left out.
     */
    public Map<String, String> packageDefaults() {
        ObjectContents contents = ObjectContents.of(pkg);
        Map<String, String> defaults = new LinkedHashMap<>();
        for (PackageParam p : pkg.params()) {
            Object initial = contents.global(p.section(), p.name()).map(v -> contents.initialValue(p.section(), v))
                    .orElse(null);
            Object wanted = p.defaultValue();
            if ((wanted instanceof Number && !(wanted instanceof Double) || wanted instanceof Boolean
                    || wanted instanceof String) && !wanted.equals(initial)) {
                defaults.put(p.name(), wanted.toString());
            }
        }
        return defaults;
    }

    /** Writes each value into its variable; call before load for .rodata params. */
    public void apply(GlobalVariables variables, Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            GlobalVariable variable = variables.find(e.getKey()).orElseThrow(() -> new UserError(
                    "--param " + e.getKey() + ": the object has no such variable; " + validParams()));
            set(variable, e.getValue());
        }
    }

    /** Sets one variable from text, with the checks its C type calls for. */
    public static void set(GlobalVariable variable, String text) {
        BtfType type = variable.type().resolve();
        String where = "--param " + variable.name() + "=" + text + ": ";
        try {
            if (type instanceof BtfInt i && i.isBool()) {
                variable.setBoolean(parseBool(text, where));
            } else if (type instanceof BtfInt) {
                variable.setLong(parseInteger(text, where + "not an integer (" + variable.type().cName() + ")"));
            } else if (type instanceof BtfEnum en) {
                variable.setLong(parseEnum(en, text, where));
            } else if (type instanceof BtfArray a && a.isCharArray()) {
                variable.setString(text);
            } else {
                throw new UserError(where + "cannot set a " + variable.type().cName() + " from the command line");
            }
        } catch (BpfException e) {
            throw new UserError(where + detail(e));
        }
    }

    private PackageParam find(String name) {
        return pkg.params().stream()
                .filter(p -> p.name().equals(name) || name.equals(p.flag()))
                .findFirst()
                .orElseThrow(() -> new UserError("unknown param '" + name + "'; " + validParams()));
    }

    private String validParams() {
        if (pkg.params().isEmpty()) {
            return pkg.name() + " has no params";
        }
        return "valid params: " + pkg.params().stream()
                .map(p -> p.name() + " (" + p.cType() + ")")
                .collect(Collectors.joining(", "));
    }

    private static boolean parseBool(String text, String where) {
        switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> {
                return true;
            }
            case "false", "0", "no", "off" -> {
                return false;
            }
            default -> throw new UserError(where + "not a bool (true/false)");
        }
    }

    /** Decimal, 0x hex, 0o/0 octal and 0b binary; u64 values above Long.MAX_VALUE wrap as C does. */
    static long parseInteger(String text, String error) {
        String t = text.strip().replace("_", "");
        boolean negative = t.startsWith("-");
        String digits = negative || t.startsWith("+") ? t.substring(1) : t;
        int radix = 10;
        String lower = digits.toLowerCase(Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            digits = digits.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            digits = digits.substring(2);
        }
        try {
            BigInteger value = new BigInteger(digits, radix);
            if (negative) {
                value = value.negate();
            }
            if (value.bitLength() > 64 || (value.signum() < 0 && value.bitLength() > 63)) {
                throw new UserError(error.replace("not an integer", "out of 64-bit range"));
            }
            return value.longValue();
        } catch (NumberFormatException e) {
            throw new UserError(error);
        }
    }

    private static long parseEnum(BtfEnum en, String text, String where) {
        for (BtfEnumValue v : en.values()) {
            if (v.name().equals(text.strip())) {
                return v.value();
            }
        }
        try {
            return parseInteger(text, "");
        } catch (UserError e) {
            throw new UserError(where + "not a value of " + en.cName() + "; valid: "
                    + en.values().stream().map(BtfEnumValue::name).collect(Collectors.joining(", ")));
        }
    }

    private static String detail(BpfException e) {
        String m = e.getMessage();
        int paren = m.indexOf(" (");
        return paren > 0 && m.endsWith(")") ? m.substring(paren + 2, m.length() - 1) : m;
    }
}
