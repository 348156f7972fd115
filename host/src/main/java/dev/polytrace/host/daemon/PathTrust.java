package dev.polytrace.host.daemon;

import dev.polytrace.host.system.SystemFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Whether the daemon may act on a path. Running as root, it loads what its state directory holds,
 * lets in whoever knows what its token file says and runs what its keys directory's keys signed:
 * another user who could change one of them could take it over. So each must be owned by this
 * user (or root) and writable by nobody else, and so must every directory above it up to /, except
 * that a directory with the sticky bit (like /tmp) may be writable by all: there nobody can rename
 * or remove what another user made. A file must not be a symbolic link, which in such a directory
 * anyone could have made first.
 */
public final class PathTrust {
    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int STICKY = 01000;
    private static final String DIRECTORY_MODE = "rwx------";

    private final String role;
    private final int uid;

    private PathTrust(String role, int uid) {
        this.role = role;
        this.uid = uid;
    }

    /** Checks for what {@code role} names in messages ({@code --state-dir}, {@code --token-file}, ...). */
    public static PathTrust of(String role) {
        return new PathTrust(role, SystemFacts.effectiveUid());
    }

    /** An existing directory, and everything above it. */
    public void requireDirectory(Path dir) throws UntrustedPathException {
        if (!Files.isDirectory(dir)) {
            throw new UntrustedPathException(role + " " + dir + ": not a directory");
        }
        requireAbove(dir);
        requireOwnAndUnshared(dir, stat(dir, true));
    }

    /** The directory, created 0700 where missing once what is above it has been checked. */
    public void createDirectory(Path dir) throws IOException {
        requireAbove(dir);
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString(DIRECTORY_MODE)));
        }
        requireDirectory(dir);
    }

    /** An existing regular file (not a link to one), and every directory above it. */
    public void requireFile(Path file) throws UntrustedPathException {
        requireAbove(file);
        requireEntry(file);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new UntrustedPathException(role + " " + file + ": not a regular file");
        }
    }

    /**
     * An entry inside a directory already checked: not a symbolic link, owned by this user or root,
     * writable by nobody else. Its type is the caller's to check.
     */
    public void requireEntry(Path entry) throws UntrustedPathException {
        Stat a = stat(entry, false);
        if (Files.isSymbolicLink(entry)) {
            throw new UntrustedPathException(role + " " + entry + " is a symbolic link (owner " + a.owner()
                    + "): another user could have made it point anywhere; give the file itself");
        }
        requireOwnAndUnshared(entry, a);
    }

    /**
     * Every directory above {@code path}, as written and where links lead, up to /: owned by this
     * user or root, and writable by nobody else unless sticky. {@code path} need not exist yet.
     */
    public void requireAbove(Path path) throws UntrustedPathException {
        Path parent = path.toAbsolutePath().normalize().getParent();
        if (parent == null) {
            return;
        }
        Path existing = parent;
        for (Path dir = parent; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir)) {
                requireSafeAbove(dir, path);
            } else {
                existing = dir.getParent();
            }
        }
        try {
            for (Path dir = existing.toRealPath(); dir != null; dir = dir.getParent()) {
                requireSafeAbove(dir, path);
            }
        } catch (IOException e) {
            throw new UntrustedPathException(role + " " + path + ": cannot resolve " + existing + " ("
                    + e.getMessage() + ")");
        }
    }

    private void requireSafeAbove(Path dir, Path path) throws UntrustedPathException {
        Stat a = stat(dir, true);
        int mode = a.mode();
        if (!isTrusted(a.uid())) {
            throw new UntrustedPathException(role + " " + path + ": the directory " + dir + " above it is owned by "
                    + a.owner() + " (mode " + octal(mode) + "), who could replace what is in it; choose a place "
                    + "whose every directory up to / belongs to root, or chown root " + dir);
        }
        if ((mode & GROUP_OR_OTHERS_WRITE) != 0 && (mode & STICKY) == 0) {
            throw new UntrustedPathException(role + " " + path + ": the directory " + dir + " above it is writable by "
                    + "group or others without the sticky bit (owner " + a.owner() + ", mode " + octal(mode)
                    + "), so another user could replace what is in it: chmod go-w " + dir
                    + " (or +t), or choose another place");
        }
    }

    private void requireOwnAndUnshared(Path path, Stat a) throws UntrustedPathException {
        int mode = a.mode();
        if (!isTrusted(a.uid())) {
            throw new UntrustedPathException(role + " " + path + " is owned by " + a.owner() + " (mode "
                    + octal(mode) + "): another user controls it; use one owned by " + self() + " (chown "
                    + self() + " " + path + ")");
        }
        if ((mode & GROUP_OR_OTHERS_WRITE) != 0) {
            throw new UntrustedPathException(role + " " + path + " is writable by group or others (owner "
                    + a.owner() + ", mode " + octal(mode) + "): chmod go-w " + path);
        }
    }

    private boolean isTrusted(int owner) {
        return owner == uid || owner == 0;
    }

    private String self() {
        return uid == 0 ? "root" : "uid " + uid;
    }

    /** Owner and mode of {@code path}, or of a link itself when not following. */
    private record Stat(int uid, int mode, String owner) {
    }

    private Stat stat(Path path, boolean follow) throws UntrustedPathException {
        LinkOption[] options = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:uid,mode", options);
            int owner = (int) a.get("uid");
            String name = Files.getOwner(path, options).getName();
            return new Stat(owner, (int) a.get("mode"), name.equals(Integer.toString(owner)) ? "uid " + owner
                    : name + " (uid " + owner + ")");
        } catch (IOException | UnsupportedOperationException e) {
            throw new UntrustedPathException(role + " " + path + ": cannot read its owner and mode ("
                    + e.getMessage() + ")");
        }
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }

    /** A path the daemon refuses to act on; the message names it, its owner and mode, and the fix. */
    public static final class UntrustedPathException extends IOException {
        UntrustedPathException(String message) {
            super(message);
        }
    }
}
