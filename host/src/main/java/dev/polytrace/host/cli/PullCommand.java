package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import dev.polytrace.host.daemon.signing.SigningException;
import dev.polytrace.host.daemon.signing.TrustedKeys;
import dev.polytrace.host.oci.OciReference;
import dev.polytrace.host.oci.TracerRepository;
import dev.polytrace.host.pkg.PackagePin;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code polytrace pull REF [-o FILE]}: fetches a package from an OCI registry, every digest checked. */
@Command(name = "pull", description = {"Pull a tracer package from an OCI registry.",
        "REF is oci://HOST[:PORT]/REPO[:TAG|@sha256:DIGEST] or NAME@HOST; without a tag or digest, the tag "
                + "'latest' if the repository has it, else its highest version tag."})
public final class PullCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "REF", description = "The artifact, e.g. oci://localhost:5000/execsnoop:1.0.")
    String reference;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write (default: NAME.tracer.json; "
            + "- for stdout).")
    String output;

    @Option(names = "--require-signature", paramLabel = "KEYS_DIR",
            description = "Refuse the package unless it is signed by a key whose NAME.pub is in KEYS_DIR.")
    Path keysDir;

    @Mixin
    RegistryAccess registry;

    @Override
    public Integer call() throws IOException {
        PackagePin pin = PackagePin.parse(reference);
        TracerRepository.Pulled pulled = new TracerRepository(registry.options()).pull(OciReference.parse(pin.spec()));
        String origin = pulled.reference().toString();
        TracerPackage pkg = pin.check(pulled.document(), origin);
        if (keysDir != null) {
            try {
                TrustedKeys.load(keysDir).verify(pkg);
            } catch (SigningException e) {
                throw new UserError(origin + ": " + e.getMessage(), e);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if ("-".equals(output)) {
            out.print(new String(pulled.document(), java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            return 0;
        }
        Path target = Path.of(output != null ? output : pkg.name() + ".tracer.json");
        try {
            Files.write(target, pulled.document());
        } catch (IOException e) {
            throw new UserError("cannot write " + target + ": " + e.getMessage(), e);
        }
        out.printf("pulled %s (digest %s) to %s%n", origin, pulled.digest(), target);
        out.flush();
        return 0;
    }
}
