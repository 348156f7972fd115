package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import dev.polytrace.host.oci.Credentials;
import dev.polytrace.host.oci.PackageLocator;
import dev.polytrace.host.oci.RegistryOptions;
import picocli.CommandLine.Option;

/** The options of every command that may reach a registry: {@code --plain-http}, {@code --user}. */
public final class RegistryAccess {
    static final String PASSWORD_VARIABLE = "POLYTRACE_REGISTRY_PASSWORD";

    @Option(names = "--plain-http", description = "Talk to the registry over plain HTTP (a local registry), not HTTPS.")
    boolean plainHttp;

    @Option(names = "--user", paramLabel = "USER[:PASSWORD]", description = "Registry login (default: "
            + "~/.docker/config.json). Without :PASSWORD it is read from $" + PASSWORD_VARIABLE + ".")
    String user;

    RegistryOptions options() {
        RegistryOptions options = plainHttp ? RegistryOptions.DEFAULTS.withPlainHttp() : RegistryOptions.DEFAULTS;
        return user == null ? options : options.withCredentials(credentials());
    }

    PackageLocator locator() {
        return new PackageLocator(options());
    }

    /** A locator reading relative paths from {@code workingDir}, the user's. */
    PackageLocator locator(java.nio.file.Path workingDir) {
        return new PackageLocator(options(), workingDir);
    }

    private Credentials credentials() {
        int colon = user.indexOf(':');
        if (colon == 0) {
            throw new UserError("--user " + user + ": expected USER or USER:PASSWORD");
        }
        if (colon > 0) {
            return new Credentials(user.substring(0, colon), user.substring(colon + 1));
        }
        String password = System.getenv(PASSWORD_VARIABLE);
        if (password == null || password.isEmpty()) {
            throw new UserError("--user " + user + ": no password; give USER:PASSWORD or set $" + PASSWORD_VARIABLE);
        }
        return new Credentials(user, password);
    }
}
