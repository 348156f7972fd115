package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import dev.polytrace.host.daemon.ApiToken;
import dev.polytrace.host.daemon.DaemonConfig;
import dev.polytrace.host.daemon.client.DaemonClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * How a command reaches a daemon: its URL and its token, which is never an argument (other
 * users can read a process's arguments): {@code --token-file}, else {@code $POLYTRACE_TOKEN},
 * else the default token file.
 */
final class DaemonAccess {
    private DaemonAccess() {
    }

    static DaemonClient client(String option, String url, Path tokenFile) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + " " + url + ": not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new UserError(option + " " + url + ": expected http://HOST:PORT");
        }
        return new DaemonClient(uri, token(tokenFile));
    }

    static String token(Path tokenFile) {
        String env = System.getenv("POLYTRACE_TOKEN");
        if (tokenFile == null && env != null && !env.isBlank()) {
            return env.strip();
        }
        Path file = tokenFile != null ? tokenFile : DaemonConfig.defaultTokenFile(null);
        try {
            return ApiToken.read(file);
        } catch (IOException e) {
            throw new UserError("cannot read the token from " + file + " (" + e.getMessage()
                    + "); give --token-file, the file polytrace serve printed");
        }
    }
}
