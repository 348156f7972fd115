package dev.polytrace.host.build;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfDeclTag;
import dev.polytrace.bpf.btf.BtfFunc;
import dev.polytrace.bpf.btf.BtfType;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's kfuncs declared for vmlinux.h as bpftool 7.4 and newer declare them: every FUNC of
 * the kernel's BTF marked by a DECL_TAG "bpf_kfunc" becomes {@code extern RET NAME(ARGS) __weak
 * __ksym;}. Older bpftool (Debian 12 has 7.1) declares none, so sources written against a newer
 * one call kfuncs such as {@code bpf_task_from_pid} undeclared. Weak, so that a program that
 * checks with {@code bpf_ksym_exists()} still loads on a kernel without the kfunc. Like bpftool's,
 * the block is skipped when {@code BPF_NO_KFUNC_PROTOTYPES} is defined, for sources that declare
 * kfuncs their own way.
 */
final class KfuncPrototypes {
    private static final String TAG = "bpf_kfunc";
    /** vmlinux.h's closing line as bpftool writes it: the declarations go inside its include guard. */
    private static final String HEADER_END = "#endif /* __VMLINUX_H__ */";

    private KfuncPrototypes() {
    }

    /** {@code header} with the kfuncs of {@code btf} declared, unless it declares kfuncs already. */
    static String addTo(String header, Btf btf) {
        if (header.contains("__weak __ksym;")) {
            return header; // a bpftool that declares them itself
        }
        String block = block(btf);
        int end = header.lastIndexOf(HEADER_END);
        return end < 0 ? header + "\n" + block : header.substring(0, end) + block + "\n" + header.substring(end);
    }

    /** The declarations, sorted by name, with the attribute macros libbpf's bpf_helpers.h would define. */
    static String block(Btf btf) {
        Map<String, String> prototypes = new TreeMap<>();
        for (BtfType t : btf.types()) {
            if (t instanceof BtfDeclTag tag && tag.name().equals(TAG) && tag.componentIndex() == -1
                    && tag.target() instanceof BtfFunc func) {
                String prototype = func.cName();
                // an anonymous struct or enum parameter has no name C could spell outside its definition
                if (!prototype.contains("(anonymous)")) {
                    prototypes.putIfAbsent(func.name(), prototype);
                }
            }
        }
        StringBuilder block = new StringBuilder();
        block.append("/* kfuncs, declared by polytrace build as bpftool 7.4+ declares them */\n");
        block.append("#ifndef BPF_NO_KFUNC_PROTOTYPES\n");
        // vmlinux.h usually comes before bpf_helpers.h; these spell libbpf's definitions exactly,
        // so that bpf_helpers.h redefining them later is no conflict
        block.append("#ifndef __ksym\n#define __ksym __attribute__((section(\".ksyms\")))\n#endif\n");
        block.append("#ifndef __weak\n#define __weak __attribute__((weak))\n#endif\n");
        for (String prototype : prototypes.values()) {
            block.append("extern ").append(prototype).append(" __weak __ksym;\n");
        }
        block.append("#endif\n");
        return block.toString();
    }
}
