package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import dev.polytrace.host.daemon.signing.Ed25519Keys;
import dev.polytrace.host.daemon.signing.SigningException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polytrace keygen --out DIR}: an Ed25519 key pair for signing packages. */
@Command(name = "keygen", description = {"Make an Ed25519 key pair for polytrace sign: DIR/NAME.key (mode 0600, "
        + "keep it secret) and DIR/NAME.pub (copy it into the daemon's --require-signature directory)."})
public final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the two files.")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "polytrace",
            description = "The key's name, also the keyId in signatures (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws IOException {
        KeyPair pair = Ed25519Keys.generate();
        try {
            Ed25519Keys.write(pair, dir, name);
        } catch (SigningException e) {
            throw new UserError(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("private key: " + dir.resolve(name + ".key") + " (keep it secret)");
        out.println("public key:  " + dir.resolve(name + ".pub"));
        out.println("key id:      " + name + "  fingerprint " + Ed25519Keys.fingerprint(pair.getPublic()));
        out.flush();
        return 0;
    }
}
