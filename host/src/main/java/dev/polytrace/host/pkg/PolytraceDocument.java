package dev.polytrace.host.pkg;

import dev.polytrace.host.pkg.PackageOutputs.EventStream;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a polytrace document ({@code "polytrace": 1}) into a {@link TracerPackage}. Field names
 * are the record components' (with {@code polytrace} for the format version); unknown fields
 * are rejected, as in a hand-edited package they are typos.
 */
final class PolytraceDocument {
    static final Set<String> TOP_LEVEL = PackageFields.of("polytrace", "name", "version", "description", "object",
            "handler", "params", "programs", "maps", "outputs", "options", "signature");
    private static final Set<String> OBJECT = PackageFields.of("encoding", "size", "sha256", "data");
    private static final Set<String> HANDLER = PackageFields.of("language", "fileName", "source");
    private static final Set<String> PARAM = PackageFields.of("name", "cType", "section", "defaultValue", "help",
            "flag");
    private static final Set<String> PROGRAM = PackageFields.of("name", "section", "attach");
    private static final Set<String> ATTACH = PackageFields.of(AttachTarget.FIELDS.toArray(String[]::new));
    private static final Set<String> MAP = PackageFields.of("name", "maxEntries");
    private static final Set<String> OUTPUTS = PackageFields.of("events", "samples", "hidden");
    private static final Set<String> EVENT = PackageFields.of("map", "kind", "type");
    private static final Set<String> SAMPLE = PackageFields.of("map", "kind", "intervalMs", "unit", "clear",
            "linearStep");
    private static final Set<String> OPTIONS = PackageFields.of("intervalMs", "handlerTimeoutMs", "onHandlerError",
            "perfBufferPages", "pollTimeoutMs", "maxEmitBytes");
    private static final Set<String> SIGNATURE = PackageFields.of("algorithm", "keyId", "value");

    private PolytraceDocument() {
    }

    static TracerPackage read(JsonField root) {
        root.allowOnly(TOP_LEVEL);
        JsonField format = root.require("polytrace");
        long version = format.integer();
        if (version != TracerPackage.FORMAT_VERSION) {
            throw format.fail("version " + version + " is not supported (this polytrace reads "
                    + TracerPackage.FORMAT_VERSION + ")");
        }
        String name = PackageNames.require(root.require("name"));
        PackageObject read = object(root.require("object"));
        ObjectContents contents = ObjectContents.parse(read.elf(), root.origin(), root.childPath("object"));
        PackageObject object = PackageObject.parsed(read, contents);
        ObjectChecks checks = new ObjectChecks(contents, root.origin(), name);
        return new TracerPackage((int) version, name, root.text("version", ""), root.text("description", ""),
                object, root.optional("handler").map(PolytraceDocument::handler), params(root, checks),
                programs(root, checks), maps(root, checks), outputs(root, checks), options(root),
                root.optional("signature").map(PolytraceDocument::signature), root.origin(), List.of());
    }

    private static PackageObject object(JsonField field) {
        field.allowOnly(OBJECT);
        JsonField encoding = field.require("encoding");
        if (!encoding.text().equals(ObjectEncoding.ZLIB_BASE64)) {
            throw encoding.fail("\"" + encoding.text() + "\" is not supported (expected \""
                    + ObjectEncoding.ZLIB_BASE64 + "\")");
        }
        JsonField sha = field.require("sha256");
        String declared = sha.text().toLowerCase(java.util.Locale.ROOT);
        if (!declared.matches("[0-9a-f]{64}")) {
            throw sha.fail("expected 64 hex digits, got " + JsonField.describe(sha.node()));
        }
        byte[] elf = ObjectEncoding.decode(field.require("data"), field.require("size"));
        String actual = ObjectEncoding.sha256(elf);
        if (!actual.equals(declared)) {
            throw sha.fail("does not match the object (expected " + declared + ", got " + actual + ")");
        }
        return new PackageObject(elf, actual);
    }

