package dev.polytrace.host.build;

import dev.polytrace.host.pkg.AttachTarget;
import dev.polytrace.host.pkg.ObjectProgram;
import dev.polytrace.host.pkg.PackageProgram;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The object's programs (functions in executable sections other than .text, in section order)
 * with the {@code @attach} target annotated above each function, if any.
 */
final class ProgramList {
    private ProgramList() {
    }

    static List<PackageProgram> from(CompiledObject compiled, SourceFile source) {
        List<ObjectProgram> inObject = compiled.contents().programs();
        Map<String, AttachTarget> targets = new HashMap<>();
        for (Declaration function : source.declarations(Declaration.Kind.FUNCTION)) {
            Optional<Annotation> attach = function.doc().annotation(Annotation.ATTACH);
            if (attach.isEmpty()) {
                continue;
            }
            if (inObject.stream().noneMatch(p -> p.name().equals(function.name()))) {
                throw new BuildException(attach.get().where(source.fileName()) + " is above '" + function.name()
                        + "', which is not a BPF program (programs: " + String.join(", ",
                        inObject.stream().map(ObjectProgram::name).toList()) + ")");
            }
            targets.put(function.name(), AttachAnnotation.parse(attach.get(), source.fileName()));
        }
        List<PackageProgram> programs = new ArrayList<>();
        for (ObjectProgram p : inObject) {
            programs.add(new PackageProgram(p.name(), p.section(), Optional.ofNullable(targets.get(p.name()))));
        }
        return programs;
    }
}
