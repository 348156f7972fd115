package dev.polytrace.host.pkg;

import static dev.polytrace.host.pkg.EunomiaFixtures.map;
import static dev.polytrace.host.pkg.EunomiaFixtures.skel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.host.pkg.PackageOutputs.EventStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * eunomia-bpf skeleton maps as ecc lists them: the .maps maps and libbpf's own maps of data
 * sections, named after obj_name, with or without mmaped, with or without BTF variables.
 */
class EunomiaMapsTest {
    private static final String ORIGIN = "package.json";

    @Test
    void dataSectionMapsWithoutBtfVariablesAreFoundUnderLibbpfsNames() {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.PLAIN_RODATA, "note");
        assertEquals(List.of("notes", "plain_ro.rodata", "plain_ro.bss", ".rodata.str1.1"), mapNames(json),
                "the generator lists what libbpf creates: .rodata has no BTF variable, .rodata.str1.1 no DATASEC");
        for (JsonNode m : skel(json).get("maps")) {
            ((ObjectNode) m).remove("mmaped"); // ecc leaves it out for some of them
        }
        TracerPackage pkg = read(json);
        assertEquals(List.of(), pkg.warnings());
        assertEquals(List.of(new EventStream("notes", "ringbuf", "struct note")), pkg.outputs().events());
    }

    @Test
    void internalMapNamesFollowObjName() {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.PLAIN_RODATA, "note");
        skel(json).put("obj_name", "test_bpf");
        map(json, "plain_ro.rodata").put("name", "test_bpf.rodata");
        map(json, "plain_ro.bss").put("name", "test_bpf.bss");
        assertEquals(List.of(), read(json).warnings());
        assertEquals("test_bpf", read(json).name());
    }

    @Test
    void anUnneededDataSectionEntryTheObjectLacksIsAWarning() {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.PLAIN_RODATA, "note");
        maps(json).addObject().put("name", "plain_ro.data").put("ident", "data");
        map(json, "plain_ro.rodata").put("name", "elsewhere.rodata");
        skel(json).putArray("data_sections"); // ecli then reads no "rodata" entry
        assertEquals(List.of(
                ORIGIN + ": $.meta.bpf_skel.maps[1].name: no map \"elsewhere.rodata\" in the object; libbpf names the"
                        + " .rodata map \"plain_ro.rodata\" for this obj_name; ignored, as ecli does not use this entry",
                ORIGIN + ": $.meta.bpf_skel.maps[4].name: no map \"plain_ro.data\" in the object, which has no .data"
                        + " section; ignored, as ecli does not use this entry"), read(json).warnings());
    }

    @Test
    void aDataSectionEntryEcliNeedsMustExist() {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.PLAIN_RODATA, "note");
        map(json, "plain_ro.bss").put("name", "other.bss"); // data_sections has .bss: ecli maps it through this
        assertEquals(ORIGIN + ": $.meta.bpf_skel.maps[2].name: no map \"other.bss\" in the object (maps: notes,"
                + " plain_ro.rodata, plain_ro.bss, .rodata.str1.1); libbpf names the .bss map \"plain_ro.bss\" for"
                + " this obj_name", message(json));
    }

    @Test
    void aSampledEntryTheObjectLacksIsAnError() {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.PLAIN_RODATA, "note");
        maps(json).addObject().put("name", "plain_ro.data").put("ident", "data").putObject("sample")
                .put("interval", 100);
        assertEquals(ORIGIN + ": $.meta.bpf_skel.maps[4].name: no map \"plain_ro.data\" in the object (maps: notes,"
                + " plain_ro.rodata, plain_ro.bss, .rodata.str1.1), which has no .data section", message(json));
    }

    @Test
    void aMissingMapOfDotMapsIsAnError() {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.PLAIN_RODATA, "note");
        map(json, "notes").put("name", "events");
        assertEquals(ORIGIN + ": $.meta.bpf_skel.maps[0].name: no map \"events\" in the object (maps: notes,"
                + " plain_ro.rodata, plain_ro.bss, .rodata.str1.1)", message(json));
    }

    @Test
    void mapsMayBeNull() {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.PLAIN_RODATA, "note");
        skel(json).putNull("maps");
        assertEquals(List.of(new EventStream("notes", "ringbuf", "struct note")), read(json).outputs().events());
    }

    private static ArrayNode maps(ObjectNode json) {
        return (ArrayNode) skel(json).get("maps");
    }

    private static List<String> mapNames(ObjectNode json) {
        List<String> names = new ArrayList<>();
        skel(json).get("maps").forEach(m -> names.add(m.get("name").asText()));
        return names;
    }

    private static TracerPackage read(ObjectNode json) {
        return PackageReader.read(TestPackages.bytes(json), ORIGIN);
    }

    private static String message(ObjectNode json) {
        return assertThrows(PackageFormatException.class, () -> read(json)).getMessage();
    }
}
