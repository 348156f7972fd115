package dev.polytrace.host.build;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfArray;
import dev.polytrace.bpf.btf.BtfDatasec;
import dev.polytrace.bpf.btf.BtfEnum;
import dev.polytrace.bpf.btf.BtfInt;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.bpf.btf.BtfLinkage;
import dev.polytrace.bpf.btf.BtfVarSecInfo;
import dev.polytrace.host.pkg.ObjectContents;
import dev.polytrace.host.pkg.PackageParam;
import java.util.ArrayList;
import java.util.List;

/**
 * The object's globals that become params. Every variable of {@code .rodata} (and custom
 * {@code .rodata.*} sections) is one: a {@code const volatile} is how a BPF program takes
 * configuration. A {@code .data} / {@code .bss} variable is one only when a {@code ///} comment
 * documents it, since those sections mostly hold the program's own state (counters, scratch),
 * and is not marked {@code @hidden} (bookkeeping, not a setting).
 * Only types a command line can set qualify (integers, bool, enums, char arrays), and never the
 * build's {@code __polytrace_} helpers. Defaults are the initial bytes of the ELF section.
 */
final class GlobalParams {
    private GlobalParams() {
    }

    static List<PackageParam> from(CompiledObject compiled, SourceFile source) {
        ObjectContents contents = compiled.contents();
        Btf btf = contents.btf().orElse(null);
        if (btf == null) {
            return List.of();
        }
        List<PackageParam> params = new ArrayList<>();
        for (BtfType t : btf.types()) {
            if (!(t instanceof BtfDatasec datasec) || !isDataSection(datasec.name())) {
                continue;
            }
            boolean readOnly = datasec.name().startsWith(".rodata");
            for (BtfVarSecInfo info : datasec.vars()) {
                String name = info.name();
                DocBlock doc = source.declaration(Declaration.Kind.VARIABLE, name).map(Declaration::doc)
                        .orElse(DocBlock.EMPTY);
                // static globals are the program's own constants, not settings for users
                if (EventTypeAnchors.isHelper(name) || info.var().linkage() == BtfLinkage.STATIC
                        || !settable(info.var().type())
                        || (!readOnly && (doc.lines().isEmpty() || doc.annotation(Annotation.HIDDEN).isPresent()))) {
                    continue;
                }
                params.add(new PackageParam(name, cType(info.var().type()), datasec.name(),
                        contents.initialValue(datasec.name(), info), doc.help(), null));
            }
        }
        return params;
    }

    /** .rodata, .data, .bss and their custom .NAME.* variants; not .maps, .kconfig, .ksyms or license. */
    private static boolean isDataSection(String section) {
        for (String base : List.of(".rodata", ".data", ".bss")) {
            if (section.equals(base) || section.startsWith(base + ".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean settable(BtfType type) {
        BtfType t = type.resolve();
        return (t instanceof BtfInt i && i.size() <= 8) || t instanceof BtfEnum
                || (t instanceof BtfArray a && a.isCharArray());
    }

    /** The declared type without const/volatile: those say how BPF code sees it, not what the param is. */
    static String cType(BtfType type) {
        return type.cName().replaceAll("\\b(const|volatile)\\s+", "").replaceAll("\\s+(const|volatile)\\b", "")
                .strip();
    }
}
