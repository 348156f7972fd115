package dev.polytrace.host.build;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks, before compiling, that every annotation sits where it means something: {@code @event},
 * {@code @sample} and {@code @hidden} directly above a map definition, {@code @attach} directly above a function,
 * {@code @options} at most once anywhere. A misplaced annotation would otherwise be ignored.
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
                Optional<Declaration.Kind> wanted = wantedKind(a.tag());
                if (wanted.isPresent() && wanted.get() != d.kind()) {
                    throw new BuildException(a.where(file) + " must be directly above " + wanted.get().description()
                            + ", but it is above " + d.kind().description()
                            + (d.name().isEmpty() ? "" : " ('" + d.name() + "')"));
                }
            }
        }
        for (DocBlock loose : source.looseBlocks()) {
            for (Annotation a : loose.annotations()) {
                Optional<Declaration.Kind> wanted = wantedKind(a.tag());
                if (wanted.isPresent()) {
                    throw new BuildException(a.where(file) + " must be directly above " + wanted.get().description()
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

    private static Optional<Declaration.Kind> wantedKind(String tag) {
        return switch (tag) {
            case Annotation.EVENT, Annotation.SAMPLE, Annotation.HIDDEN -> Optional.of(Declaration.Kind.MAP);
            case Annotation.ATTACH -> Optional.of(Declaration.Kind.FUNCTION);
            default -> Optional.empty();
        };
    }
}
