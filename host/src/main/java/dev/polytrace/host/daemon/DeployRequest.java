package dev.polytrace.host.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.host.bundled.BundledTracers;
import dev.polytrace.host.filter.FilterJson;
import dev.polytrace.host.filter.ProcessFilter;
import dev.polytrace.host.pkg.PackageFormatException;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageNames;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.pkg.UrlFetch;
import dev.polytrace.host.rules.RuleSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code POST /v1/tracers} asks for. The body is either a package itself (a polytrace
 * {@code .tracer.json} or an eunomia {@code package.json}), or a request naming one:
 * <pre>{"package": {...} | "url": "https://..." | "bundled": "execsnoop",
 *  "params": {"min_pid": 100}, "name": "exec-prod", "handler": {"language": "js", "source": "..."},
 *  "sha256": "hex of the canonical package, to pin it", "filter": {"container": "web", "pid": 12},
 *  "rules": ["bundled", "- rule: ...YAML of a rule file..."]}</pre>
 *
 * @param source      where the package is
 * @param name        shown instead of the package's name
 * @param params      param values as {@code --param} text
 * @param handler     replaces the package's handler
 * @param sha256      the canonical package's expected sha256
 * @param filter      the processes to trace, {@code "filter": {"container": "web"}} ({@link FilterJson})
 * @param rules       alert rule files, in order: {@code bundled}, or a file's YAML text (named {@code rules[i]} in errors)
 */
