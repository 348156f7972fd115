package dev.polytrace.host.daemon;

import dev.polytrace.host.filter.FilterJson;
import dev.polytrace.bpf.GlobalVariable;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageParam;
import dev.polytrace.host.pkg.PackageProgram;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.script.HandOver;
import dev.polytrace.host.script.HandlerReport;
import dev.polytrace.host.session.SessionStats;
import dev.polytrace.script.codec.BtfCodec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of a tracer: a summary for lists, the detail for {@code GET /v1/tracers/{id}}. */
public final class TracerView {
    private static final BtfCodec CODEC = new BtfCodec();

    private TracerView() {
    }

    public static Map<String, Object> summary(DeployedTracer t) {
        Deployment d = t.deployment();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", t.id());
        out.put("name", t.name());
        out.put("package", d.pkg().map(TracerPackage::name).orElse(null));
        out.put("version", d.pkg().map(TracerPackage::version).orElse(null));
        out.put("sha256", d.sha256().orElse(null));
        out.put("state", t.state().label());
        t.error().ifPresent(e -> out.put("error", e));
        out.put("stats", stats(t));
        return out;
    }

    public static Map<String, Object> detail(DeployedTracer t) {
        Deployment d = t.deployment();
        Map<String, Object> out = summary(t);
        out.put("created", d.created().toString());
        out.put("buffer", Map.of("firstSeq", t.buffer().firstSeq(), "lastSeq", t.buffer().lastSeq(),
                "capacity", t.buffer().capacity(), "streams", t.buffer().streams()));
        if (d.pkg().isEmpty()) {
            return out;
        }
        TracerPackage pkg = d.pkg().get();
        out.put("description", pkg.description());
        out.put("objectSha256", pkg.object().sha256());
        pkg.signature().ifPresent(s -> out.put("signedBy", s.keyId()));
        out.put("handler", handler(d.runningHandler(), t.swaps()));
        out.put("params", params(t));
        out.put("programs", pkg.programs().stream().map(TracerView::program).toList());
        List<Map<String, Object>> outputs = new ArrayList<>();
        pkg.outputs().events().forEach(e -> outputs.add(Map.of("map", e.map(), "kind", e.kind(), "type", e.type())));
        pkg.outputs().samples().forEach(s -> outputs.add(Map.of("map", s.map(), "kind", s.kind(),
                "intervalMs", s.intervalMs())));
        out.put("outputs", outputs);
        if (!d.filter().isEmpty()) {
            out.put("filter", FilterJson.write(d.filter()));
        }
        return out;
    }

    public static Map<String, Object> stats(DeployedTracer t) {
        Map<String, Object> out = new LinkedHashMap<>();
        Optional<SessionStats> s = t.running().map(running -> running.stats());
        out.put("events", s.map(SessionStats::events).orElse(0L));
        out.put("eventsPerSecond", Math.round(t.eventsPerSecond() * 10) / 10.0);
        out.put("lost", s.map(SessionStats::lost).orElse(0L));
        out.put("decodeErrors", s.map(SessionStats::decodeErrors).orElse(0L));
        Optional<HandlerReport> h = t.handlerReport();
        out.put("dropped", h.map(HandlerReport::dropped).orElse(0L));
        out.put("handled", h.map(HandlerReport::handled).orElse(0L));
        out.put("handlerErrors", h.map(HandlerReport::errors).orElse(0L));
        h.map(HandlerReport::firstError).ifPresent(e -> out.put("firstHandlerError", e));
        out.put("records", t.bufferedRecords());
        out.put("uptimeSeconds", Math.round(s.map(SessionStats::uptimeSeconds).orElse(0.0) * 10) / 10.0);
        return out;
    }

    /** What the old handler handed to the new one in a hot swap. */
    public static Map<String, Object> handOver(HandOver handOver) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stateCarried", handOver.state() != null);
        if (handOver.exitError() != null) {
            out.put("oldExitError", handOver.exitError());
        }
        return out;
    }

    private static Map<String, Object> handler(Optional<PackageHandler> handler, int swaps) {
        if (handler.isEmpty()) {
            return null;
        }
        PackageHandler h = handler.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("language", h.language());
        out.put("fileName", h.fileName());
        out.put("sha256", sha256(h.source()));
        out.put("swaps", swaps);
        return out;
    }

    /** Each param with the value it has now: read from the object while it runs, else as set. */
    public static List<Map<String, Object>> params(DeployedTracer t) {
        Deployment d = t.deployment();
        List<PackageParam> declared = d.pkg().map(TracerPackage::params).orElse(List.of());
        Map<String, Object> live = t.whileRunning(session -> {
            Map<String, Object> values = new LinkedHashMap<>();
            for (PackageParam p : declared) {
                session.object().variables().find(p.name()).ifPresent(v -> values.put(p.name(), read(v)));
            }
            return values;
        }).orElse(Map.of());
        List<Map<String, Object>> out = new ArrayList<>();
        for (PackageParam p : declared) {
            Map<String, Object> param = new LinkedHashMap<>();
            param.put("name", p.name());
            param.put("cType", p.cType());
            param.put("value", live.containsKey(p.name()) ? live.get(p.name())
                    : d.params().containsKey(p.name()) ? d.params().get(p.name()) : p.defaultValue());
            param.put("default", p.defaultValue());
            param.put("runtime", p.isRuntimeWritable());
            param.put("help", p.help());
            out.add(param);
        }
        return out;
    }

    private static Object read(GlobalVariable v) {
        try {
            return CODEC.decode(v.type(), v.bytes());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Object> program(PackageProgram p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", p.name());
        out.put("section", p.section());
        return out;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
