package dev.polytrace.host.pkg;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Reads a tracer package in either format it finds: a polytrace document ({@code "polytrace": 1})
 * or an eunomia-bpf {@code package.json} ({@code bpf_object} + {@code meta}), which is converted
 * into the same model. Everything is checked, including the object against its size, checksum
 * and what the package says it contains; failures are {@link PackageFormatException}s naming
 * the origin and the JSON path of the bad field.
 */
public final class PackageReader {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private PackageReader() {
    }

    /**
     * @param origin where the bytes came from (file name, URL, "stdin"); names the package in
     *               errors and becomes {@link TracerPackage#origin()}
     */
    public static TracerPackage read(byte[] json, String origin) {
        JsonField root = JsonField.root(parse(json, origin), origin);
        if (!root.node().isObject()) {
            throw root.fail("expected an object, got " + JsonField.describe(root.node()));
        }
        if (root.has("polytrace")) {
            return PolytraceDocument.read(root);
        }
        if (EunomiaPackage.looksLike(root)) {
            return EunomiaPackage.convert(root);
        }
        throw root.fail("not a tracer package: expected \"polytrace\": " + TracerPackage.FORMAT_VERSION
                + " (polytrace) or \"bpf_object\" and \"meta\" (eunomia-bpf package.json)");
    }

    private static JsonNode parse(byte[] json, String origin) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new PackageFormatException(origin, null, "not JSON (the document is empty)");
            }
            return node;
        } catch (JsonProcessingException e) {
            // Jackson reports some truncations as plain parse errors ("end-of-input within Object entries").
            boolean truncated = e instanceof JsonEOFException || e.getOriginalMessage().contains("end-of-input");
            throw new PackageFormatException(origin, null, (truncated ? "truncated JSON (" : "not JSON (") + where(e)
                    + ")", e);
        } catch (IOException e) {
            throw new PackageFormatException(origin, null, "not JSON (" + e.getMessage() + ")", e);
        }
    }

    /** "line 3, column 14: Unexpected character ..." from Jackson's message, without its source references. */
    private static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String message = e.getOriginalMessage().lines().findFirst().orElse("").trim();
        int marker = message.indexOf(" (start marker at ");
        if (marker > 0) {
            message = message.substring(0, marker);
        }
        return at == null ? message : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + message;
    }
}
