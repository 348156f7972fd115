package dev.polytrace.host.script;

import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.bpf.BpfObject;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.script.api.HandlerEnvironment;
import dev.polytrace.script.api.HandlerLog;
import dev.polytrace.script.metrics.MetricsRegistry;
import dev.polytrace.script.symbols.Symbolizer;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The host side of {@code ctx} for one handler: records from {@code ctx.emit} go to the run's output
 * sink as events of their own stream (so a table takes its columns from the first record), and
 * {@code ctx.maps} reads the session's object once it is loaded.
 */
final class SessionEnvironment implements HandlerEnvironment {
    private static final String CONTAINER = "container";
    private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final HandlerServices services;
    private final EventSink output;
    private final String emitStream;
    private final long maxEmitBytes;
    private volatile BpfObject object;
    private volatile Map<String, Object> params;
    private volatile Supplier<ContainerInfo> currentContainer = () -> null;

    SessionEnvironment(HandlerServices services, EventSink output, String emitStream, long maxEmitBytes) {
        this.services = services;
        this.output = output;
        this.emitStream = emitStream;
        this.maxEmitBytes = maxEmitBytes;
        this.params = services.params();
    }

    /** The session's object: {@code ctx.maps}, and the params' values as the kernel got them. */
    void attach(BpfObject loaded) {
        this.object = loaded;
        this.params = loaded == null ? services.params() : ParamValues.read(loaded, services.params());
    }

    @Override
    public Map<String, Object> params() {
        return params;
    }

    @Override
    public Optional<BpfObject> object() {
        return Optional.ofNullable(object);
    }

    /** Where to ask for the container of the event being handled (see {@link #emit}). */
    void containerOfEvent(Supplier<ContainerInfo> current) {
        this.currentContainer = current;
    }

    /**
     * A record emitted while an event of a process in a container is handled carries that
     * container, unless it has a {@code container} of its own; as JSON lines do, a host process's
     * record gets none.
     */
    @Override
    public void emit(Map<String, Object> record) {
        ContainerInfo container = currentContainer.get();
        Map<String, Object> out = record;
        if (container != null && !container.isHost() && !record.containsKey(CONTAINER)) {
            out = new LinkedHashMap<>(record);
            out.put(CONTAINER, container.fields());
        }
        output.onEvent(emitStream, out, NO_BYTES.duplicate());
    }

    @Override
    public long maxEmitBytes() {
        return maxEmitBytes;
    }

    @Override
    public MetricsRegistry metrics() {
        return services.metrics();
    }

    @Override
    public Symbolizer symbolizer() {
        return services.symbolizer();
    }

    @Override
    public HandlerLog log() {
        return services.log();
    }
}
