package dev.polytrace.host.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.bpf.InternalMaps;
import dev.polytrace.bpf.InternalMaps.InternalMap;
import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfDatasec;
import dev.polytrace.bpf.btf.BtfLinkage;
import dev.polytrace.bpf.btf.BtfMember;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfVar;
import dev.polytrace.bpf.btf.BtfVarSecInfo;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.elf.ElfSection;
import dev.polytrace.bpf.elf.ElfSymbol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.zip.DeflaterOutputStream;

/**
 * Builds eunomia-bpf {@code package.json} documents from the compiled test objects, the way
 * ecc lays them out, so the fixtures always match the objects. Tests then add what ecc takes
 * from comments (cmdarg, sample, doc) or break fields.
 */
public final class EunomiaFixtures {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EunomiaFixtures() {
    }

    /** The package for a test object, with {@code exportTypes} (struct names) as meta.export_types. */
    public static ObjectNode generate(String objectName, String... exportTypes) {
        byte[] elf = TestBpfObjects.bytes(objectName);
        ElfFile file = ElfFile.parse(elf, objectName);
        Btf btf = Btf.fromElf(file);
        ObjectNode skel = NODES.objectNode();
        skel.put("obj_name", objectName);
        skel.set("data_sections", dataSections(btf));
        skel.set("maps", maps(file, btf, objectName));
        skel.set("progs", progs(file));
        ObjectNode meta = NODES.objectNode();
        ArrayNode types = meta.putArray("export_types");
        for (String name : exportTypes) {
            types.add(exportType(btf.byName(name, BtfStruct.class).orElseThrow()));
        }
        meta.set("bpf_skel", skel);
        meta.put("eunomia_version", "0.3.4");
        ObjectNode root = NODES.objectNode();
        root.put("bpf_object", Base64.getEncoder().encodeToString(zlib(elf)));
        root.put("bpf_object_size", elf.length);
        root.set("meta", meta);
        return root;
    }

    /** {@code meta.bpf_skel}. */
    public static ObjectNode skel(ObjectNode pkg) {
        return (ObjectNode) pkg.get("meta").get("bpf_skel");
    }

    /** The variable of that name in any data section. */
    public static ObjectNode variable(ObjectNode pkg, String name) {
        for (JsonNode section : skel(pkg).get("data_sections")) {
            for (JsonNode v : section.get("variables")) {
                if (v.get("name").asText().equals(name)) {
                    return (ObjectNode) v;
                }
            }
        }
        throw new IllegalArgumentException("no variable " + name);
    }

    public static ObjectNode map(ObjectNode pkg, String name) {
        return find(skel(pkg).get("maps"), name);
    }

    public static ObjectNode prog(ObjectNode pkg, String name) {
        return find(skel(pkg).get("progs"), name);
    }

    private static ObjectNode find(JsonNode array, String name) {
        for (JsonNode n : array) {
            if (n.get("name").asText().equals(name)) {
                return (ObjectNode) n;
            }
        }
        throw new IllegalArgumentException("no entry " + name);
    }

    /** Global variables of .rodata and .bss with their C types as BTF spells them (ecc keeps the qualifiers). */
    private static ArrayNode dataSections(Btf btf) {
        ArrayNode sections = NODES.arrayNode();
        for (String name : List.of(".rodata", ".bss")) {
            BtfDatasec datasec = btf.datasec(name).orElse(null);
            if (datasec == null) {
                continue;
            }
            ObjectNode section = sections.addObject().put("name", name);
            ArrayNode variables = section.putArray("variables");
            for (BtfVarSecInfo info : datasec.vars()) {
                BtfVar var = info.var();
                if (var.linkage() == BtfLinkage.GLOBAL && !var.name().startsWith("unused_")) {
                    variables.addObject().put("name", var.name()).put("type", var.type().cName());
                }
            }
        }
        return sections;
    }

    /**
     * The .maps maps, then the data-section maps libbpf creates, named as libbpf names them and
     * identified as bpftool's skeleton does ({@code .rodata.str1.1} is "rodata_str1_1"), mmaped.
     */
    private static ArrayNode maps(ElfFile file, Btf btf, String objectName) {
        ArrayNode maps = NODES.arrayNode();
        for (BtfVarSecInfo info : btf.datasec(".maps").orElseThrow().vars()) {
            maps.addObject().put("name", info.name()).put("ident", info.name());
        }
        for (InternalMap m : InternalMaps.of(file, btf, objectName)) {
            maps.addObject().put("name", m.name()).put("ident", m.section().substring(1).replace('.', '_'))
                    .put("mmaped", true);
        }
        return maps;
    }

    private static ArrayNode progs(ElfFile file) {
        ArrayNode progs = NODES.arrayNode();
        for (ElfSymbol s : file.symbols()) {
            if (s.isFunction() && s.isDefined()) {
                ElfSection section = file.sections().get(s.sectionIndex());
                if (section.isExecutable() && !section.name().equals(".text")) {
                    progs.addObject().put("name", s.name()).put("attach", section.name()).put("link", true);
                }
            }
        }
        return progs;
    }

    private static ObjectNode exportType(BtfStruct struct) {
        ObjectNode type = NODES.objectNode().put("name", struct.name());
        ArrayNode members = type.putArray("members");
        for (BtfMember m : struct.members()) {
            members.addObject().put("name", m.name()).put("type", m.type().cName());
        }
        return type.put("size", struct.size()).put("type_id", struct.id());
    }

    private static byte[] zlib(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out)) {
            deflater.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
