package dev.polytrace.host.cli;

import dev.polytrace.host.bundled.BundledTracers;
import dev.polytrace.host.pkg.PackageParam;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.TracerPackage;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** Completion candidates for {@code --param}: NAME= for every param of every bundled tracer. */
final class BundledParamNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        TreeSet<String> names = new TreeSet<>();
        for (BundledTracers.Entry e : BundledTracers.list()) {
            params(e.name()).forEach(p -> names.add(p.name() + "="));
        }
        return names.iterator();
    }

    static List<PackageParam> params(String tracer) {
        return BundledTracers.find(tracer)
                .map(json -> PackageReader.read(json, tracer))
                .map(TracerPackage::params)
                .orElse(List.of());
    }
}
