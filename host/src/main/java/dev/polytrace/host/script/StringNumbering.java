package dev.polytrace.host.script;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers C strings of events go by between the host and one guest event loop: the guest
 * keeps the strings in a list, which each run extends with the strings numbered while it was
 * taken ({@link #fresh}). Shared by every layout that loop serves (a warm-up's layout and the
 * stream's are two objects for one type). Handler thread only.
 *
 * <p>A C string ({@code char[N]}: the bytes before the first NUL, as UTF-8, decoded as {@link
 * dev.polytrace.script.codec.RecordLayout} does) is looked up by its bytes in a small
 * direct-mapped table first: events carry few distinct comms and the like, so most cost a hash
 * and a compare of bytes, without a string or a map lookup.
 *
 * <p>Public for the language packages, whose event loops both number strings this way.
 */
public final class StringNumbering {
    /** Distinct strings numbered before the numbering starts over (the guest's list is cleared). */
    private static final int MAX_STRINGS = 1 << 16;
    private static final int SLOTS = 256;
    private static final Object[] NONE = {};

    private final byte[][] slotBytes = new byte[SLOTS][];
    private final int[] slotIds = new int[SLOTS];
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> fresh = new ArrayList<>();
    private boolean restarted;
    private boolean mustRestart;

    /** Starts a run that may number up to {@code strings} new strings. */
    public void startRun(int strings) {
        fresh.clear();
        restarted = mustRestart || ids.size() > MAX_STRINGS - strings;
        if (restarted) {
            ids.clear();
            Arrays.fill(slotBytes, null);
            mustRestart = false;
        }
    }

    /** The number of the C string in {@code bytes[offset .. offset + length)} (up to its first NUL). */
    public int id(byte[] bytes, int offset, int length) {
        int end = 0;
        int hash = 1;
        while (end < length && bytes[offset + end] != 0) {
            hash = 31 * hash + bytes[offset + end];
            end++;
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] key = slotBytes[slot];
        if (key != null && Arrays.equals(key, 0, key.length, bytes, offset, offset + end)) {
            return slotIds[slot];
        }
        String text = new String(bytes, offset, end, StandardCharsets.UTF_8);
        Integer id = ids.get(text);
        if (id == null) {
            id = ids.size();
            ids.put(text, id);
            fresh.add(text);
        }
        slotBytes[slot] = Arrays.copyOfRange(bytes, offset, offset + end);
        slotIds[slot] = id;
        return id;
    }

    /** How many strings are numbered, this run's included. */
    public int size() {
        return ids.size();
    }

    /** Strings numbered in this run, in the order of their numbers (nearly always none). */
    public Object[] fresh() {
        return fresh.isEmpty() ? NONE : fresh.toArray();
    }

    /** Whether this run started the numbering over: the guest clears its list first. */
    public boolean restarted() {
        return restarted;
    }

    /** The guest did not take this run's strings: the next run numbers from scratch. */
    public void forget() {
        ids.clear();
        Arrays.fill(slotBytes, null);
        mustRestart = true;
    }
}
