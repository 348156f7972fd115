package dev.polytrace.host.maps;

import dev.polytrace.bpf.GlobalVariable;
import dev.polytrace.bpf.btf.BtfArray;
import dev.polytrace.bpf.btf.BtfInt;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.host.maps.MapSnapshot.Entry;
import dev.polytrace.host.maps.MapSnapshot.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A global variable of the object's {@code .bss} or {@code .data} read as a map is, so that what
 * libbpf-tools keep there for their C user space (softirqs' {@code __u64 counts[NR_SOFTIRQS]},
 * runqlen's {@code struct hist hists[MAX_CPU_NR]}) prints as maps do. An array is an entry per
 * index, leaving out all-zero elements as a map's array indexes are; a string, an integer array
 * named like a histogram (one histogram) and anything else is one entry without a key, none
 * when all zero.
 */
public final class GlobalSnapshots {
    private GlobalSnapshots() {
    }

    /** Reads the variable's current bytes (the live section after load). */
    public static MapSnapshot read(GlobalVariable variable) {
        return of(variable.name(), variable.type(), variable.bytes());
    }

    /** Decodes {@code bytes} of a variable of {@code type}. */
    static MapSnapshot of(String name, BtfType type, byte[] bytes) {
        List<Entry> entries = new ArrayList<>();
        if (type.resolve() instanceof BtfArray array && byIndex(name, type, array)) {
            BtfType element = array.elementType();
            int size = (int) element.size();
            for (int i = 0; i < array.length() && (i + 1) * size <= bytes.length; i++) {
                byte[] value = Arrays.copyOfRange(bytes, i * size, (i + 1) * size);
                if (!MapSnapshot.allZero(value)) {
                    entries.add(new Entry((long) i, MapSnapshot.decode(element, value)));
                }
            }
            return new MapSnapshot(name, element.cName(), entries, Source.GLOBAL);
        }
        if (!MapSnapshot.allZero(bytes)) {
            entries.add(new Entry(null, MapSnapshot.decode(type, bytes)));
        }
        return new MapSnapshot(name, type.cName(), entries, Source.GLOBAL);
    }

    /** Every array but a string and an integer array named like a histogram (its slots). */
    private static boolean byIndex(String name, BtfType type, BtfArray array) {
        if (array.isCharArray()) {
            return false;
        }
        boolean integers = array.elementType().resolve() instanceof BtfInt;
        return !(integers && (MapReports.looksLikeHistogram(name) || MapReports.looksLikeHistogram(type.cName())));
    }
}
