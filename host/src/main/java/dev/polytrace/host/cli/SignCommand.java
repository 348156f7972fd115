package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import dev.polytrace.host.daemon.signing.Ed25519Keys;
import dev.polytrace.host.daemon.signing.PackageSigner;
import dev.polytrace.host.daemon.signing.SigningException;
import dev.polytrace.host.pkg.PackageSources;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code polytrace sign PKG --key K}: adds an Ed25519 signature a daemon with --require-signature checks. */
@Command(name = "sign", description = {"Sign a package with an Ed25519 key (polytrace keygen makes one).",
        "The signature covers the whole package but the signature itself; its keyId is the key file's NAME, "
                + "which the daemon looks up as KEYS_DIR/NAME.pub."})
public final class SignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "PKG", description = "The package: a path, an http(s) URL, - for stdin.")
    String packageSpec;

    @Option(names = "--key", required = true, paramLabel = "NAME.key", description = "The private key (PKCS#8 PEM).")
    Path key;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Write the signed package here (default: replace PKG when it is a file, else stdout).")
    Path output;

    @Option(names = "--key-id", paramLabel = "ID", description = "The keyId to record (default: the key file's NAME).")
    String keyId;

    @Override
    public Integer call() throws IOException {
        TracerPackage pkg = PackageSources.load(packageSpec);
        PrivateKey privateKey;
        String id;
        try {
            privateKey = Ed25519Keys.readPrivate(key);
            id = keyId != null ? keyId : Ed25519Keys.keyIdOf(key);
        } catch (SigningException e) {
            throw new UserError(e.getMessage(), e);
        }
        byte[] signed;
        try {
            signed = PackageWriter.write(PackageSigner.sign(pkg, privateKey, id));
        } catch (SigningException e) {
            throw new UserError(e.getMessage(), e);
        }
        Path target = output != null ? output : isFile(packageSpec) ? Path.of(packageSpec) : null;
        if (target == null) {
            spec.commandLine().getOut().print(new String(signed, StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
        } else {
            Files.write(target, signed);
            spec.commandLine().getErr().println("signed " + pkg.name() + " with key " + id + " -> " + target);
            spec.commandLine().getErr().flush();
        }
        return 0;
    }

    private static boolean isFile(String spec) {
        return !spec.equals("-") && !spec.startsWith("http://") && !spec.startsWith("https://")
                && Files.isRegularFile(Path.of(spec));
    }
}
