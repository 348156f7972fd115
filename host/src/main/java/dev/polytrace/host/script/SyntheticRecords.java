package dev.polytrace.host.script;

import dev.polytrace.script.codec.RecordLayout;
import dev.polytrace.script.codec.RecordLayout.Placement;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Records that look like real ones, for a warm-up: a guest compiles code for the kinds of values
 * it saw, so the samples should be the kinds real events carry. Random bytes, with every C string
 * field one of a few short printable names (real events carry a handful of comms) and integers of
 * the sizes real ones have ({@link #sampleInt}).
 */
final class SyntheticRecords {
    private static final byte[][] NAMES = {"bash".getBytes(StandardCharsets.US_ASCII),
        "systemd".getBytes(StandardCharsets.US_ASCII), "kworker/0:1".getBytes(StandardCharsets.US_ASCII),
        "sample".getBytes(StandardCharsets.US_ASCII)};

    private SyntheticRecords() {
    }

    /** Fills {@code record} (a record of {@code layout}'s type, or a shorter one) with sample content. */
    static void fill(RecordLayout layout, byte[] record, Random random) {
        random.nextBytes(record);
        for (int f = 0; f < layout.names().size(); f++) {
            Placement p = layout.placement(f);
            if (p == null) {
                continue; // left random
            }
            switch (p.kind()) {
                case STRING -> {
                    if (p.offset() + p.count() <= record.length) {
                        byte[] name = NAMES[random.nextInt(NAMES.length)];
                        Arrays.fill(record, p.offset(), p.offset() + p.count(), (byte) 0);
                        System.arraycopy(name, 0, record, p.offset(), Math.min(name.length, p.count() - 1));
                    }
                }
                case INTEGER -> sampleInt(p.offset(), p.size(), p.signed(), record, random);
                case INTEGER_ARRAY -> {
                    for (int k = 0; k < p.count(); k++) {
                        sampleInt(p.offset() + k * p.size(), p.size(), p.signed(), record, random);
                    }
                }
            }
        }
    }

    /**
     * Half of the samples small (pids, counts, sizes; small negative ones for signed fields, as
     * error codes are), the others random below 2^31 for fields of up to 32 bits (2^32 for signed
     * ones, both halves) and below 2^53 for wider ones. Not over the whole range: JavaScript keeps
     * numbers up to 2^31 as ints and up to 2^53 exactly, Python up to 2^63 in a machine word, and
     * code that saw a few larger values works with every number the slow way, so a warm-up on
     * whole-range integers would leave the handler slower than none. A field that does carry such
     * values (an address) costs the handler one recompilation instead.
     */
    private static void sampleInt(int offset, int size, boolean signed, byte[] record, Random random) {
        if (offset + size > record.length) {
            return;
        }
        int bits = size * 8;
        long value;
        if (random.nextBoolean()) {
            value = random.nextInt(1 << 7) - (signed ? 1 << 6 : 0);
        } else if (bits > 32) {
            value = random.nextLong() >>> (64 - 53);
        } else if (signed) {
            value = (long) random.nextInt() >> (32 - bits);
        } else {
            value = (random.nextInt() >>> 1) >>> Math.max(0, 31 - bits);
        }
        for (int b = 0; b < size; b++) {
            record[offset + b] = (byte) (value >> (8 * b));
        }
    }
}
