package dev.polytrace.host.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds what each ring buffer or perf event array map carries by reading the calls that write to
 * it, in the source and in the user's headers it includes: calls to libbpf's helpers and to the
 * wrappers {@link StreamWrappers} found, e.g.
 * <ul>
 * <li>{@code T *e = bpf_ringbuf_reserve(&map, sizeof(*e), 0)} (also through a cast, a
 * separately declared {@code e}, or {@code sizeof(T)}), and {@code e = reserve_buf(sizeof(*e))};
 * <li>{@code bpf_ringbuf_output(&map, &x, sizeof(x), 0)} or {@code (&map, p, sizeof(*p), 0)};
 * <li>{@code bpf_perf_event_output(ctx, &map, flags, &x, sizeof(x))} or {@code (..., p, sizeof(*p))},
 * and {@code submit_buf(ctx, p, sizeof(*p))}.
 * </ul>
 * A variable's type comes from the nearest declaration of that name above the call in the same
 * file. Only calls inside function bodies count: a macro's body is read for wrappers, not writes.
 */
final class RecordTypeInference {
    private static final Set<String> NOT_TYPES = Set.of("return", "sizeof", "case", "goto", "else", "do", "if",
            "while", "for", "switch", "typeof", "__typeof__", "struct", "union", "enum", "const", "volatile");
    private static final Set<String> QUALIFIERS = Set.of("const", "volatile", "restrict", "__restrict",
            "__restrict__");
    private static final Set<String> BUILTIN_WORDS = Set.of("unsigned", "signed", "long", "short", "int", "char");

    /** One write to a stream map; {@code type} is empty when the call shows no record type. */
    record Write(String map, String kind, Optional<TypeRef> type, SourceLine at) {
    }

    private final SourceFile file;
    private final List<CToken> tokens;

    private RecordTypeInference(SourceFile file) {
        this.file = file;
        this.tokens = file.tokens();
    }

    /** Every stream write of the tree's files, grouped by map name in order of first use. */
    static Map<String, List<Write>> writes(SourceTree tree, Map<String, List<StreamHelper>> helpers) {
        Map<String, List<Write>> byMap = new LinkedHashMap<>();
        for (SourceFile file : tree.files()) {
            for (Write w : new RecordTypeInference(file).findWrites(helpers)) {
                byMap.computeIfAbsent(w.map(), k -> new ArrayList<>()).add(w);
            }
        }
        return byMap;
    }

