package dev.polytrace.host.daemon;

import dev.polytrace.host.filter.FilterJson;
import dev.polytrace.host.filter.ProcessFilter;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageNames;
import dev.polytrace.host.rules.RuleSource;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code deployment.json}, a tracer's settings in the state directory: id, number, epoch, name,
 * the package's sha256, params, handler override, creation time, alert rule files. Read strictly: a file that is
 * empty, truncated, has a field missing, mistyped or unknown, or disagrees with its directory is
 * refused with the reason, so a tracer never starts on settings guessed from a broken file.
 */
final class DeploymentFile {
    static final String NAME = "deployment.json";
    private static final Set<String> FIELDS = Set.of("id", "number", "epoch", "name", "sha256", "params", "handler",
            "created", "filter", "rules");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private DeploymentFile() {
    }

    /** What the file says. */
    record Settings(String id, long number, long epoch, String name, String sha256, Map<String, String> params,
                    Optional<PackageHandler> handler, Instant created, ProcessFilter filter,
                    List<RuleSource> rules) {
    }

    static byte[] write(Deployment d) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", d.id());
        node.put("number", d.number());
        node.put("epoch", d.epoch());
        node.put("name", d.name());
        node.put("sha256", d.sha256().orElseThrow());
        ObjectNode params = node.putObject("params");
        d.params().forEach(params::put);
        d.handler().ifPresent(h -> node.putObject("handler").put("language", h.language())
                .put("fileName", h.fileName()).put("source", h.source()));
        node.put("created", d.created().toString());
        if (!d.filter().isEmpty()) {
            node.set("filter", FilterJson.write(d.filter()));
        }
        if (!d.rules().isEmpty()) {
            var rules = node.putArray("rules");
            d.rules().forEach(r -> rules.addObject().put("name", r.name()).put("text", r.text()));
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + NAME + " of " + d.id(), e);
        }
    }

    /** @throws InvalidStateException naming the field that is wrong */
    static Settings read(byte[] bytes, String id) throws InvalidStateException {
        JsonNode root = parse(bytes);
        for (var names = root.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw invalid("unknown field '" + field + "'");
            }
        }
        if (!id.equals(text(root, "id"))) {
            throw invalid("id is not " + id + ", the directory's name");
        }
        long number = integer(root, "number", 1);
        long epoch = root.has("epoch") ? integer(root, "epoch", 0) : 0; // written before epochs existed: the first
        if (epoch > EventBuffer.MAX_EPOCH) {
            throw invalid("epoch: at most " + EventBuffer.MAX_EPOCH);
        }
        String name = text(root, "name");
        if (!PackageNames.isValid(name)) {
            throw invalid("name " + PackageNames.problem(name));
        }
        String sha256 = text(root, "sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw invalid("sha256: expected 64 lowercase hex digits");
        }
        ProcessFilter filter;
        try {
            filter = FilterJson.parse(root.get("filter"), "filter");
        } catch (dev.polytrace.host.input.UserError e) {
            throw invalid(e.getMessage());
        }
        return new Settings(id, number, epoch, name, sha256, params(root.get("params")), handler(root.get("handler")),
                created(root), filter, rules(root.get("rules")));
    }

    private static JsonNode parse(byte[] bytes) throws InvalidStateException {
        if (bytes.length == 0) {
            throw invalid("the file is empty");
        }
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw invalid("not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw invalid("not JSON, or cut short (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (IOException e) {
            throw invalid("cannot be read (" + e.getMessage() + ")");
        }
    }

    private static String text(JsonNode root, String field) throws InvalidStateException {
        JsonNode v = root.get(field);
        if (v == null || !v.isTextual()) {
            throw invalid(field + ": " + (v == null ? "missing" : "expected a string"));
        }
        return v.textValue();
    }

    private static long integer(JsonNode root, String field, long min) throws InvalidStateException {
        JsonNode v = root.get(field);
        if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong() || v.asLong() < min) {
            throw invalid(field + ": " + (v == null ? "missing" : "expected an integer of at least " + min));
        }
        return v.asLong();
    }

    private static Map<String, String> params(JsonNode node) throws InvalidStateException {
        if (node == null || !node.isObject()) {
            throw invalid("params: " + (node == null ? "missing" : "expected an object"));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (var e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw invalid("params." + e.getKey() + ": expected a string");
            }
            params.put(e.getKey(), e.getValue().textValue());
        }
        return params;
    }

    /** As a deploy request or a package gives it: js or python, a file name, the source. */
    private static Optional<PackageHandler> handler(JsonNode node) throws InvalidStateException {
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isObject() || node.size() != 3) {
            throw invalid("handler: expected {language, fileName, source}");
        }
        String language = text(node, "language");
        if (!language.equals(PackageHandler.JS) && !language.equals(PackageHandler.PYTHON)) {
            throw invalid("handler.language: expected js or python");
        }
        String fileName = text(node, "fileName");
        if (fileName.isBlank()) {
            throw invalid("handler.fileName: empty");
        }
        return Optional.of(new PackageHandler(language, fileName, text(node, "source")));
    }

    /** Written only when the tracer has rules: [{name, text}]. */
    private static List<RuleSource> rules(JsonNode node) throws InvalidStateException {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid("rules: expected an array of {name, text}");
        }
        List<RuleSource> rules = new ArrayList<>();
        for (JsonNode r : node) {
            if (!r.isObject() || r.size() != 2) {
                throw invalid("rules: expected an array of {name, text}");
            }
            rules.add(new RuleSource(text(r, "name"), text(r, "text")));
        }
        return rules;
    }

    private static Instant created(JsonNode root) throws InvalidStateException {
        String text = text(root, "created");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid("created: not a time (" + e.getMessage() + ")");
        }
    }

    private static InvalidStateException invalid(String what) {
        return new InvalidStateException(NAME + ": " + what);
    }

    /** A state file the daemon will not act on; the message says which and why. */
    static final class InvalidStateException extends IOException {
        InvalidStateException(String message) {
            super(message);
        }
    }
}
