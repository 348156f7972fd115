package dev.polytrace.host.pkg;

import static dev.polytrace.host.pkg.TestPackages.ORIGIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

/** Every way a polytrace document can be wrong, each named by its JSON path. */
class PackageReaderErrorsTest {
    private static final TracerPackage GOOD = TestPackages.execsnoop();
    /** Written once: compressing the object is the slow part of writing. */
    private static final ObjectNode DOCUMENT = TestPackages.document(GOOD);

    @Test
    void notJson() {
        String m = message("{\n  \"polytrace\": 1,\n  \"name\": x\n}".getBytes(StandardCharsets.UTF_8));
        assertTrue(m.startsWith(ORIGIN + ": not JSON (line 3, column 13: Unrecognized token 'x'"), m);
    }

    @Test
    void truncatedJson() {
        byte[] whole = PackageWriter.write(GOOD);
        String m = message(Arrays.copyOf(whole, 200));
        assertTrue(m.startsWith(ORIGIN + ": truncated JSON (line 9, column "), m);
        assertTrue(m.contains("Unexpected end-of-input"), m);
    }

    @Test
    void emptyAndNonObjectDocuments() {
        assertEquals(ORIGIN + ": not JSON (the document is empty)", message(new byte[0]));
        assertEquals(ORIGIN + ": $: expected an object, got an array", message("[1]".getBytes(StandardCharsets.UTF_8)));
        String duplicate = message("{\"a\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8));
        assertTrue(duplicate.startsWith(ORIGIN + ": not JSON (line 1, column 13: Duplicate field 'a'"), duplicate);
        assertEquals(ORIGIN + ": $: not a tracer package: expected \"polytrace\": 1 (polytrace) or \"bpf_object\" and"
                + " \"meta\" (eunomia-bpf package.json)", message("{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void formatVersion() {
        assertEquals(ORIGIN + ": $.polytrace: version 7 is not supported (this polytrace reads 1)",
                message(d -> d.put("polytrace", 7)));
        assertEquals(ORIGIN + ": $.polytrace: expected an integer, got \"1\"", message(d -> d.put("polytrace", "1")));
    }

    @Test
    void unknownAndMissingFields() {
        assertEquals(ORIGIN + ": $.nmae: unknown field (known: polytrace, name, version, description, object, handler,"
                + " params, programs, maps, outputs, options, signature)", message(d -> d.put("nmae", "x")));
        assertEquals(ORIGIN + ": $.name: missing", message(d -> d.remove("name")));
        assertEquals(ORIGIN + ": $.params[2].cType: missing", message(d -> param(d, 2).remove("cType")));
        assertEquals(ORIGIN + ": $.params[1].help: expected a string, got 3", message(d -> param(d, 1).put("help", 3)));
        assertTrue(message(d -> program(d, 1).with("attach").put("ifname", "lo"))
                .startsWith(ORIGIN + ": $.programs[1].attach.ifname: unknown field (known: iface, direction, "));
    }

    @Test
    void objectEncoding() {
        assertEquals(ORIGIN + ": $.object.encoding: \"gzip+base64\" is not supported (expected \"zlib+base64\")",
                message(d -> object(d).put("encoding", "gzip+base64")));
        String notBase64 = message(d -> object(d).put("data", "not base64!"));
        assertTrue(notBase64.startsWith(ORIGIN + ": $.object.data: not base64 (Illegal base64 character 21"),
                notBase64);
        assertEquals(ORIGIN + ": $.object.data: not zlib data (incorrect header check)",
                message(d -> object(d).put("data", Base64.getEncoder().encodeToString("hello".getBytes()))));
        String data = object(DOCUMENT).get("data").asText();
        byte[] compressed = Base64.getDecoder().decode(data);
        String half = Base64.getEncoder().encodeToString(Arrays.copyOf(compressed, compressed.length / 2));
        assertTrue(message(d -> object(d).put("data", half)).startsWith(ORIGIN
                + ": $.object.data: not zlib data (truncated after "));
    }

    @Test
    void objectSizeAndChecksum() {
        int size = GOOD.object().size();
        assertEquals(ORIGIN + ": $.object.size: does not match the object (expected " + (size - 1) + ", got " + size
                + ")", message(d -> object(d).put("size", size - 1)));
        assertEquals(ORIGIN + ": $.object.size: does not match the object (expected " + (size + 10) + ", got " + size
                + ")", message(d -> object(d).put("size", size + 10)));
        String wrong = "3fa1" + "0".repeat(60);
        assertEquals(ORIGIN + ": $.object.sha256: does not match the object (expected " + wrong + ", got "
                + GOOD.object().sha256() + ")", message(d -> object(d).put("sha256", wrong)));
        assertEquals(ORIGIN + ": $.object.sha256: expected 64 hex digits, got \"abc\"",
                message(d -> object(d).put("sha256", "abc")));
    }

    @Test
    void objectMustBeBpfElf() {
        assertTrue(message(d -> replaceObject(d, "hello, not an ELF file".getBytes()))
                .startsWith(ORIGIN + ": $.object: not an ELF object ("));
        byte[] x86 = GOOD.object().elf().clone();
        x86[18] = 62; // e_machine = EM_X86_64 (little endian)
        x86[19] = 0;
        assertEquals(ORIGIN + ": $.object: not a BPF object: x86-64 ELF", message(d -> replaceObject(d, x86)));
    }

    @Test
    void eventStreams() {
        assertEquals(ORIGIN + ": $.outputs.events[0].map: no map \"events\" in the object (maps: exec_start, rb)",
                message(d -> event(d).put("map", "events")));
        assertEquals(ORIGIN + ": $.outputs.events[0].map: exec_start is a hash map, not a ring buffer or perf event"
                + " array", message(d -> event(d).put("map", "exec_start")));
        assertEquals(ORIGIN + ": $.outputs.events[0].kind: \"perf\" does not match the object, where rb is a ringbuf"
                + " map", message(d -> event(d).put("kind", "perf")));
        assertEquals(ORIGIN + ": $.outputs.events[0].kind: \"kafka\" is not an event stream kind (ringbuf or perf)",
                message(d -> event(d).put("kind", "kafka")));
        assertEquals(ORIGIN + ": $.outputs.events[0].type: struct packet_event is not in the object's BTF",
                message(d -> event(d).put("type", "struct packet_event")));
    }

    @Test
    void sampledMaps() {
        assertEquals(ORIGIN + ": $.outputs.samples[0].map: no map \"hists\" in the object (maps: exec_start, rb)",
                message(d -> sample(d).put("map", "hists")));
        assertEquals(ORIGIN + ": $.outputs.samples[0].kind: \"pie\" is not a sample kind (log2_hist, linear_hist or"
                + " table)", message(d -> sample(d).put("kind", "pie")));
        assertEquals(ORIGIN + ": $.outputs.samples[0].intervalMs: must be at least 1, got 0",
                message(d -> sample(d).put("intervalMs", 0)));
    }

    @Test
    void programs() {
        assertEquals(ORIGIN + ": $.programs[1].name: no program \"handle_fork\" in the object (programs: handle_exec,"
                + " handle_exit)", message(d -> program(d, 1).put("name", "handle_fork")));
        assertEquals(ORIGIN + ": $.programs[0].section: \"tp/sched/sched_process_fork\" does not match the object,"
                + " where handle_exec is in section \"tp/sched/sched_process_exec\"",
                message(d -> program(d, 0).put("section", "tp/sched/sched_process_fork")));
        assertEquals(ORIGIN + ": $.programs[1].attach.direction: \"sideways\" is not a tc direction (ingress or"
                + " egress)", message(d -> program(d, 1).with("attach").put("direction", "sideways")));
    }

    @Test
    void attachNetworkOptions() {
        assertEquals(ORIGIN + ": $.programs[1].attach.xdpFlags: 16 has XDP_FLAGS_REPLACE (16), which needs the fd of the"
                + " program to replace; polytrace attaches through a BPF link, which never replaces one",
                message(d -> program(d, 1).with("attach").put("xdpFlags", 16)));
        assertEquals(ORIGIN + ": $.programs[1].attach.tcPriority: must be between 1 and 65535, got 65536",
                message(d -> program(d, 1).with("attach").put("tcPriority", 65536)));
        assertEquals(ORIGIN + ": $.programs[1].attach.tcHandle: must be between 1 and 4294967295, got 0",
                message(d -> program(d, 1).with("attach").put("tcHandle", 0)));
    }

    @Test
    void mapSizes() {
        assertEquals(ORIGIN + ": $.maps[0].name: no map \"starts\" in the object (maps: exec_start, rb)",
                message(d -> d.putArray("maps").addObject().put("name", "starts").put("maxEntries", 8)));
        assertEquals(ORIGIN + ": $.maps[0].name: execsnoo.rodata is libbpf's map of the .rodata section: its size is"
                + " the section's", message(d -> d.putArray("maps").addObject().put("name", "execsnoo.rodata")
                .put("maxEntries", 8)));
        assertEquals(ORIGIN + ": $.maps[0].maxEntries: must be at least 1, got 0",
                message(d -> d.putArray("maps").addObject().put("name", "exec_start").put("maxEntries", 0)));
        assertEquals(ORIGIN + ": $.maps[0].maxEntries: must be at most 2147483647, got 4294967296",
                message(d -> d.putArray("maps").addObject().put("name", "exec_start").put("maxEntries", 1L << 32)));
        assertEquals(ORIGIN + ": $.maps[0].size: unknown field (known: name, maxEntries)",
                message(d -> d.putArray("maps").addObject().put("name", "exec_start").put("size", 1)));
    }

    @Test
    void paramsAndHandler() {
        assertEquals(ORIGIN + ": $.params[0].name: no global \"min_ns\" in the object's .rodata (globals:"
                + " min_duration_ns, target_pid, ignore_exit, comm_prefix)", message(d -> param(d, 0).put("name",
                "min_ns")));
        assertEquals(ORIGIN + ": $.params[4].section: \".text\" is not a data section (.rodata, .bss or .data)",
                message(d -> param(d, 4).put("section", ".text")));
        assertEquals(ORIGIN + ": $.handler.language: \"ruby\" is not supported (js or python)",
                message(d -> d.with("handler").put("language", "ruby")));
    }

    @Test
    void options() {
        assertEquals(ORIGIN + ": $.options.perfBufferPages: must be a power of two up to 65536, got 100",
                message(d -> d.with("options").put("perfBufferPages", 100)));
        assertEquals(ORIGIN + ": $.options.onHandlerError: \"retry\" is not supported (continue or stop)",
                message(d -> d.with("options").put("onHandlerError", "retry")));
        assertEquals(ORIGIN + ": $.options.handlerTimeoutMs: must be at least 0, got -1",
                message(d -> d.with("options").put("handlerTimeoutMs", -1)));
    }

    @Test
    void exceptionCarriesOriginPathAndDetail() {
        PackageFormatException e = assertThrows(PackageFormatException.class, () -> PackageReader.read(
                TestPackages.bytes(mutated(d -> d.remove("name"))), ORIGIN));
        assertEquals(ORIGIN, e.origin());
        assertEquals("$.name", e.path());
        assertEquals("missing", e.detail());
    }

    private static String message(Consumer<ObjectNode> mutation) {
        return message(TestPackages.bytes(mutated(mutation)));
    }

    private static String message(byte[] json) {
        return assertThrows(PackageFormatException.class, () -> PackageReader.read(json, ORIGIN)).getMessage();
    }

    private static ObjectNode mutated(Consumer<ObjectNode> mutation) {
        ObjectNode doc = DOCUMENT.deepCopy();
        mutation.accept(doc);
        return doc;
    }

    private static ObjectNode object(ObjectNode doc) {
        return (ObjectNode) doc.get("object");
    }

    private static ObjectNode param(ObjectNode doc, int i) {
        return (ObjectNode) doc.get("params").get(i);
    }

    private static ObjectNode program(ObjectNode doc, int i) {
        return (ObjectNode) doc.get("programs").get(i);
    }

    private static ObjectNode event(ObjectNode doc) {
        return (ObjectNode) ((ArrayNode) doc.get("outputs").get("events")).get(0);
    }

    private static ObjectNode sample(ObjectNode doc) {
        return (ObjectNode) ((ArrayNode) doc.get("outputs").get("samples")).get(0);
    }

    /** A consistent object field (size and checksum match) holding other bytes. */
    private static void replaceObject(ObjectNode doc, byte[] bytes) {
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(zlib)) {
            out.write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        object(doc).put("size", bytes.length).put("sha256", ObjectEncoding.sha256(bytes))
                .put("data", Base64.getEncoder().encodeToString(zlib.toByteArray()));
    }
}
