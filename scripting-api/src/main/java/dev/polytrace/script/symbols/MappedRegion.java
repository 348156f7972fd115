package dev.polytrace.script.symbols;

/**
 * One line of {@code /proc/PID/maps}: {@code start-end perms offset dev inode path}.
 *
 * @param offset the file offset mapped at {@code start}
 * @param path the mapped file, a pseudo name such as {@code [heap]} or {@code [vdso]}, or "" for
 *     anonymous memory
 */
record MappedRegion(long start, long end, String perms, long offset, String device, long inode, String path) {
    boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    /** Backed by a file on disk (not anonymous, not a [pseudo] region). */
    boolean isFile() {
        return path.startsWith("/") && inode != 0;
    }

    /** Where the address falls in the mapped file. */
    long fileOffsetOf(long address) {
        return address - start + offset;
    }

    /** Identifies the file across processes and renames: device and inode. */
    String fileKey() {
        return device + ":" + inode;
    }
}
