package dev.polytrace.bpf.btf;

import java.util.Arrays;
import java.util.List;

/**
 * Checks that need the whole graph: references to the right kinds, and that the accessors
 * cannot loop or recurse without bound. Two graphs matter: the layout graph (typedef, modifier,
 * array, by-value member and variable edges), walked by {@code resolve()}, {@code size()} and
 * {@code alignment()}; and the spelling graph (pointer, modifier, array, prototype edges),
 * walked by {@code cName()}. Real C never has a cycle in either: a struct refers to itself only
 * through a pointer, which the layout graph does not follow, and {@code cName()} stops at named
 * types. Both graphs must also be shallow enough to walk recursively.
 */
final class BtfValidator {
    /** Deepest nesting accepted; vmlinux needs about a dozen levels. */
    static final int MAX_DEPTH = 256;
    private static final int[] NONE = new int[0];

    private final Btf btf;
    private final BtfErrors errors;
    private final int firstId;

    private BtfValidator(Btf btf, BtfErrors errors, int firstId) {
        this.btf = btf;
        this.errors = errors;
        this.firstId = firstId;
    }

    /** Validates the types with ids from {@code firstId} on (the base of split BTF is already valid). */
    static void validate(Btf btf, BtfErrors errors, int firstId) {
        BtfValidator v = new BtfValidator(btf, errors, firstId);
        for (int id = firstId; id < btf.typeCount(); id++) {
            v.checkKinds(btf.type(id));
        }
        v.checkDepth(true);
        v.checkDepth(false);
    }

    private void checkKinds(BtfType type) {
        switch (type) {
            case BtfFunc f when !(btf.type(f.protoId()) instanceof BtfFuncProto) ->
                    throw errors.type(f.id(), f.kind(), "'" + f.name() + "' has prototype type id " + f.protoId()
                            + ", which is a " + btf.type(f.protoId()).kind() + ", not a FUNC_PROTO");
            case BtfDatasec d -> d.vars().forEach(v -> checkDatasecEntry(d, v));
            case BtfDeclTag t when t.componentIndex() >= componentCount(t.target()) ->
                    throw errors.type(t.id(), t.kind(), "'" + t.name() + "' component index " + t.componentIndex()
                            + " is outside its target type id " + t.targetId());
            default -> {
            }
        }
    }

    private void checkDatasecEntry(BtfDatasec d, BtfVarSecInfo entry) {
        BtfType t = btf.type(entry.typeId());
        if (!(t instanceof BtfVar) && !(t instanceof BtfFunc)) {
            throw errors.type(d.id(), d.kind(), "'" + d.name() + "' lists type id " + entry.typeId() + ", a "
                    + t.kind() + ", where a VAR or FUNC belongs");
        }
    }

    /** Members or parameters a decl tag's component index may name (-1 names the target itself). */
    private static int componentCount(BtfType target) {
        return switch (target) {
            case BtfStruct s -> s.members().size();
            case BtfFunc f when f.btf().type(f.protoId()) instanceof BtfFuncProto p -> p.params().size();
            default -> 0;
        };
    }

    /** Iterative depth-first search computing the longest path from each type; a back edge is a cycle. */
    private void checkDepth(boolean layoutGraph) {
        int count = btf.typeCount() - firstId;
        int[] depth = new int[count]; // 0 = unvisited, -1 = on the stack, else 1 + longest path below
        int[] stack = new int[64];
        int[] nextChild = new int[64];
        int[][] children = new int[64][];
        for (int root = 0; root < count; root++) {
            if (depth[root] != 0) {
                continue;
            }
            int top = 0;
            stack[0] = root;
            nextChild[0] = 0;
            children[0] = children(btf.type(root + firstId), layoutGraph);
            depth[root] = -1;
            while (top >= 0) {
                if (nextChild[top] < children[top].length) {
                    int child = children[top][nextChild[top]++] - firstId;
                    if (child < 0 || depth[child] > 0) {
                        continue; // in the base, or already measured
                    }
                    if (depth[child] == -1) {
                        throw cycle(child + firstId, layoutGraph);
                    }
                    if (++top == stack.length) {
                        stack = Arrays.copyOf(stack, top * 2);
                        nextChild = Arrays.copyOf(nextChild, top * 2);
                        children = Arrays.copyOf(children, top * 2);
                    }
                    stack[top] = child;
                    nextChild[top] = 0;
                    children[top] = children(btf.type(child + firstId), layoutGraph);
                    depth[child] = -1;
                } else {
                    int node = stack[top];
                    depth[node] = 1 + maxDepth(children[top], depth);
                    if (depth[node] > MAX_DEPTH) {
                        throw errors.type(node + firstId, btf.type(node + firstId).kind(),
                                "nests types more than " + MAX_DEPTH + " levels deep");
                    }
                    top--;
                }
            }
        }
    }

    private int maxDepth(int[] children, int[] depth) {
        int max = 0;
        for (int c : children) {
            if (c >= firstId) {
                max = Math.max(max, depth[c - firstId]);
            }
        }
        return max;
    }

    private RuntimeException cycle(int id, boolean layoutGraph) {
        return errors.type(id, btf.type(id).kind(), "is part of a reference cycle"
                + (layoutGraph ? " through typedefs, modifiers, arrays or by-value members"
                        : " through pointers, modifiers, arrays or function prototypes"));
    }

    private static int[] children(BtfType t, boolean layoutGraph) {
        if (layoutGraph) {
            return switch (t) {
                case BtfTypedef td -> new int[] {td.targetId()};
                case BtfQualifier q -> new int[] {q.targetId()};
                case BtfArray a -> new int[] {a.elementTypeId()};
                case BtfVar v -> new int[] {v.typeId()};
                case BtfStruct s -> memberTypes(s);
                default -> NONE;
            };
        }
        return switch (t) {
            case BtfPointer p -> new int[] {p.targetId()};
            case BtfQualifier q -> new int[] {q.targetId()};
            case BtfArray a -> new int[] {a.elementTypeId()};
            case BtfVar v -> new int[] {v.typeId()};
            case BtfFunc f -> new int[] {f.protoId()};
            case BtfFuncProto p -> protoChildren(p);
            default -> NONE;
        };
    }

    private static int[] memberTypes(BtfStruct s) {
        List<BtfMember> members = s.members();
        int[] ids = new int[members.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = members.get(i).typeId();
        }
        return ids;
    }

    private static int[] protoChildren(BtfFuncProto p) {
        int[] ids = new int[p.params().size() + 1];
        ids[0] = p.returnTypeId();
        for (int i = 0; i < p.params().size(); i++) {
            ids[i + 1] = p.params().get(i).typeId();
        }
        return ids;
    }
}
