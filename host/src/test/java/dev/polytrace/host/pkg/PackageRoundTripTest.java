package dev.polytrace.host.pkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PackageRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readOfWriteGivesThePackageBack() {
        TracerPackage original = TestPackages.execsnoop();
        TracerPackage read = PackageReader.read(PackageWriter.write(original), "copy.tracer.json");

        assertArrayEquals(original.object().elf(), read.object().elf());
        assertEquals(original.object().sha256(), read.object().sha256());
        assertEquals(original.handler(), read.handler());
        assertEquals(original.params(), read.params());
        assertEquals(original.programs(), read.programs());
        assertEquals(original.outputs(), read.outputs());
        assertEquals(original.options(), read.options());
        assertEquals(original.signature(), read.signature());
        assertEquals("copy.tracer.json", read.origin());
        assertEquals(original.withOrigin("copy.tracer.json"), read);
    }

    @Test
    void minimalPackageRoundTrips() {
        TracerPackage original = TestPackages.minimal(TestBpfObjects.LATENCY_HIST);
        assertEquals(original, PackageReader.read(PackageWriter.write(original), TestBpfObjects.LATENCY_HIST));
    }

    @Test
    void defaultsOfEveryJsonKindRoundTrip() {
        TracerPackage base = TestPackages.execsnoop();
        List<PackageParam> params = new ArrayList<>(base.params());
        params.set(0, new PackageParam("min_duration_ns", "unsigned long long", ".rodata",
                new BigInteger("18446744073709551615"), "", null));
        params.set(3, new PackageParam("comm_prefix", "char[16]", ".rodata", List.of(1L, 2L), "", null));
        params.set(4, new PackageParam("dropped", "double", ".bss", 2.5, "", null));
        TracerPackage original = new TracerPackage(1, base.name(), base.version(), base.description(),
                base.object(), base.handler(), params, base.programs(), base.outputs(), base.options(),
                Optional.empty(), base.origin());
        assertEquals(original, PackageReader.read(PackageWriter.write(original), base.origin()));
    }

    @Test
    void aHandlerTimeoutOfZeroRoundTrips() { // 0: no watchdog, as --handler-timeout 0
        TracerPackage base = TestPackages.execsnoop();
        TracerPackage original = new TracerPackage(1, base.name(), base.version(), base.description(),
                base.object(), base.handler(), base.params(), base.programs(), base.outputs(),
                new PackageOptions(500, 0, "stop", 128, 50), Optional.empty(), base.origin());
        assertEquals(original, PackageReader.read(PackageWriter.write(original), base.origin()));
    }

    /** Written only when set, so the canonical form (signatures, pins) of other packages is as before. */
    @Test
    void anEmitCapRoundTripsAndIsWrittenOnlyWhenSet() throws Exception {
        TracerPackage base = TestPackages.execsnoop();
        TracerPackage capped = new TracerPackage(1, base.name(), base.version(), base.description(),
                base.object(), base.handler(), base.params(), base.programs(), base.outputs(),
                base.options().withMaxEmitBytes(4096), Optional.empty(), base.origin());
        assertEquals(capped, PackageReader.read(PackageWriter.write(capped), base.origin()));
        assertEquals(4096, JSON.readTree(PackageWriter.write(capped)).get("options").get("maxEmitBytes").asLong());
        assertEquals(null, JSON.readTree(PackageWriter.write(base)).get("options").get("maxEmitBytes"));
        assertEquals(PackageOptions.DEFAULT_MAX_EMIT_BYTES, PackageReader.read(PackageWriter.write(base),
                base.origin()).options().maxEmitBytes());
    }

    @Test
    void mapSizesAndNetworkAttachOptionsRoundTrip() throws Exception {
        TracerPackage base = TestPackages.minimal(TestBpfObjects.NET_EVENTS);
        TracerPackage original = new TracerPackage(1, base.name(), "", "", base.object(), Optional.empty(), List.of(),
                List.of(new PackageProgram("xdp_packets", "xdp", Optional.of(AttachTarget.network("lo", null, 2L,
                        null, null))), new PackageProgram("tc_packets", "tc", Optional.of(AttachTarget.network("lo",
                        "egress", null, 7L, 3L)))), List.of(new PackageMap("packets", 4)), base.outputs(),
                base.options(), Optional.empty(), base.origin(), List.of());
        byte[] written = PackageWriter.write(original);
        assertEquals(original, PackageReader.read(written, base.origin()));
        JsonNode doc = JSON.readTree(written);
        assertEquals("{\"name\":\"packets\",\"maxEntries\":4}", doc.get("maps").get(0).toString());
        assertEquals("{\"iface\":\"lo\",\"direction\":\"egress\",\"tcHandle\":7,\"tcPriority\":3}",
                doc.get("programs").get(1).get("attach").toString());
        assertFalse(JSON.readTree(PackageWriter.write(base)).has("maps"),
                "no maps field when empty: documents signed before it existed keep their canonical bytes");
    }

    @Test
    void fieldsAreWrittenInRecordComponentOrder() throws Exception {
        JsonNode doc = JSON.readTree(PackageWriter.write(TestPackages.execsnoop()));
        assertEquals(List.of("polytrace", "name", "version", "description", "object", "handler", "params",
                "programs", "outputs", "options", "signature"), names(doc));
        assertEquals(List.of("encoding", "size", "sha256", "data"), names(doc.get("object")));
        assertEquals(List.of("name", "cType", "section", "defaultValue", "help", "flag"),
                names(doc.get("params").get(1)));
        assertEquals(List.of("intervalMs", "handlerTimeoutMs", "onHandlerError", "perfBufferPages", "pollTimeoutMs"),
                names(doc.get("options")));
        assertEquals("zlib+base64", doc.get("object").get("encoding").asText());
        assertEquals(1, doc.get("polytrace").asInt());
    }

    @Test
    void writingIsStableAndPretty() {
        TracerPackage pkg = TestPackages.execsnoop();
        byte[] first = PackageWriter.write(pkg);
        assertArrayEquals(first, PackageWriter.write(PackageReader.read(first, "again")));
        String text = new String(first, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\n  \"polytrace\": 1,\n  \"name\": \"execsnoop\",\n"), text.substring(0, 60));
        assertTrue(text.endsWith("}\n"));
    }

    @Test
    void canonicalFormIsCompactAndLeavesOutTheSignature() throws Exception {
        TracerPackage signed = TestPackages.execsnoop();
        byte[] canonical = PackageWriter.canonical(signed);
        String text = new String(canonical, StandardCharsets.UTF_8);
        assertFalse(text.contains("\n"));
        assertFalse(text.contains("\": "));
        assertFalse(text.contains("signature"));
        assertTrue(text.startsWith("{\"polytrace\":1,\"name\":\"execsnoop\","));
        TracerPackage unsigned = new TracerPackage(1, signed.name(), signed.version(), signed.description(),
                signed.object(), signed.handler(), signed.params(), signed.programs(), signed.outputs(),
                signed.options(), Optional.empty(), signed.origin());
        assertArrayEquals(canonical, PackageWriter.canonical(unsigned));
        assertEquals(JSON.readTree(PackageWriter.write(unsigned)), JSON.readTree(canonical));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