public record DeployRequest(Source source, Optional<String> name, Map<String, String> params,
                            Optional<PackageHandler> handler, Optional<String> sha256, ProcessFilter filter,
                            List<RuleSource> rules) {
    private static final Set<String> FIELDS = Set.of("package", "url", "bundled", "params", "name", "handler",
            "sha256", "filter", "rules");
    private static final Pattern BUNDLED = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    public DeployRequest {
        params = Map.copyOf(params);
        filter = filter == null ? ProcessFilter.NONE : filter;
        rules = List.copyOf(rules);
    }

    public DeployRequest(Source source, Optional<String> name, Map<String, String> params,
                         Optional<PackageHandler> handler, Optional<String> sha256) {
        this(source, name, params, handler, sha256, ProcessFilter.NONE, List.of());
    }

    /** Where the package comes from; {@link #bytes} fetches it. */
    public sealed interface Source {
        byte[] bytes();

        /** Names the package in errors and in {@code origin}. */
        String origin();

        /** The package in {@code document} (what {@link #bytes} gave), checked. */
        default TracerPackage read(byte[] document) {
            return PackageReader.read(document, origin());
        }
    }

    /** Sent in the request. */
    public record Inline(byte[] document) implements Source {
        @Override
        public byte[] bytes() {
            return document;
        }

        @Override
        public String origin() {
            return "request";
        }
    }

    /**
     * Fetched by the daemon over http(s) as {@code fetch} allows. A client could point the daemon at
     * a service only it can reach, so what comes back is never quoted in an error: a package that
     * does not read is reported by where it fails, not by what it says.
     */
    public record Url(String url, UrlFetch fetch) implements Source {
        @Override
        public byte[] bytes() {
            return fetch.fetch(url);
        }

        @Override
        public String origin() {
            return url;
        }

        @Override
        public TracerPackage read(byte[] document) {
            try {
                return PackageReader.read(document, url);
            } catch (PackageFormatException e) {
                // Not even the JSON path: an unknown field's path is a key the response holds.
                throw new PackageFormatException(url, null, (e.path() == null ? "the response is not JSON"
                        : "the response is not a valid tracer package") + " (fetch it and run polytrace inspect"
                        + " on it to see why)");
            }
        }
    }

    /** One of the tracers shipped with polytrace. */
    public record Bundled(String tracer) implements Source {
        @Override
        public byte[] bytes() {
            return BundledTracers.find(tracer).orElseThrow(() -> DaemonException.notFound(
                    "no bundled tracer named " + tracer));
        }

        @Override
        public String origin() {
            return "bundled:" + tracer;
        }
    }

    /** A package with nothing else asked. */
    public static DeployRequest of(byte[] document) {
        return new DeployRequest(new Inline(document), Optional.empty(), Map.of(), Optional.empty(), Optional.empty());
    }

    /** @param fetch how a {@code "url"} is fetched */
    public static DeployRequest parse(byte[] body, UrlFetch fetch) {
        JsonNode root = RequestJson.object(body);
        if (isPackage(root)) {
            return of(body);
        }
        RequestJson.allowOnly(root, FIELDS, "deploy request");
        Source source = source(root, fetch);
        String name = RequestJson.text(root, "name", "deploy request");
        if (name != null && !PackageNames.isValid(name)) {
            throw DaemonException.badRequest("bad_request", "name: " + PackageNames.problem(name));
        }
        String sha = RequestJson.text(root, "sha256", "deploy request");
        if (sha != null && !SHA256.matcher(sha).matches()) {
            throw DaemonException.badRequest("bad_request", "sha256: expected 64 hex digits");
        }
        JsonNode handler = root.get("handler");
        return new DeployRequest(source, Optional.ofNullable(name), RequestJson.params(root.get("params"), "params"),
                handler == null || handler.isNull() ? Optional.empty()
                        : Optional.of(RequestJson.handler(handler, "handler")),
                Optional.ofNullable(sha).map(s -> s.toLowerCase(java.util.Locale.ROOT)), filter(root.get("filter")),
                rules(root.get("rules")));
    }

    private static ProcessFilter filter(JsonNode node) {
        try {
            return FilterJson.parse(node, "filter");
        } catch (dev.polytrace.host.input.UserError e) {
            throw DaemonException.badRequest("bad_request", e.getMessage());
        }
    }

    private static List<RuleSource> rules(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw DaemonException.badRequest("bad_request", "rules: expected an array of rule files' YAML texts "
                    + "(or \"bundled\")");
        }
        List<RuleSource> rules = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode file = node.get(i);
            if (!file.isTextual()) {
                throw DaemonException.badRequest("bad_request", "rules[" + i + "]: expected a string");
            }
            rules.add(file.textValue().equals(RuleSource.BUNDLED) ? RuleSource.bundled()
                    : new RuleSource("rules[" + i + "]", file.textValue()));
        }
        return rules;
    }

    /** A polytrace document or an eunomia package.json, rather than a request wrapping one. */
    static boolean isPackage(JsonNode root) {
        return root.has("polytrace") || (root.has("bpf_object") && root.has("meta"));
    }

    private static Source source(JsonNode root, UrlFetch fetch) {
        int given = (root.hasNonNull("package") ? 1 : 0) + (root.hasNonNull("url") ? 1 : 0)
                + (root.hasNonNull("bundled") ? 1 : 0);
        if (given != 1) {
            throw DaemonException.badRequest("bad_request",
                    "give exactly one of \"package\" (the document), \"url\" or \"bundled\", or POST the package itself");
        }
        if (root.hasNonNull("package")) {
            JsonNode pkg = root.get("package");
            if (!pkg.isObject()) {
                throw DaemonException.badRequest("bad_package", "package: expected the package document (an object)");
            }
            try {
                return new Inline(Json.MAPPER.writeValueAsBytes(pkg));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw DaemonException.badRequest("bad_package", "package: " + e.getOriginalMessage());
            }
        }
        if (root.hasNonNull("url")) {
            String url = RequestJson.text(root, "url", "deploy request");
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw DaemonException.badRequest("bad_request", "url: only http:// and https:// URLs are fetched");
            }
            return new Url(url, fetch);
        }
        String bundled = RequestJson.text(root, "bundled", "deploy request");
        if (!BUNDLED.matcher(bundled).matches()) {
            throw DaemonException.badRequest("bad_request", "bundled: a bundled tracer's name, e.g. execsnoop");
        }
        return new Bundled(bundled);
    }
}
