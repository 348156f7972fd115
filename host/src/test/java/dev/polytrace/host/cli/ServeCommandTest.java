package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code polytrace serve} flags that cannot work are refused at once, each with what is wrong with
 * it. A daemon that starts instead would serve until stopped: the timeout turns that into a failure.
 */
@Timeout(60)
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void anEventBufferBeyondTheBoundIsRefused() {
        assertRefused("serve: --event-buffer must be 1..1048576 records, got 1000000000", "--event-buffer",
                "1000000000");
    }

    @Test
    void noTracersAtAllIsRefusedForWhatItIs() {
        CliRun run = serve("--max-tracers", "0");
        assertEquals(1, run.exitCode());
        assertEquals("polytrace: serve: --max-tracers must be at least 1, got 0", run.err().strip());
        assertFalse(run.err().contains("body"), run.err());
    }

    @Test
    void anAddressThisMachineDoesNotHaveIsNamedAsSuch() {
        assertRefused("serve: cannot start on 192.0.2.1:8527: 192.0.2.1 is not an address of this machine",
                "--listen", "192.0.2.1:8527");
        assertRefused("serve: cannot start on nosuch.invalid:8527: cannot resolve the host nosuch.invalid",
                "--listen", "nosuch.invalid:8527");
    }

    @Test
    void aPortInUseIsNamedAsSuch() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String listen = "127.0.0.1:" + taken.getLocalPort();
            assertRefused("serve: cannot start on " + listen + ": the port is in use by another process", "--listen",
                    listen);
        }
    }

    @Test
    void aSocketOthersCouldReplaceIsRefusedAndOneSocketOptionOnly() throws Exception {
        Path open = dir.resolve("open");
        java.nio.file.Files.createDirectory(open);
        java.nio.file.Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString(
                "rwxrwxrwx"));
        assertRefused("serve: cannot listen on " + open.resolve("s.sock") + ": " + open + " may be written by other "
                + "users: give --socket a path in a directory only root can change", "--listen", "127.0.0.1:0",
                "--socket", open.resolve("s.sock").toString());
        assertRefused("serve: --socket and --no-socket do not go together", "--socket", "x.sock", "--no-socket");
        assertRefused("serve: --renew-after and --no-renewal do not go together", "--renew-after", "5m",
                "--no-renewal");
        assertRefused("serve: --renew-after must be positive, not 0s (--no-renewal turns renewal off)",
                "--renew-after", "0s");
        assertRefused("serve: --renew-after must be positive, not -5s (--no-renewal turns renewal off)",
                "--renew-after", "-5s");
    }

    @Test
    void remoteTakesTheTokenFromAFileOrTheEnvironmentNeverFromItsArguments() {
        CliRun help = CliRun.run("remote", "--help");
        for (OptionSpec option : PolytraceCommand.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter())).getSubcommands().get("remote").getCommandSpec()
                .options()) {
            for (String name : option.names()) {
                assertTrue(!name.contains("token") || name.equals("--token-file"), name + " in " + help.out());
            }
        }
    }

    private void assertRefused(String message, String... flags) {
        CliRun run = serve(flags);
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertEquals("polytrace: " + message, run.err().strip());
    }

    private CliRun serve(String... flags) {
        String[] args = new String[flags.length + 3];
        args[0] = "serve";
        args[1] = "--token-file";
        args[2] = dir.resolve("token").toString();
        System.arraycopy(flags, 0, args, 3, flags.length);
        return CliRun.run(args);
    }
}
