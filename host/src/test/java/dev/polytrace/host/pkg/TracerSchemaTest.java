package dev.polytrace.host.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The published JSON Schema describes what the writer writes, field for field. */
class TracerSchemaTest {
    private static final String SCHEMA = "/dev/polytrace/host/pkg/tracer.schema.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema schema;
    private static JsonNode schemaTree;

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = TracerSchemaTest.class.getResourceAsStream(SCHEMA)) {
            schemaTree = JSON.readTree(in);
        }
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaTree);
    }

    @Test
    void writtenPackagesConform() {
        assertEquals(Set.of(), schema.validate(TestPackages.document(TestPackages.execsnoop())));
        assertEquals(Set.of(), schema.validate(TestPackages.document(TestPackages.minimal(TestBpfObjects.NET_EVENTS))));
        TracerPackage converted = PackageReader.read(TestPackages.bytes(
                EunomiaFixtures.generate(TestBpfObjects.NET_EVENTS, "packet_event")), "package.json");
        assertEquals(Set.of(), schema.validate(TestPackages.document(converted)));
        ObjectNode sized = TestPackages.document(TestPackages.minimal(TestBpfObjects.NET_EVENTS));
        sized.putArray("maps").addObject().put("name", "packets").put("maxEntries", 4);
        sized.putArray("programs").addObject().put("name", "xdp_packets").put("section", "xdp").putObject("attach")
                .put("iface", "lo").put("xdpFlags", 2).put("tcHandle", 7).put("tcPriority", 3);
        assertEquals(Set.of(), schema.validate(sized));
    }

    @Test
    void schemaRejectsWhatTheReaderRejects() {
        ObjectNode typo = TestPackages.document(TestPackages.execsnoop());
        typo.put("nmae", "x");
        assertFalse(schema.validate(typo).isEmpty());
        ObjectNode wrongVersion = TestPackages.document(TestPackages.execsnoop());
        wrongVersion.put("polytrace", 2);
        assertFalse(schema.validate(wrongVersion).isEmpty());
        ObjectNode badLanguage = TestPackages.document(TestPackages.execsnoop());
        badLanguage.with("handler").put("language", "ruby");
        Set<ValidationMessage> errors = schema.validate(badLanguage);
        assertTrue(errors.stream().anyMatch(e -> e.getInstanceLocation().toString().equals("$.handler.language")),
                errors.toString());
    }

    @Test
    void everyPropertyIsDescribed() {
        List<String> undescribed = new ArrayList<>();
        collectUndescribed(schemaTree, "$", undescribed);
        assertEquals(List.of(), undescribed);
    }

    @Test
    void everyWrittenFieldIsInTheSchema() {
        List<String> unknown = new ArrayList<>();
        collectUnknown(TestPackages.document(TestPackages.execsnoop()), schemaTree, "$", unknown);
        assertEquals(List.of(), unknown);
    }

    private static void collectUndescribed(JsonNode node, String path, List<String> out) {
        JsonNode properties = node.get("properties");
        if (properties != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                JsonNode def = p.getValue();
                if (!def.has("description") && !(def.has("$ref") && describedRef(def.get("$ref").asText()))) {
                    out.add(path + "." + p.getKey());
                }
                collectUndescribed(def, path + "." + p.getKey(), out);
            }
        }
        JsonNode defs = node.get("$defs");
        if (defs != null) {
            defs.fields().forEachRemaining(d -> collectUndescribed(d.getValue(), "#/$defs/" + d.getKey(), out));
        }
    }

    private static boolean describedRef(String ref) {
        return schemaTree.at(ref.substring(1)).has("description");
    }

    /** Walks the document beside the schema, following $ref and array items. */
    private static void collectUnknown(JsonNode doc, JsonNode schemaNode, String path, List<String> out) {
        JsonNode s = schemaNode.has("$ref") ? schemaTree.at(schemaNode.get("$ref").asText().substring(1)) : schemaNode;
        if (doc.isObject()) {
            doc.fields().forEachRemaining(f -> {
                JsonNode sub = s.path("properties").get(f.getKey());
                if (sub == null) {
                    out.add(path + "." + f.getKey());
                } else {
                    collectUnknown(f.getValue(), sub, path + "." + f.getKey(), out);
                }
            });
        } else if (doc.isArray() && s.has("items")) {
            for (int i = 0; i < doc.size(); i++) {
                collectUnknown(doc.get(i), s.get("items"), path + "[" + i + "]", out);
            }
        }
    }
}
