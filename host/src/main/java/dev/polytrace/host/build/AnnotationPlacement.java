package dev.polytrace.host.build;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks, before compiling, that every annotation sits where it means something: {@code @event} and
 * {@code @sample} directly above a map definition, {@code @hidden} above a map definition or a
 * global variable, {@code @attach} directly above a function, {@code @options} at most once
 * anywhere. A misplaced annotation would otherwise be ignored.
 */
final class AnnotationPlacement {
    private AnnotationPlacement() {
    }

    static void check(SourceFile source) {
        String file = source.fileName();
        for (Declaration d : source.declarations()) {
            Set<String> tags = new HashSet<>();
            for (Annotation a : d.doc().annotations()) {
                if (!tags.add(a.tag())) {
                    throw new BuildException(a.where(file) + " is repeated above '" + d.name() + "'");
                }
                List<Declaration.Kind> wanted = wantedKinds(a.tag());
                if (!wanted.isEmpty() && !wanted.contains(d.kind())) {
                    throw new BuildException(a.where(file) + " must be directly above " + description(wanted)
                            + ", but it is above " + d.kind().description()
                            + (d.name().isEmpty() ? "" : " ('" + d.name() + "')"));
                }
            }
        }
        for (DocBlock loose : source.looseBlocks()) {
            for (Annotation a : loose.annotations()) {
                List<Declaration.Kind> wanted = wantedKinds(a.tag());
                if (!wanted.isEmpty()) {
                    throw new BuildException(a.where(file) + " must be directly above " + description(wanted)
                            + " (no blank line or other comment between)");
                }
            }
        }
        List<Annotation> options = source.allAnnotations().stream()
                .filter(a -> a.tag().equals(Annotation.OPTIONS)).toList();
        if (options.size() > 1) {
            throw new BuildException(options.get(1).where(file) + " is repeated (first at line "
                    + options.get(0).line() + ")");
        }
    }

    /** What a tag may be above; empty for one that goes anywhere. */
    private static List<Declaration.Kind> wantedKinds(String tag) {
        return switch (tag) {
            case Annotation.EVENT, Annotation.SAMPLE -> List.of(Declaration.Kind.MAP);
            case Annotation.HIDDEN -> List.of(Declaration.Kind.MAP, Declaration.Kind.VARIABLE);
            case Annotation.ATTACH -> List.of(Declaration.Kind.FUNCTION);
            default -> List.of();
        };
    }

    private static String description(List<Declaration.Kind> kinds) {
        return String.join(" or ", kinds.stream().map(Declaration.Kind::description).toList());
    }
}
