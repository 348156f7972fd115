package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import dev.polytrace.host.oci.OciReference;
import dev.polytrace.host.oci.PackageLocator;
import dev.polytrace.host.oci.TracerRepository;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code polytrace push PKG REF}: stores a package in an OCI registry. */
@Command(name = "push", description = {"Push a tracer package to an OCI registry as an artifact.",
        "REF is oci://HOST[:PORT]/REPO[:TAG]; without :TAG the package's version is the tag. The package is "
                + "pushed as it is, so its signature (polytrace sign) goes with it."})
public final class PushCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "PKG", description = "The package: a path, an http(s) URL, - for stdin, "
            + "a bundled tracer's name.")
    String packageSpec;

    @Parameters(index = "1", paramLabel = "REF", description = "Where to: oci://HOST[:PORT]/REPO[:TAG].")
    String reference;

    @Mixin
    RegistryAccess registry;

    @Override
    public Integer call() {
        if (!OciReference.isReference(reference)) {
            throw new UserError("push: " + reference + ": expected oci://HOST[:PORT]/REPO[:TAG]");
        }
        OciReference target = OciReference.parse(reference);
        PackageLocator.Located pkg = registry.locator().locate(packageSpec, System.in);
        TracerRepository.Pushed pushed = new TracerRepository(registry.options()).push(pkg.document(), target);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("pushed %s to %s (digest %s)%n", pkg.pkg().name(), pushed.reference(), pushed.digest());
        out.flush();
        return 0;
    }
}
