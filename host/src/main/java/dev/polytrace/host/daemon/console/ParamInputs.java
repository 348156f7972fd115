package dev.polytrace.host.daemon.console;

import dev.polytrace.bpf.btf.BtfArray;
import dev.polytrace.bpf.btf.BtfEnum;
import dev.polytrace.bpf.btf.BtfEnumValue;
import dev.polytrace.bpf.btf.BtfInt;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.host.pkg.ObjectContents;
import dev.polytrace.host.pkg.PackageParam;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the console asks for a param: the input its C type calls for, with the limits the daemon
 * checks on deploy ({@code ParamBinder}), so a form can refuse a bad value before it is sent.
 * <ul>
 * <li>{@code int}: {@code min} and {@code max} as decimal strings (a 64-bit bound is not exact in
 *     a JavaScript number);
 * <li>{@code bool};
 * <li>{@code enum}: {@code choices}, the enumerators' names;
 * <li>{@code string}: a {@code char[N]}, at most {@code maxLength} = N - 1 bytes;
 * <li>{@code text}: anything else, sent as typed.
 * </ul>
 */
final class ParamInputs {
    private ParamInputs() {
    }

    static Map<String, Object> of(PackageParam p, ObjectContents object) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", p.name());
        out.put("cType", p.cType());
        out.put("default", p.defaultValue());
        out.put("help", p.help());
        out.put("runtime", p.isRuntimeWritable());
        BtfType type = object.global(p.section(), p.name()).map(v -> v.var().type().resolve()).orElse(null);
        switch (type) {
            case BtfInt i when i.isBool() -> out.put("input", "bool");
            case BtfInt i -> {
                out.put("input", "int");
                int bits = (int) i.size() * 8;
                BigInteger min = i.signed() ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
                BigInteger max = (i.signed() ? BigInteger.ONE.shiftLeft(bits - 1) : BigInteger.ONE.shiftLeft(bits))
                        .subtract(BigInteger.ONE);
                out.put("min", min.toString());
                out.put("max", max.toString());
            }
            case BtfEnum e -> {
                out.put("input", "enum");
                out.put("choices", e.values().stream().map(BtfEnumValue::name).toList());
            }
            case BtfArray a when a.isCharArray() -> {
                out.put("input", "string");
                out.put("maxLength", Math.max(0, a.length() - 1));
            }
            case null, default -> out.put("input", "text");
        }
        return out;
    }
}
