package dev.polytrace.host.build;

import dev.polytrace.host.build.StreamHelper.FixedMap;
import dev.polytrace.host.build.StreamHelper.MapArgument;
import dev.polytrace.host.build.StreamHelper.MapChoice;
import dev.polytrace.host.build.StreamHelper.Passed;
import dev.polytrace.host.build.StreamHelper.Returned;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Finds the functions and function-like macros of a source and its headers that wrap a stream
 * helper, so that calls to them show record types as libbpf's own helpers do. A definition wraps
 * a helper when one of its calls
 * <ul>
 * <li>is {@code return}ed (for a macro: is its whole body), and the helper returns the record:
 * {@code return bpf_ringbuf_reserve(&events, size, 0);} makes a reserving wrapper;
 * <li>passes one of its parameters where the helper takes the record:
 * {@code bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, buf, size)} with {@code buf} a
 * parameter makes {@code buf}'s position the record argument.
 * </ul>
 * The map is the one named in the call ({@code &events}), or a parameter passed on in its place.
 * Wrappers of wrappers are found too: the search repeats until it finds nothing new.
 */
final class StreamWrappers {
    /** Calls to these are decorations of a declaration, never its name. */
    private static final Set<String> DECORATIONS = Set.of("SEC", "__attribute__", "__attribute", "__section",
            "__aligned");

    /** A function definition or a function-like macro: what a wrapper can be. */
    private record Definition(String name, List<String> params, List<CToken> body, boolean macro) {
    }

    private StreamWrappers() {
    }