    private static PackageHandler handler(JsonField field) {
        field.allowOnly(HANDLER);
        JsonField language = field.require("language");
        if (!language.text().equals(PackageHandler.JS) && !language.text().equals(PackageHandler.PYTHON)) {
            throw language.fail("\"" + language.text() + "\" is not supported (js or python)");
        }
        return new PackageHandler(language.text(), nonEmpty(field.require("fileName")), field.text("source"));
    }

    private static List<PackageParam> params(JsonField root, ObjectChecks checks) {
        List<PackageParam> params = new ArrayList<>();
        for (JsonField p : root.elements("params")) {
            p.allowOnly(PARAM);
            JsonField section = p.require("section");
            if (!PackageFields.isDataSection(section.text())) {
                throw section.fail("\"" + section.text() + "\" is not a data section (.rodata, .bss or .data)");
            }
            PackageParam param = new PackageParam(nonEmpty(p.require("name")), nonEmpty(p.require("cType")),
                    section.text(), p.optional("defaultValue").map(JsonField::scalar).orElse(null),
                    p.text("help", ""), p.optional("flag").map(JsonField::text).orElse(null));
            checks.param(param, p.childPath("name"));
            params.add(param);
        }
        return params;
    }

    private static List<PackageProgram> programs(JsonField root, ObjectChecks checks) {
        List<PackageProgram> programs = new ArrayList<>();
        for (JsonField p : root.elements("programs")) {
            p.allowOnly(PROGRAM);
            String name = nonEmpty(p.require("name"));
            String section = nonEmpty(p.require("section"));
            checks.program(name, p.childPath("name"), section, p.childPath("section"));
            programs.add(new PackageProgram(name, section, p.optional("attach").map(PolytraceDocument::attach)));
        }
        return programs;
    }

    private static AttachTarget attach(JsonField a) {
        a.allowOnly(ATTACH);
        Optional<JsonField> direction = a.optional("direction");
        if (direction.isPresent() && !PackageFields.isDirection(direction.get().text())) {
            throw direction.get().fail("\"" + direction.get().text() + "\" is not a tc direction (ingress or egress)");
        }
        Optional<JsonField> xdpFlags = a.optional("xdpFlags");
        xdpFlags.ifPresent(f -> XdpFlags.check(f.integer()).ifPresent(problem -> {
            throw f.fail(problem);
        }));
        return new AttachTarget(text(a, "iface"), direction.map(JsonField::text).orElse(null), text(a, "binary"),
                text(a, "symbol"), a.optional("offset").map(JsonField::integer).orElse(null),
                a.optional("pid").map(f -> (int) f.integer()).orElse(null),
                a.optional("retprobe").map(JsonField::bool).orElse(null), text(a, "cgroup"),
                a.optional("frequency").map(JsonField::integer).orElse(null), text(a, "tracepoint"),
                xdpFlags.map(JsonField::integer).orElse(null), tcNumber(a, "tcHandle", 0xffff_ffffL),
                tcNumber(a, "tcPriority", 0xffff));
    }

    /** A tc handle (u32) or priority (u16); 0 would let the kernel pick one, which we could not detach by. */
    private static Long tcNumber(JsonField a, String name, long max) {
        Optional<JsonField> field = a.optional(name);
        if (field.isEmpty()) {
            return null;
        }
        long value = field.get().integer();
        if (value < 1 || value > max) {
            throw field.get().fail("must be between 1 and " + max + ", got " + value);
        }
        return value;
    }

    private static List<PackageMap> maps(JsonField root, ObjectChecks checks) {
        List<PackageMap> maps = new ArrayList<>();
        for (JsonField m : root.elements("maps")) {
            m.allowOnly(MAP);
            String name = nonEmpty(m.require("name"));
            checks.sizableMap(name, m.childPath("name"));
            JsonField maxEntries = m.require("maxEntries");
            if (maxEntries.integerAtLeast(1) > Integer.MAX_VALUE) {
                throw maxEntries.fail("must be at most " + Integer.MAX_VALUE + ", got " + maxEntries.integer());
            }
            maps.add(new PackageMap(name, maxEntries.integer()));
        }
        return maps;
    }

