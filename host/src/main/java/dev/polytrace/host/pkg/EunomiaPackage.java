package dev.polytrace.host.pkg;

import dev.polytrace.host.pkg.PackageOutputs.EventStream;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Converts an eunomia-bpf {@code package.json} into a {@link TracerPackage}, so that such
 * packages run as they are. The envelope is {@code bpf_object} (base64 of the zlib-deflated ELF),
 * {@code bpf_object_size} and {@code meta}; {@code meta.bpf_skel} describes the object (see
 * {@link EunomiaSkeleton}) and {@code meta.export_types} the records of the event stream.
 * Like ecli, the first map with a {@code sample} is polled on an interval; without one, the
 * first ring buffer or perf event array map is the event stream, carrying
 * {@code export_types[0]}. Fields polytrace has no use for (print_header, debug_verbose,
 * export_config details) are accepted and ignored.
 */
public final class EunomiaPackage {
    private EunomiaPackage() {
    }

    /** Whether a parsed JSON document looks like an eunomia-bpf package. */
    static boolean looksLike(JsonField root) {
        return root.has("bpf_object") || root.has("meta");
    }

    static TracerPackage convert(JsonField root) {
        JsonField meta = root.require("meta").object();
        rejectCppEraLayout(meta);
        JsonField skel = meta.require("bpf_skel").object();
        byte[] elf = ObjectEncoding.decode(root.require("bpf_object"), root.require("bpf_object_size"));
        String name = PackageNames.require(skel.require("obj_name"));
        // The package's name is the object's name when it is opened: libbpf names the data-section maps
        // after it, as they are when ecli opens the object with obj_name.
        ObjectContents contents = ObjectContents.parse(elf, root.origin(), root.childPath("bpf_object"));
        PackageObject object = PackageObject.parsed(PackageObject.of(elf), contents);
        ObjectChecks checks = new ObjectChecks(contents, root.origin(), name);
        EunomiaMaps maps = new EunomiaMaps(skel, checks);
        Optional<JsonField> doc = skel.optional("doc").map(JsonField::object);
        List<String> warnings = new ArrayList<>(maps.warnings());
        List<SampledMap> samples = maps.firstSample().map(List::of).orElse(List.of());
        List<EventStream> events = samples.isEmpty() ? eventStream(meta, maps, checks, warnings) : List.of();
        return new TracerPackage(TracerPackage.FORMAT_VERSION, name,
                doc.map(d -> d.text("version", "")).orElse(""), doc.map(EunomiaPackage::description).orElse(""),
                object, Optional.empty(), new EunomiaSkeleton(skel, checks).params(), EunomiaPrograms.read(skel, checks),
                List.of(), new PackageOutputs(events, samples), options(meta), Optional.empty(), root.origin(),
                warnings);
    }

    /** eunomia's C++ releases wrote {@code export_types: {export_btf, structs}}; current eunomia cannot read it either. */
    private static void rejectCppEraLayout(JsonField meta) {
        Optional<JsonField> exportTypes = meta.optional("export_types");
        if (exportTypes.isPresent() && exportTypes.get().node().isObject()) {
            throw exportTypes.get().fail("the C++-era eunomia layout ({export_btf, structs}) is not supported; "
                    + "rebuild the package with a current ecc (eunomia-bpf 0.3 or later)");
        }
    }

    private static String description(JsonField doc) {
        for (String field : List.of("brief", "description", "details")) {
            String text = doc.text(field, "");
            if (!text.isBlank()) {
                return text.strip();
            }
        }
        return "";
    }

    /** The first streaming map that is exported, carrying export_types[0]; none when either is missing. */
    private static List<EventStream> eventStream(JsonField meta, EunomiaMaps maps, ObjectChecks checks,
            List<String> warnings) {
        List<JsonField> types = meta.elements("export_types");
        if (types.isEmpty()) {
            return List.of();
        }
        String cType = ExportTypeCheck.check(types.get(0).object(), checks, warnings);
        for (MapDefinition map : checks.contents().maps()) {
            if (map.isEventStream() && maps.isExported(map.name())) {
                return List.of(new EventStream(map.name(), map.streamKind(), cType));
            }
        }
        return List.of();
    }

    private static PackageOptions options(JsonField meta) {
        long pages = meta.integerAtLeast("perf_buffer_pages", PackageOptions.DEFAULT_PERF_BUFFER_PAGES, 1);
        if (Long.bitCount(pages) != 1 || pages > 1 << 16) {
            throw meta.require("perf_buffer_pages").fail("must be a power of two up to 65536, got " + pages);
        }
        PackageOptions d = PackageOptions.DEFAULTS;
        return new PackageOptions(d.intervalMs(), d.handlerTimeoutMs(), d.onHandlerError(), (int) pages,
                meta.integerAtLeast("poll_timeout_ms", PackageOptions.DEFAULT_POLL_TIMEOUT_MS, 0));
    }
}
