package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import dev.polytrace.host.rules.RuleDefinitions;
import dev.polytrace.host.rules.RuleSet;
import dev.polytrace.host.rules.RuleSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.host.pkg.PackageHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import dev.polytrace.host.filter.FilterJson;
import dev.polytrace.host.filter.ProcessFilter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code remote deploy PKG}: sends a package (read here: path, URL, -, bundled name) to the daemon. */
@Command(name = "deploy", description = "Deploy a tracer on the daemon; prints its id once it runs.")
public final class RemoteDeployCommand implements Callable<Integer> {
    @ParentCommand
    RemoteCommand remote;

    @Parameters(index = "0", paramLabel = "PKG", description = "A .tracer.json path, an http(s) URL, - for stdin, "
            + "an eunomia package.json, a bundled tracer's name, oci://HOST/REPO[:TAG|@DIGEST] or NAME@HOST.")
    String packageSpec;

    @Mixin
    RegistryAccess registry;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "Set a param (repeatable).")
    List<String> params = new ArrayList<>();

    @Option(names = "--handler", paramLabel = "FILE", description = "Run this JS or Python handler instead of the package's.")
    Path handler;

    @Mixin
    FilterOptions filters;

    @Option(names = "--name", paramLabel = "NAME", description = "Show the tracer under this name.")
    String name;

    @Option(names = "--sha256", paramLabel = "HEX", description = "Refuse unless the package's sha256 is this.")
    String sha256;

    @Option(names = {"-j", "--json"}, description = "Print the daemon's answer as JSON.")
    boolean json;

    @Option(names = "--rules", paramLabel = "FILE", description = "Alert rules for the tracer, as run --rules takes "
            + "them ('bundled' or a YAML file; repeatable); checked here first, then sent.")
    List<String> ruleFiles = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        byte[] document = registry.locator().locate(packageSpec, System.in).document();
        ObjectNode request = RemoteOutput.JSON.createObjectNode();
        request.set("package", RemoteOutput.JSON.readTree(document));
        ObjectNode values = request.putObject("params");
        for (String assignment : params) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--param " + assignment + ": expected NAME=VALUE");
            }
            values.put(assignment.substring(0, eq).strip(), assignment.substring(eq + 1));
        }
        if (name != null) {
            request.put("name", name);
        }
        if (sha256 != null) {
            request.put("sha256", sha256);
        }
        ProcessFilter filter = filters.toFilter();
        if (!filter.isEmpty()) {
            request.set("filter", FilterJson.write(filter)); // the daemon resolves the container on its host
        }
        if (handler != null) {
            request.set("handler", handlerJson(handler));
        }
        if (!ruleFiles.isEmpty()) {
            List<RuleSource> rules = ruleFiles.stream().map(RuleSource::read).toList();
            RuleSet.compile(RuleDefinitions.of(rules)); // the first error with its file and line, before sending
            var texts = request.putArray("rules");
            rules.forEach(r -> texts.add(r.name().equals(RuleSource.BUNDLED) ? RuleSource.BUNDLED : r.text()));
        }
        JsonNode answer = remote.client().deploy(RemoteOutput.JSON.writeValueAsBytes(request));
        if (json) {
            RemoteOutput.printJson(remote.spec.commandLine().getOut(), answer);
        } else {
            remote.spec.commandLine().getOut().println(RemoteOutput.text(answer, "id") + "  "
                    + RemoteOutput.text(answer, "name") + "  " + RemoteOutput.text(answer, "state") + "  sha256 "
                    + RemoteOutput.text(answer, "sha256"));
            remote.spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** A handler file as the API takes it. */
    static ObjectNode handlerJson(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        String language = PackageHandler.languageOf(fileName);
        if (language == null) {
            throw new UserError(file + ": a handler is a .js, .mjs or .py file");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": no such file");
        }
        ObjectNode node = RemoteOutput.JSON.createObjectNode();
        node.put("language", language);
        node.put("fileName", fileName);
        node.put("source", Files.readString(file, StandardCharsets.UTF_8));
        return node;
    }
}
