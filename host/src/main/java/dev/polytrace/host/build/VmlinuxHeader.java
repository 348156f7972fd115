package dev.polytrace.host.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code vmlinux.h} for the running kernel, generated from its BTF with bpftool and cached under
 * {@code CACHE/vmlinux/<first 16 hex of the BTF's sha256>/vmlinux.h}: a kernel upgrade gets a new
 * header, the same kernel reuses it. The file is written under a temporary name and renamed into
 * place, so concurrent builds never read a partial header.
 */
final class VmlinuxHeader {
    static final String FILE_NAME = "vmlinux.h";
    private static final String BPFTOOL_HINT = "install bpftool (Debian: apt-get install bpftool; Ubuntu: "
            + "apt-get install linux-tools-$(uname -r); Fedora: dnf install bpftool), pass --bpftool PATH, "
            + "or put your own vmlinux.h in a directory given with -I";

    private VmlinuxHeader() {
    }

    /** The directory holding vmlinux.h for the toolchain's kernel BTF, generating the header on first use. */
    static Path directory(Toolchain toolchain) {
        Path btf = toolchain.kernelBtf();
        if (!Files.isReadable(btf)) {
            throw new BuildException("cannot generate vmlinux.h: " + btf + " is missing or unreadable (the kernel "
                    + "needs CONFIG_DEBUG_INFO_BTF=y); put your own vmlinux.h in a directory given with -I");
        }
        Path dir = toolchain.cacheDir().resolve("vmlinux").resolve(fingerprint(btf));
        Path header = dir.resolve(FILE_NAME);
        try {
            if (Files.isRegularFile(header) && Files.size(header) > 0) {
                return dir;
            }
            Files.createDirectories(dir);
            generate(toolchain, btf, dir, header);
            return dir;
        } catch (IOException e) {
            throw new BuildException("cannot write " + header + ": " + e.getMessage(), e);
        }
    }

    private static void generate(Toolchain toolchain, Path btf, Path dir, Path header) throws IOException {
        Path tmp = Files.createTempFile(dir, FILE_NAME + ".", ".tmp");
        try {
            ExternalTool bpftool = new ExternalTool("bpftool", toolchain.bpftool(), BPFTOOL_HINT);
            ExternalTool.Result result = bpftool.run(List.of("btf", "dump", "file", btf.toString(), "format", "c"),
                    tmp);
            if (!result.ok() || Files.size(tmp) == 0) {
                throw new BuildException("bpftool could not write vmlinux.h from " + btf + " (exit code "
                        + result.exitCode() + "): " + result.stderr().strip().lines().findFirst().orElse("no output"));
            }
            Files.move(tmp, header, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The first 16 hex digits of the file's sha256. */
    static String fingerprint(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new BuildException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
