package dev.polytrace.host.oci;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which tag an open reference (NAME@HOST, or oci://HOST/REPO without a tag) means: the tag
 * {@code latest} when the repository has one; else the highest version tag ({@code 1.2.3},
 * {@code v1.2}, {@code 2}; numbers compared as numbers, a release above its pre-releases such as
 * {@code 1.2.3-rc1}); tags that are not versions ("dev", "main") are never picked by this rule.
 */
public final class LatestTag {
    public static final String LATEST = "latest";
    private static final Pattern VERSION = Pattern.compile("v?(\\d{1,9})(?:\\.(\\d{1,9}))?(?:\\.(\\d{1,9}))?(?:-([0-9A-Za-z.-]+))?");

    private LatestTag() {
    }

    public static Optional<String> choose(List<String> tags) {
        if (tags.contains(LATEST)) {
            return Optional.of(LATEST);
        }
        return tags.stream().filter(t -> VERSION.matcher(t).matches()).max(ORDER);
    }

    /** Version tags in ascending order, then the others by name: how listings show tags. */
    public static List<String> sorted(List<String> tags) {
        List<String> versions = tags.stream().filter(t -> VERSION.matcher(t).matches()).sorted(ORDER).toList();
        List<String> others = tags.stream().filter(t -> !VERSION.matcher(t).matches()).sorted().toList();
        return java.util.stream.Stream.concat(versions.stream(), others.stream()).toList();
    }

    private static final Comparator<String> ORDER = Comparator
            .comparingLong((String t) -> part(t, 1))
            .thenComparingLong(t -> part(t, 2))
            .thenComparingLong(t -> part(t, 3))
            .thenComparing(t -> prerelease(t).isEmpty()) // a release sorts above its pre-releases
            .thenComparing(LatestTag::prerelease);

    private static long part(String tag, int group) {
        Matcher m = VERSION.matcher(tag);
        m.matches();
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }

    private static String prerelease(String tag) {
        Matcher m = VERSION.matcher(tag);
        m.matches();
        return m.group(4) == null ? "" : m.group(4);
    }
}
