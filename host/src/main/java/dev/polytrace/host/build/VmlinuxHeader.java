package dev.polytrace.host.build;

import dev.polytrace.bpf.BpfException;
import dev.polytrace.bpf.btf.Btf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code vmlinux.h} for the running kernel, generated from its BTF with bpftool, its kfuncs
 * declared ({@link KfuncPrototypes}), and cached under {@code CACHE/vmlinux/<key>/vmlinux.h}, the
 * key being the first 16 hex digits of the sha256 of {@link #FORMAT} and the BTF: a kernel
 * upgrade gets a new header, the same kernel reuses it. The file is written under a temporary
 * name and renamed into place, so concurrent builds never read a partial header.
 */
final class VmlinuxHeader {
    static final String FILE_NAME = "vmlinux.h";
    /** Changed whenever what is written changes, so that headers cached by an older polytrace are regenerated. */
    private static final String FORMAT = "polytrace vmlinux.h 2: bpftool's dump plus kfunc prototypes\n";
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
        Path dir = toolchain.cacheDir().resolve("vmlinux").resolve(cacheKey(btf));
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
            String dumped = Files.readString(tmp, StandardCharsets.ISO_8859_1);
            Files.writeString(tmp, KfuncPrototypes.addTo(dumped, kernelBtf(btf)), StandardCharsets.ISO_8859_1);
            Files.move(tmp, header, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Btf kernelBtf(Path btf) throws IOException {
        try {
            return Btf.parse(Files.readAllBytes(btf), btf.toString());
        } catch (BpfException e) {
            throw new BuildException("cannot declare the kernel's kfuncs in vmlinux.h: " + e.getMessage(), e);
        }
    }

    /** The first 16 hex digits of the sha256 of {@link #FORMAT} followed by the BTF file. */
    static String cacheKey(Path btf) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(btf), MessageDigest.getInstance("SHA-256"))) {
            MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
            digest.update(FORMAT.getBytes(StandardCharsets.UTF_8));
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new BuildException("cannot read " + btf + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