    private static PackageOutputs outputs(JsonField root, ObjectChecks checks) {
        Optional<JsonField> outputs = root.optional("outputs").map(o -> o.allowOnly(OUTPUTS));
        List<EventStream> events = new ArrayList<>();
        List<SampledMap> samples = new ArrayList<>();
        for (JsonField e : outputs.map(o -> o.elements("events")).orElse(List.of())) {
            e.allowOnly(EVENT);
            JsonField kind = e.require("kind");
            if (!kind.text().equals("ringbuf") && !kind.text().equals("perf")) {
                throw kind.fail("\"" + kind.text() + "\" is not an event stream kind (ringbuf or perf)");
            }
            EventStream stream = new EventStream(nonEmpty(e.require("map")), kind.text(), nonEmpty(e.require("type")));
            checks.eventStream(stream, e.path());
            events.add(stream);
        }
        for (JsonField s : outputs.map(o -> o.elements("samples")).orElse(List.of())) {
            s.allowOnly(SAMPLE);
            JsonField kind = s.require("kind");
            if (!PackageFields.SAMPLE_KINDS.contains(kind.text())) {
                throw kind.fail("\"" + kind.text() + "\" is not a sample kind (log2_hist, linear_hist or table)");
            }
            SampledMap sample = new SampledMap(nonEmpty(s.require("map")), kind.text(),
                    s.integerAtLeast("intervalMs", 1000, 1), s.text("unit", ""), s.bool("clear", false),
                    s.integerAtLeast("linearStep", 1, 1));
            checks.sampledMap(sample, s.path());
            samples.add(sample);
        }
        List<String> hidden = new ArrayList<>();
        for (JsonField h : outputs.map(o -> o.elements("hidden")).orElse(List.of())) {
            checks.hideable(nonEmpty(h), h.path());
            hidden.add(h.text());
        }
        return new PackageOutputs(events, samples, hidden);
    }

    private static PackageOptions options(JsonField root) {
        Optional<JsonField> field = root.optional("options");
        if (field.isEmpty()) {
            return PackageOptions.DEFAULTS;
        }
        JsonField o = field.get().allowOnly(OPTIONS);
        PackageOptions d = PackageOptions.DEFAULTS;
        Optional<JsonField> onError = o.optional("onHandlerError");
        if (onError.isPresent() && !onError.get().text().equals("continue") && !onError.get().text().equals("stop")) {
            throw onError.get().fail("\"" + onError.get().text() + "\" is not supported (continue or stop)");
        }
        long pages = o.integerAtLeast("perfBufferPages", d.perfBufferPages(), 1);
        if (Long.bitCount(pages) != 1 || pages > 1 << 16) {
            throw o.require("perfBufferPages").fail("must be a power of two up to 65536, got " + pages);
        }
        return new PackageOptions(o.integerAtLeast("intervalMs", d.intervalMs(), 0),
                o.integerAtLeast("handlerTimeoutMs", d.handlerTimeoutMs(), 0), // 0: no watchdog
                onError.map(JsonField::text).orElse(d.onHandlerError()), (int) pages,
                o.integerAtLeast("pollTimeoutMs", d.pollTimeoutMs(), 0),
                o.integerAtLeast("maxEmitBytes", d.maxEmitBytes(), 1));
    }

    private static PackageSignature signature(JsonField s) {
        s.allowOnly(SIGNATURE);
        return new PackageSignature(nonEmpty(s.require("algorithm")), s.text("keyId"), nonEmpty(s.require("value")));
    }

    private static String text(JsonField object, String name) {
        return object.optional(name).map(JsonField::text).orElse(null);
    }

    private static String nonEmpty(JsonField field) {
        String text = field.text();
        if (text.isBlank()) {
            throw field.fail("must not be empty");
        }
        return text;
    }
}
