package dev.polytrace.host.session;

import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.maps.MapReport;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * A sink that passes everything on to another one, for sinks that add something in between
 * (switch targets, count, filter). Subclasses override what they change; records keep their fast
 * path ({@link #onRecord}) unless a subclass takes it away.
 */
public abstract class ForwardingSink implements EventSink {
    /** Where the calls go now. */
    protected abstract EventSink target();

    @Override
    public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        target().onEvent(stream, event, raw);
    }

    @Override
    public void onRecord(String stream, RecordLayout layout, ByteBuffer raw) {
        target().onRecord(stream, layout, raw);
    }

    @Override
    public void onRecord(String stream, RecordLayout layout, ByteBuffer raw, ContainerInfo container) {
        target().onRecord(stream, layout, raw, container);
    }

    @Override
    public void flush() {
        target().flush();
    }

    @Override
    public void onSample(String map, String rendered) {
        target().onSample(map, rendered);
    }

    @Override
    public void onMap(MapReport report) {
        target().onMap(report);
    }

    @Override
    public void onLost(String stream, long count) {
        target().onLost(stream, count);
    }

    @Override
    public void onClose() {
        target().onClose();
    }

    @Override
    public void onClose(Runnable lastOutput) {
        target().onClose(lastOutput);
    }
}
