package dev.polytrace.script.api;

import dev.polytrace.bpf.BpfObject;
import dev.polytrace.script.metrics.MetricsRegistry;
import dev.polytrace.script.symbols.KernelSymbols;
import dev.polytrace.script.symbols.Symbolizer;
import dev.polytrace.script.symbols.UserSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A host for tests: records what the handler emits and logs. */
final class FakeEnvironment implements HandlerEnvironment {
    static final String KALLSYMS = """
            ffffffff81000000 T _stext
            ffffffff81001000 T do_sys_open
            ffffffff81002000 t helper
            """;

    final Map<String, Object> params = new LinkedHashMap<>();
    final List<Map<String, Object>> emitted = new ArrayList<>();
    final List<String> logged = new ArrayList<>();
    long maxEmitBytes = DEFAULT_MAX_EMIT_BYTES;
    final MetricsRegistry metrics = new MetricsRegistry("", Map.of("tracer", "test"), 5);
    private final Symbolizer symbolizer = new Symbolizer(KernelSymbols.parse(KALLSYMS, "test"), new UserSymbols());
    private BpfObject object;

    FakeEnvironment withObject(BpfObject loaded) {
        this.object = loaded;
        return this;
    }

    @Override
    public Map<String, Object> params() {
        return params;
    }

    @Override
    public Optional<BpfObject> object() {
        return Optional.ofNullable(object);
    }

    @Override
    public void emit(Map<String, Object> record) {
        emitted.add(record);
    }

    @Override
    public long maxEmitBytes() {
        return maxEmitBytes;
    }

    @Override
    public MetricsRegistry metrics() {
        return metrics;
    }

    @Override
    public Symbolizer symbolizer() {
        return symbolizer;
    }

    @Override
    public HandlerLog log() {
        return (level, message) -> logged.add(level + " " + message);
    }
}
