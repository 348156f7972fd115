package dev.polytrace.host.script;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers C strings of events go by between the host and one Python event loop: the guest
 * keeps the strings in a list, which each run extends with the strings numbered while it was
 * taken ({@link #fresh}). Shared by every layout that loop serves (a warm-up's layout and the
 * stream's are two objects for one type). Handler thread only.
 */
final class StringNumbering {
    /** Distinct strings numbered before the numbering starts over (the guest's list is cleared). */
    private static final int MAX_STRINGS = 1 << 16;
    private static final Object[] NONE = {};

    private final TextCache texts = new TextCache();
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> fresh = new ArrayList<>();
    private boolean restarted;
    private boolean mustRestart;

    /** Starts a run that may number up to {@code strings} new strings. */
    void startRun(int strings) {
        fresh.clear();
        restarted = mustRestart || ids.size() > MAX_STRINGS - strings;
        if (restarted) {
            ids.clear();
            mustRestart = false;
        }
    }

    /** The number of the C string in {@code bytes[offset .. offset + length)} (up to its first NUL). */
    int id(byte[] bytes, int offset, int length) {
        String text = texts.text(bytes, offset, length);
        Integer id = ids.get(text);
        if (id == null) {
            id = ids.size();
            ids.put(text, id);
            fresh.add(text);
        }
        return id;
    }

    /** Strings numbered in this run, in the order of their numbers (nearly always none). */
    Object[] fresh() {
        return fresh.isEmpty() ? NONE : fresh.toArray();
    }

    /** Whether this run started the numbering over: the guest clears its list first. */
    boolean restarted() {
        return restarted;
    }

    /** The guest did not take this run's strings: the next run numbers from scratch. */
    void forget() {
        ids.clear();
        mustRestart = true;
    }
}
