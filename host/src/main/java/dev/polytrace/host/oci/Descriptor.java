package dev.polytrace.host.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/** An OCI content descriptor: what a manifest says about one blob. */
record Descriptor(String mediaType, String digest, long size, Map<String, String> annotations) {
    Descriptor {
        annotations = Map.copyOf(annotations);
    }

    static Descriptor of(String mediaType, byte[] content, Map<String, String> annotations) {
        return new Descriptor(mediaType, Digests.sha256(content), content.length, annotations);
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("mediaType", mediaType);
        node.put("digest", digest);
        node.put("size", size);
        if (!annotations.isEmpty()) {
            ObjectNode a = node.putObject("annotations");
            new TreeMap<>(annotations).forEach(a::put);
        }
        return node;
    }

    /** Reads a descriptor; a field that is missing or of the wrong type is an {@link IllegalArgumentException}. */
    static Descriptor fromJson(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("mediaType").isTextual() || !node.path("digest").isTextual()
                || !node.path("size").canConvertToLong()) {
            throw new IllegalArgumentException("a descriptor needs mediaType, digest and size");
        }
        Map<String, String> annotations = new TreeMap<>();
        node.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
        return new Descriptor(node.get("mediaType").asText(), node.get("digest").asText(), node.get("size").asLong(),
                annotations);
    }
}
