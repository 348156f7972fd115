package dev.polytrace.host.build;

import dev.polytrace.host.pkg.MapDefinition;
import dev.polytrace.host.pkg.ObjectContents;
import dev.polytrace.host.pkg.PackageOutputs;
import dev.polytrace.host.pkg.PackageOutputs.EventStream;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the tracer outputs: every ring buffer and perf event array of the object with the record
 * type found in the source, every map annotated with {@code @sample}, and the maps and globals that
 * {@code /// @hidden} keeps out of what a run prints at its end. The object's BTF is the
 * authority on which maps exist and of what kind; the source only supplies record types.
 */
final class OutputList {
    private OutputList() {
    }

    static PackageOutputs from(CompiledObject compiled, SourceFile source, List<EventStreamSource.Stream> streams) {
        ObjectContents contents = compiled.contents();
        List<EventStream> events = new ArrayList<>();
        for (MapDefinition map : contents.maps()) {
            if (!map.isEventStream()) {
                continue;
            }
            EventStreamSource.Stream stream = streams.stream().filter(s -> s.map().equals(map.name())).findFirst()
                    .orElseThrow(() -> new BuildException(source.fileName() + ": cannot tell the record type of "
                            + map.streamKind() + " map '" + map.name() + "', which is not defined in "
                            + source.fileName() + " or the headers it includes and not written there with one typed "
                            + "record; " + EventStreamSource.fix(map.name())));
            if (contents.type(stream.type()).isEmpty()) {
                throw new BuildException(stream.origin().label() + ": record type '" + stream.type()
                        + "' of map '" + map.name() + "' is not in the object's BTF: it must be a struct, union, "
                        + "enum or typedef defined at file scope");
            }
            events.add(new EventStream(map.name(), map.streamKind(), stream.type()));
        }
        return new PackageOutputs(events, samples(contents, source), hidden(contents, source));
    }

    /** Maps and .bss/.data globals marked {@code @hidden}, in source order. */
    private static List<String> hidden(ObjectContents contents, SourceFile source) {
        List<String> hidden = new ArrayList<>();
        for (Declaration d : source.declarations()) {
            Optional<Annotation> tag = d.doc().annotation(Annotation.HIDDEN);
            if (tag.isEmpty()) {
                continue;
            }
            String where = tag.get().where(source.fileName());
            if (!tag.get().argument().isEmpty()) {
                throw new BuildException(where + " takes no argument");
            }
            if (d.kind() == Declaration.Kind.MAP && contents.map(d.name()).isEmpty()) {
                throw new BuildException(where + " is above '" + d.name() + "', which is not a map of the compiled object");
            }
            if (d.kind() == Declaration.Kind.VARIABLE && !contents.stateGlobalNames().contains(d.name())) {
                throw new BuildException(where + " is above '" + d.name() + "', which is not a non-static global "
                        + "of the compiled object's .bss or .data (only those are printed when a run ends)");
            }
            hidden.add(d.name());
        }
        return hidden;
    }

    private static List<SampledMap> samples(ObjectContents contents, SourceFile source) {
        List<SampledMap> samples = new ArrayList<>();
        for (Declaration map : source.declarations(Declaration.Kind.MAP)) {
            Optional<Annotation> sample = map.doc().annotation(Annotation.SAMPLE);
            if (sample.isEmpty()) {
                continue;
            }
            String where = sample.get().where(source.fileName());
            MapDefinition defined = contents.map(map.name()).orElseThrow(() -> new BuildException(where
                    + " is above '" + map.name() + "', which is not a map of the compiled object"));
            if (defined.isEventStream()) {
                throw new BuildException(where + " is above '" + map.name() + "', a " + defined.streamKind()
                        + " map: event streams are read continuously, not sampled");
            }
            samples.add(SampleAnnotation.parse(map.name(), sample.get(), source.fileName()));
        }
        return samples;
    }
}