    private List<Write> findWrites(Map<String, List<StreamHelper>> helpers) {
        List<Write> found = new ArrayList<>();
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            CToken t = tokens.get(i);
            if (t.is("{")) {
                depth++;
            } else if (t.is("}")) {
                depth = Math.max(0, depth - 1);
            } else if (depth > 0 && CallSyntax.isCall(tokens, i)) {
                List<List<CToken>> args = CallSyntax.arguments(tokens, i + 1);
                for (StreamHelper h : helpers.getOrDefault(t.text(), List.of())) {
                    write(h, i, args).ifPresent(found::add);
                }
            }
        }
        return found;
    }

    private Optional<Write> write(StreamHelper h, int call, List<List<CToken>> args) {
        Optional<String> map = switch (h.map()) {
            case StreamHelper.FixedMap fixed -> Optional.of(fixed.name());
            // a bare identifier is a pointer variable (e.g. a helper's parameter), not a map
            case StreamHelper.MapArgument a -> a.index() < args.size() ? CallSyntax.addressOf(args.get(a.index()))
                    : Optional.empty();
        };
        if (map.isEmpty()) {
            return Optional.empty();
        }
        Optional<TypeRef> type = switch (h.record()) {
            case StreamHelper.Returned r -> assignedPointee(call);
            case StreamHelper.Passed p -> p.index() < args.size() ? dataType(args.get(p.index()), p.byValue(), call)
                    : Optional.empty();
        };
        if (type.filter(TypeRef::isRecord).isEmpty() && h.size().isPresent() && h.size().getAsInt() < args.size()) {
            type = sizeofType(args.get(h.size().getAsInt()), call);
        }
        return Optional.of(new Write(map.get(), h.kind(), type.filter(TypeRef::isRecord),
                new SourceLine(file.path(), tokens.get(call).line())));
    }

    /** What the result of the call at {@code call} is stored as: a cast's or the variable's pointee. */
    private Optional<TypeRef> assignedPointee(int call) {
        int k = call - 1;
        if (k >= 0 && tokens.get(k).is(")")) {
            int open = CallSyntax.opening(tokens, k);
            Optional<TypeRef> cast = typeName(open + 1, k);
            if (cast.isPresent() && cast.get().pointee().isRecord()) {
                return cast.map(TypeRef::pointee);
            }
            k = open - 1;
        }
        if (k >= 1 && tokens.get(k).is("=") && tokens.get(k - 1).isIdent()) {
            return declaredType(tokens.get(k - 1).text(), k - 1).map(TypeRef::pointee);
        }
        return Optional.empty();
    }

    /** {@code &x} is x's type, {@code p} is p's pointee, or p's type when the record is passed by value. */
    private Optional<TypeRef> dataType(List<CToken> arg, boolean byValue, int before) {
        Optional<String> addressed = CallSyntax.addressOf(arg);
        if (addressed.isPresent()) {
            return declaredType(addressed.get(), before);
        }
        Optional<String> variable = CallSyntax.identifier(arg);
        if (variable.isEmpty()) {
            return Optional.empty();
        }
        Optional<TypeRef> declared = declaredType(variable.get(), before);
        return byValue ? declared : declared.map(TypeRef::pointee);
    }

    /**
     * The type measured by {@code sizeof(*p)}, {@code sizeof(x)}, {@code sizeof x},
     * {@code sizeof(struct event)} or {@code sizeof(event_t)}.
     */
    private Optional<TypeRef> sizeofType(List<CToken> arg, int before) {
        if (arg.isEmpty() || !arg.get(0).is("sizeof")) {
            return Optional.empty();
        }
        List<CToken> inner = arg.subList(1, arg.size());
        if (inner.size() >= 2 && inner.get(0).is("(") && inner.get(inner.size() - 1).is(")")) {
            inner = inner.subList(1, inner.size() - 1);
        }
        if (inner.size() == 2 && inner.get(0).is("*") && inner.get(1).isIdent()) {
            return declaredType(inner.get(1).text(), before).map(TypeRef::pointee);
        }
        if (inner.size() == 1 && inner.get(0).isIdent()) {
            Optional<TypeRef> variable = declaredType(inner.get(0).text(), before);
            return variable.isPresent() ? variable : Optional.of(new TypeRef(inner.get(0).text(), 0));
        }
        if (inner.size() == 2 && isTag(inner.get(0)) && inner.get(1).isIdent()) {
            return Optional.of(new TypeRef(inner.get(0).text() + " " + inner.get(1).text(), 0));
        }
        return Optional.empty();
    }

    /** The type of the nearest declaration of {@code name} at or above token {@code before}. */
    Optional<TypeRef> declaredType(String name, int before) {
        for (int j = Math.min(before, tokens.size() - 1); j > 0; j--) {
            if (tokens.get(j).isIdent() && tokens.get(j).text().equals(name)) {
                Optional<TypeRef> declared = declarationEndingAt(j);
                if (declared.isPresent()) {
                    return declared;
                }
            }
        }
        return Optional.empty();
    }

    /** The type when token {@code nameAt} is the declarator of a declaration such as {@code const struct event *e}. */
    private Optional<TypeRef> declarationEndingAt(int nameAt) {
        int k = nameAt - 1;
        int pointers = 0;
        while (k >= 0 && (tokens.get(k).is("*") || QUALIFIERS.contains(tokens.get(k).text()))) {
            pointers += tokens.get(k).is("*") ? 1 : 0;
            k--;
        }
        if (k < 0 || !tokens.get(k).isIdent() || NOT_TYPES.contains(tokens.get(k).text())) {
            return Optional.empty();
        }
        String base = tokens.get(k).text();
        int before = k - 1;
        if (before >= 0 && isTag(tokens.get(before))) {
            base = tokens.get(before).text() + " " + base;
            before--;
        } else if (BUILTIN_WORDS.contains(base)) {
            while (before >= 0 && BUILTIN_WORDS.contains(tokens.get(before).text())) {
                base = tokens.get(before).text() + " " + base;
                before--;
            }
        }
        while (before >= 0 && tokens.get(before).isIdent() && Set.of("const", "volatile", "static", "register",
                "extern", "inline", "__always_inline").contains(tokens.get(before).text())) {
            before--;
        }
        if (before >= 0 && !Set.of(";", "{", "}", "(", ",", ")").contains(tokens.get(before).text())) {
            return Optional.empty();
        }
        return Optional.of(new TypeRef(base, pointers));
    }

    /** A type name between {@code from} and {@code to} (exclusive), e.g. inside a cast: {@code struct event *}. */
    private Optional<TypeRef> typeName(int from, int to) {
        int k = from;
        while (k < to && QUALIFIERS.contains(tokens.get(k).text())) {
            k++;
        }
        String base;
        if (k + 1 < to && isTag(tokens.get(k)) && tokens.get(k + 1).isIdent()) {
            base = tokens.get(k).text() + " " + tokens.get(k + 1).text();
            k += 2;
        } else if (k < to && tokens.get(k).isIdent() && !NOT_TYPES.contains(tokens.get(k).text())) {
            base = tokens.get(k).text();
            k++;
        } else {
            return Optional.empty();
        }
        int pointers = 0;
        for (; k < to; k++) {
            if (tokens.get(k).is("*")) {
                pointers++;
            } else if (!QUALIFIERS.contains(tokens.get(k).text())) {
                return Optional.empty();
            }
        }
        return Optional.of(new TypeRef(base, pointers));
    }

    private static boolean isTag(CToken t) {
        return t.is("struct") || t.is("union") || t.is("enum");
    }
}
