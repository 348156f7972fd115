package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.polytrace.host.container.ContainerInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A handler reads its event's container as {@code event.container} (JS and Python), and a record
 * it emits while handling an event carries that container unless it sets its own.
 */
class ContainerEventsTest {
    private static final ContainerInfo WEB = new ContainerInfo("56373b6a7aa6", "web", "localhost/s-busybox:latest",
            "podman", "", "");

    @AfterEach
    void noHandlerThreadLeft() {
        Bystanders.assertNoHandlerThreadsLeft();
    }

    private static void send(HandlerHarness h) {
        ContainerInfo[] containers = {WEB, ContainerInfo.HOST, ContainerInfo.UNKNOWN, null};
        for (int pid = 1; pid <= containers.length; pid++) {
            ByteBuffer raw = ByteBuffer.allocate((int) TestLayouts.BASICS.type().size()).order(ByteOrder.LITTLE_ENDIAN);
            raw.putInt(8, pid).put(16, (byte) 'a');
            h.sink.onRecord("events", TestLayouts.BASICS, raw, containers[pid - 1]);
        }
    }

    private static void check(HandlerHarness h) {
        h.awaitHandled(4);
        h.finish();
        List<Map<String, Object>> records = h.output.records();
        assertEquals(8, records.size(), () -> "records: " + records + ", log: " + h.log.lines());
        assertEquals(Map.of("pid", 1L, "name", "web", "image", "localhost/s-busybox:latest", "runtime", "podman",
                "container", WEB.fields()), records.get(0));
        assertEquals(Map.of("pid", 1L, "container", "mine"), records.get(1), "a record's own container stays");
        assertEquals(Map.of("pid", 2L, "name", "", "image", "", "runtime", ""), records.get(2),
                "a host process: an empty container to read, none added to what is emitted");
        assertEquals("unknown", records.get(4).get("name"));
        assertEquals(ContainerInfo.UNKNOWN.fields(), records.get(4).get("container"));
        assertEquals(4L, records.get(6).get("pid"));
        assertFalse(records.get(6).containsKey("container"), "no container known, none given: " + records.get(6));
        assertEquals("none", records.get(6).get("name"));
    }

    @Test
    void javascript() {
        String handler = """
                export function onEvent(e, ctx) {
                  const c = e.container;
                  ctx.emit(c ? {pid: e.pid, name: c.name, image: c.image, runtime: c.runtime} : {pid: e.pid, name: 'none'});
                  ctx.emit({pid: e.pid, container: 'mine'});
                }
                """;
        try (HandlerHarness h = HandlerHarness.start("containers.js", handler, HandlerHarness.patientOptions())) {
            send(h);
            check(h);
        }
    }

    @Test
    void python() {
        String handler = """
                def on_event(e, ctx):
                    c = e.get('container')
                    if c is not None:
                        ctx.emit({'pid': e.pid, 'name': c.name, 'image': c.image, 'runtime': c.runtime})
                    else:
                        ctx.emit({'pid': e.pid, 'name': 'none'})
                    ctx.emit({'pid': e.pid, 'container': 'mine'})
                """;
        try (HandlerHarness h = HandlerHarness.start("containers.py", handler, HandlerHarness.patientOptions())) {
            send(h);
            check(h);
        }
    }

    @Test
    void everyEventOfAContainerSharesOneReadOnlyRecord() {
        ContainerInfo web = new ContainerInfo(WEB.id(), WEB.name(), WEB.image(), WEB.runtime(), WEB.pod(), WEB.namespace());
        assertSame(EventShape.guestContainer(WEB), EventShape.guestContainer(web), "an equal ContainerInfo, the same record");
        assertSame(EventShape.guestContainer(ContainerInfo.HOST), EventShape.guestContainer(ContainerInfo.HOST));
        assertNull(EventShape.guestContainer(null));
        String handler = """
                export function onEvent(e, ctx) {
                  try {
                    e.container.name = 'changed';
                    ctx.emit({pid: e.pid, wrote: e.container.name});
                  } catch (err) {
                    ctx.emit({pid: e.pid, refused: String(err.message).includes('read-only')});
                  }
                }
                """;
        try (HandlerHarness h = HandlerHarness.start("write.js", handler, HandlerHarness.patientOptions())) {
            for (int pid = 1; pid <= 2; pid++) {
                ByteBuffer raw = ByteBuffer.allocate((int) TestLayouts.BASICS.type().size()).order(ByteOrder.LITTLE_ENDIAN);
                h.sink.onRecord("events", TestLayouts.BASICS, raw.putInt(8, pid), WEB);
            }
            h.awaitHandled(2);
            h.finish();
            List<Map<String, Object>> records = h.output.records();
            assertEquals(2, records.size(), records::toString);
            for (Map<String, Object> record : records) {
                assertEquals(true, record.get("refused"), "a handler cannot change the container later events read: "
                        + record);
                assertEquals(WEB.fields(), record.get("container"), "what it emits still carries it");
            }
        }
    }
}
