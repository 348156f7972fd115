package dev.polytrace.host.pkg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.host.pkg.PackageOutputs.EventStream;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a {@link TracerPackage} as a polytrace document. Fields appear in the order of the
 * record components, so equal packages give equal bytes; unset optional values are left out.
 * {@link #canonical} is the form a signature covers: compact, without the signature.
 */
public final class PackageWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DefaultPrettyPrinter PRETTY = PrettyJson.printer();

    private PackageWriter() {
    }

    /** The document, pretty-printed with two-space indentation and a final newline. */
    public static byte[] write(TracerPackage pkg) {
        try {
            return (JSON.writer(PRETTY).writeValueAsString(document(pkg, true)) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document without whitespace and without {@code signature}: the bytes a signature covers. */
    public static byte[] canonical(TracerPackage pkg) {
        try {
            return JSON.writeValueAsBytes(document(pkg, false));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode document(TracerPackage pkg, boolean withSignature) {
        ObjectNode root = NODES.objectNode();
        root.put("polytrace", pkg.formatVersion());
        root.put("name", pkg.name());
        root.put("version", nullToEmpty(pkg.version()));
        root.put("description", nullToEmpty(pkg.description()));
        root.set("object", object(pkg.object()));
        pkg.handler().ifPresent(h -> root.set("handler", NODES.objectNode().put("language", h.language())
                .put("fileName", h.fileName()).put("source", h.source())));
        root.set("params", array(pkg.params().stream().map(PackageWriter::param).toList()));
        root.set("programs", array(pkg.programs().stream().map(PackageWriter::program).toList()));
        if (!pkg.maps().isEmpty()) { // absent when empty, so packages signed before it existed still verify
            root.set("maps", array(pkg.maps().stream().map(m -> (JsonNode) NODES.objectNode().put("name", m.name())
                    .put("maxEntries", m.maxEntries())).toList()));
        }
        root.set("outputs", outputs(pkg.outputs()));
        root.set("options", options(pkg.options()));
        if (withSignature) {
            pkg.signature().ifPresent(s -> root.set("signature", NODES.objectNode().put("algorithm", s.algorithm())
                    .put("keyId", s.keyId()).put("value", s.value())));
        }
        return root;
    }

    private static ObjectNode object(PackageObject object) {
        return NODES.objectNode().put("encoding", ObjectEncoding.ZLIB_BASE64).put("size", object.size())
                .put("sha256", object.sha256()).put("data", ObjectEncoding.encode(object.elf()));
    }

    private static ObjectNode param(PackageParam p) {
        ObjectNode node = NODES.objectNode().put("name", p.name()).put("cType", p.cType()).put("section", p.section());
        if (p.defaultValue() != null) {
            node.set("defaultValue", value(p.defaultValue()));
        }
        node.put("help", nullToEmpty(p.help()));
        if (p.flag() != null) {
            node.put("flag", p.flag());
        }
        return node;
    }

    private static JsonNode value(Object v) {
        return switch (v) {
            case Boolean b -> NODES.booleanNode(b);
            case Long l -> NODES.numberNode(l);
            case Integer i -> NODES.numberNode((long) i);
            case Short s -> NODES.numberNode((long) s);
            case Byte b -> NODES.numberNode((long) b);
            case BigInteger b -> NODES.numberNode(b);
            case Double d -> NODES.numberNode(d);
            case Float f -> NODES.numberNode((double) f);
            case String s -> NODES.textNode(s);
            case List<?> list -> array(list.stream().map(PackageWriter::value).toList());
            default -> throw new IllegalArgumentException("param default " + v + " (" + v.getClass().getName()
                    + ") is not a JSON value: use Long, BigInteger, Double, Boolean, String or a List of them");
        };
    }

    private static ObjectNode program(PackageProgram p) {
        ObjectNode node = NODES.objectNode().put("name", p.name()).put("section", p.section());
        p.attach().ifPresent(a -> node.set("attach", attach(a)));
        return node;
    }

    private static ObjectNode attach(AttachTarget a) {
        ObjectNode node = NODES.objectNode();
        a.fields().forEach((field, value) -> node.set(field, value(value)));
        return node;
    }

    private static ObjectNode outputs(PackageOutputs outputs) {
        ObjectNode node = NODES.objectNode();
        node.set("events", array(outputs.events().stream().map(PackageWriter::event).toList()));
        node.set("samples", array(outputs.samples().stream().map(PackageWriter::sample).toList()));
        if (!outputs.hidden().isEmpty()) {
            ArrayNode hidden = node.putArray("hidden");
            outputs.hidden().forEach(hidden::add);
        }
        return node;
    }

    private static ObjectNode event(EventStream e) {
        return NODES.objectNode().put("map", e.map()).put("kind", e.kind()).put("type", e.type());
    }

    private static ObjectNode sample(SampledMap s) {
        return NODES.objectNode().put("map", s.map()).put("kind", s.kind()).put("intervalMs", s.intervalMs())
                .put("unit", nullToEmpty(s.unit())).put("clear", s.clear()).put("linearStep", s.linearStep());
    }

    /** maxEmitBytes only when set: the canonical form (signed, pinned) of packages written before it stays as it was. */
    private static ObjectNode options(PackageOptions o) {
        ObjectNode node = NODES.objectNode().put("intervalMs", o.intervalMs())
                .put("handlerTimeoutMs", o.handlerTimeoutMs()).put("onHandlerError", o.onHandlerError())
                .put("perfBufferPages", o.perfBufferPages()).put("pollTimeoutMs", o.pollTimeoutMs());
        if (o.maxEmitBytes() != PackageOptions.DEFAULT_MAX_EMIT_BYTES) {
            node.put("maxEmitBytes", o.maxEmitBytes());
        }
        return node;
    }

    private static ArrayNode array(List<? extends JsonNode> elements) {
        ArrayNode array = NODES.arrayNode();
        array.addAll(elements);
        return array;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