    /** libbpf's helpers and every wrapper of the tree, by name. */
    static Map<String, List<StreamHelper>> find(SourceTree tree) {
        Map<String, List<StreamHelper>> helpers = new LinkedHashMap<>();
        StreamHelper.LIBBPF.forEach(h -> add(helpers, h));
        List<Definition> definitions = new ArrayList<>();
        for (SourceFile file : tree.files()) {
            definitions.addAll(functions(file.tokens()));
            file.macros().forEach(m -> definitions.add(new Definition(m.name(), m.params(), m.body(), true)));
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Definition d : definitions) {
                for (StreamHelper wrapper : wrappersIn(d, helpers)) {
                    grew |= add(helpers, wrapper);
                }
            }
        }
        return helpers;
    }

    private static boolean add(Map<String, List<StreamHelper>> helpers, StreamHelper h) {
        List<StreamHelper> named = helpers.computeIfAbsent(h.name(), k -> new ArrayList<>());
        return !named.contains(h) && named.add(h);
    }

    /** What {@code d} makes of the helper calls in its body. */
    private static List<StreamHelper> wrappersIn(Definition d, Map<String, List<StreamHelper>> helpers) {
        List<StreamHelper> found = new ArrayList<>();
        List<CToken> body = d.body();
        for (int i = 0; i < body.size(); i++) {
            if (!CallSyntax.isCall(body, i) || body.get(i).text().equals(d.name())) {
                continue;
            }
            List<List<CToken>> args = CallSyntax.arguments(body, i + 1);
            for (StreamHelper h : helpers.getOrDefault(body.get(i).text(), List.of())) {
                wrapperOf(d, h, i, args).ifPresent(found::add);
            }
        }
        return found;
    }

    private static Optional<StreamHelper> wrapperOf(Definition d, StreamHelper h, int call, List<List<CToken>> args) {
        Optional<MapChoice> map = switch (h.map()) {
            case FixedMap fixed -> Optional.of(fixed);
            case MapArgument a -> passedMap(d, args, a.index());
        };
        if (map.isEmpty()) {
            return Optional.empty();
        }
        OptionalInt size = h.size().isPresent() ? parameterAt(d, args, h.size().getAsInt()) : OptionalInt.empty();
        return switch (h.record()) {
            case Returned r -> returnsCall(d, call)
                    ? Optional.of(new StreamHelper(d.name(), h.kind(), map.get(), r, size)) : Optional.empty();
            case Passed p -> passedRecord(d, args, p)
                    .map(record -> new StreamHelper(d.name(), h.kind(), map.get(), record, size));
        };
    }

    /** {@code &events} names the map; a parameter in that place passes the caller's on. */
    private static Optional<MapChoice> passedMap(Definition d, List<List<CToken>> args, int index) {
        if (index >= args.size()) {
            return Optional.empty();
        }
        Optional<String> named = CallSyntax.addressOf(args.get(index));
        if (named.isPresent()) {
            return Optional.of(new FixedMap(named.get()));
        }
        OptionalInt param = parameterAt(d, args, index);
        return param.isPresent() ? Optional.of(new MapArgument(param.getAsInt())) : Optional.empty();
    }

    /** The helper's record argument is one of d's parameters, or (by value) its address. */
    private static Optional<Passed> passedRecord(Definition d, List<List<CToken>> args, Passed p) {
        if (p.index() >= args.size()) {
            return Optional.empty();
        }
        OptionalInt param = parameterAt(d, args, p.index());
        if (param.isPresent()) {
            return Optional.of(new Passed(param.getAsInt(), p.byValue()));
        }
        int addressed = CallSyntax.addressOf(args.get(p.index())).map(d.params()::indexOf).orElse(-1);
        return p.byValue() || addressed < 0 ? Optional.empty() : Optional.of(new Passed(addressed, true));
    }

    private static OptionalInt parameterAt(Definition d, List<List<CToken>> args, int index) {
        int param = index < args.size() ? CallSyntax.identifier(args.get(index)).map(d.params()::indexOf).orElse(-1)
                : -1;
        return param < 0 ? OptionalInt.empty() : OptionalInt.of(param);
    }

    /**
     * Whether the call's value is what {@code d} gives back: a function's {@code return CALL} or a
     * macro whose body is the call, either possibly cast or parenthesised.
     */
    private static boolean returnsCall(Definition d, int call) {
        List<CToken> body = d.body();
        int k = call - 1;
        while (k >= 0 && (body.get(k).is(")") || body.get(k).is("("))) {
            k = body.get(k).is(")") ? CallSyntax.opening(body, k) - 1 : k - 1;
        }
        if (!d.macro()) {
            return k >= 0 && body.get(k).is("return");
        }
        if (k >= 0) {
            return false;
        }
        for (int j = CallSyntax.closing(body, call + 1) + 1; j < body.size(); j++) {
            if (!body.get(j).is(")")) {
                return false;
            }
        }
        return true;
    }

    /** The function definitions at file scope, with their parameter names and bodies. */
    private static List<Definition> functions(List<CToken> tokens) {
        List<Definition> found = new ArrayList<>();
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            CToken t = tokens.get(i);
            if (depth == 0 && CallSyntax.isCall(tokens, i) && !DECORATIONS.contains(t.text())) {
                int close = CallSyntax.closing(tokens, i + 1);
                if (close + 1 < tokens.size() && tokens.get(close + 1).is("{")) {
                    int end = CallSyntax.closing(tokens, close + 1);
                    List<CToken> body = tokens.subList(close + 1, end + 1);
                    parameterNames(CallSyntax.arguments(tokens, i + 1))
                            .ifPresent(params -> found.add(new Definition(t.text(), params, body, false)));
                    i = end;
                } else {
                    i = close;
                }
            } else if (t.is("{")) {
                depth++;
            } else if (t.is("}")) {
                depth = Math.max(0, depth - 1);
            }
        }
        return found;
    }

    /**
     * The names declared by a parameter list; empty when an entry is a lone identifier, as in
     * {@code BPF_KPROBE(name, int fd)}: a macro that defines a program, not a function to call.
     */
    private static Optional<List<String>> parameterNames(List<List<CToken>> entries) {
        List<String> names = new ArrayList<>();
        for (List<CToken> entry : entries) {
            if (entry.size() == 1 && (entry.get(0).is("void") || entry.get(0).is("..."))) {
                continue;
            }
            if (entry.size() == 1) {
                return Optional.empty();
            }
            String name = "";
            for (int j = 0; j < entry.size(); j++) {
                if (entry.get(j).is("[") || entry.get(j).is("(")) {
                    j = CallSyntax.closing(entry, j);
                } else if (entry.get(j).isIdent()) {
                    name = entry.get(j).text();
                }
            }
            names.add(name);
        }
        return Optional.of(names);
    }
}
