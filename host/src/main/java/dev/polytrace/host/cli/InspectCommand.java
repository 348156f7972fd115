package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.polytrace.host.pkg.PackageFormatException;
import dev.polytrace.host.pkg.PackageSourceException;
import dev.polytrace.host.oci.RegistryException;
import dev.polytrace.host.pkg.PrettyJson;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Shows what a package contains without loading it: pure Java, so no root is needed. */
@Command(name = "inspect", description = "Show a tracer package's programs, maps, params, outputs and handler.")
public final class InspectCommand implements Callable<Integer> {
    private static final ObjectWriter JSON = new ObjectMapper().writer(PrettyJson.printer());

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PKG",
            description = "A .tracer.json or eunomia package.json: a path, - for stdin, an http(s) URL, "
                    + "oci://HOST/REPO[:TAG|@DIGEST] or NAME@HOST.")
    String packageSpec;

    /** Made here, not by picocli: the command line sets its invocation before the tree is built. */
    @Mixin
    ServedInvocation served = new ServedInvocation();

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    boolean json;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() throws JsonProcessingException {
        InspectReport report = InspectReport.of(load());
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? JSON.writeValueAsString(report) + "\n" : InspectText.render(report));
        out.flush();
        return 0;
    }

    private TracerPackage load() {
        try {
            return served.locate(packageSpec);
        } catch (PackageFormatException | PackageSourceException | RegistryException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
