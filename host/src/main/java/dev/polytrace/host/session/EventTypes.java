package dev.polytrace.host.session;

import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.host.pkg.ObjectContents;
import dev.polytrace.host.pkg.PackageOutputs.EventStream;
import dev.polytrace.host.pkg.TracerPackage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The record type of each of a package's event streams, from the object's BTF as parsed once with the package. */
public final class EventTypes {
    private EventTypes() {
    }

    /** Stream map name to record type, for the streams whose type the BTF has, in the package's order. */
    public static Map<String, BtfType> of(TracerPackage pkg) {
        Map<String, BtfType> types = new LinkedHashMap<>();
        pkg.outputs().events().forEach(s -> of(pkg, s).ifPresent(t -> types.put(s.map(), t)));
        return types;
    }

    public static Optional<BtfType> of(TracerPackage pkg, EventStream stream) {
        return ObjectContents.of(pkg).btf().flatMap(btf -> TypeNames.find(btf, stream.type()));
    }
}
