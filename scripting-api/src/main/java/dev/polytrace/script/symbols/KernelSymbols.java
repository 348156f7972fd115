package dev.polytrace.script.symbols;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kernel symbols from {@code /proc/kallsyms}, read once into sorted arrays and searched by
 * binary search. Immutable and thread-safe.
 *
 * <p>Only addresses in the kernel half of the address space are kept: per-CPU symbols are
 * listed as small offsets and would otherwise swallow user addresses. Without root the kernel
 * shows every address as 0 ({@code kernel.kptr_restrict}); the table is then empty, says why in
 * {@link #unavailableReason()}, and every address formats as hex.
 */
public final class KernelSymbols {
    public static final Path KALLSYMS = Path.of("/proc/kallsyms");

    private static final Object SYSTEM_LOCK = new Object();
    private static volatile KernelSymbols system;

    /** Addresses with the sign bit flipped, so signed order is the unsigned order of the addresses. */
    private final long[] keys;
    private final String[] names;
    /** Index into {@link #modules}, -1 for the kernel image. */
    private final int[] moduleOf;
    private final String[] modules;
    private final String unavailableReason;

    private KernelSymbols(long[] keys, String[] names, int[] moduleOf, String[] modules, String unavailableReason) {
        this.keys = keys;
        this.names = names;
        this.moduleOf = moduleOf;
        this.modules = modules;
        this.unavailableReason = unavailableReason;
    }

    /** The running kernel's symbols, read on first use and then shared. */
    public static KernelSymbols system() {
        KernelSymbols cached = system;
        if (cached == null) {
            synchronized (SYSTEM_LOCK) {
                cached = system;
                if (cached == null) {
                    cached = load(KALLSYMS);
                    system = cached;
                }
            }
        }
        return cached;
    }

    /** Reads a kallsyms file; an unreadable one gives an empty table that says why. */
    public static KernelSymbols load(Path kallsyms) {
        try (BufferedReader in = Files.newBufferedReader(kallsyms, StandardCharsets.UTF_8)) {
            return parse(in, kallsyms.toString());
        } catch (IOException | UncheckedIOException e) {
            return empty("cannot read " + kallsyms + ": " + e.getMessage());
        }
    }

    /** Parses kallsyms text ({@code ffffffff81000000 T _stext}, optionally followed by {@code [module]}). */
    public static KernelSymbols parse(String text, String origin) {
        return parse(new StringReader(text), origin);
    }

    private static KernelSymbols parse(Reader reader, String origin) {
        Table table = new Table();
        int lines = 0;
        try (BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines++;
                table.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (table.size == 0) {
            return empty(lines > 0 ? origin + " shows no kernel addresses (kernel.kptr_restrict hides them from"
                    + " users without CAP_SYSLOG); run as root to resolve kernel symbols"
                    : origin + " lists no symbols");
        }
        return table.build();
    }

    private static KernelSymbols empty(String reason) {
        return new KernelSymbols(new long[0], new String[0], new int[0], new String[0], reason);
    }

    public boolean isAvailable() {
        return keys.length > 0;
    }

    /** Why no symbols were loaded, when {@link #isAvailable()} is false. */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailableReason);
    }

    /** Number of symbols kept. */
    public int size() {
        return keys.length;
    }

    /** The symbol at or below the address. */
    public Optional<KernelSymbol> lookup(long address) {
        int i = floor(address ^ Long.MIN_VALUE);
        if (i < 0) {
            return Optional.empty();
        }
        long start = keys[i] ^ Long.MIN_VALUE;
        String module = moduleOf[i] < 0 ? "" : modules[moduleOf[i]];
        return Optional.of(new KernelSymbol(names[i], start, address - start, module));
    }

    /** {@code func+0x1a}, or the address in hex when no symbol covers it. */
    public String format(long address) {
        return lookup(address).map(KernelSymbol::text).orElseGet(() -> Addresses.hex(address));
    }

    /** The address of a symbol by name (first match), e.g. to test or to resolve a probe target. */
    public Optional<Long> addressOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return Optional.of(keys[i] ^ Long.MIN_VALUE);
            }
        }
        return Optional.empty();
    }

    private int floor(long key) {
        int i = Arrays.binarySearch(keys, key);
        if (i >= 0) {
            return i;
        }
        return -i - 2;
    }

    /** Rows as parsed, then sorted by address; of several names at one address the first global one stays. */
    private static final class Table {
        private long[] addresses = new long[1 << 16];
        private String[] names = new String[1 << 16];
        private int[] moduleOf = new int[1 << 16];
        private boolean[] global = new boolean[1 << 16];
        private final Map<String, Integer> moduleIndex = new HashMap<>();
        private final List<String> modules = new ArrayList<>();
        private int size;

        /** {@code ffffffff81000000 T name} or {@code ffffffffc0a00000 t name\t[module]}; split by hand, as it runs 100k+ times. */
        void add(String line) {
            int space1 = line.indexOf(' ');
            if (space1 <= 0 || line.length() < space1 + 4 || line.charAt(space1 + 2) != ' ') {
                return;
            }
            long address;
            try {
                address = Long.parseUnsignedLong(line, 0, space1, 16);
            } catch (NumberFormatException e) {
                return;
            }
            char type = line.charAt(space1 + 1);
            if (address >= 0 || type == 'a' || type == 'A' || type == 'U') {
                return; // user half (per-CPU offsets, hidden zeros), absolute or undefined
            }
            int nameStart = space1 + 3;
            int tab = line.indexOf('\t', nameStart);
            String name = (tab < 0 ? line.substring(nameStart) : line.substring(nameStart, tab)).strip();
            if (name.isEmpty()) {
                return;
            }
            grow();
            addresses[size] = address ^ Long.MIN_VALUE;
            names[size] = name;
            moduleOf[size] = tab < 0 ? -1 : module(line.substring(tab + 1).strip());
            global[size] = Character.isUpperCase(type);
            size++;
        }

        private int module(String bracketed) {
            String name = bracketed.startsWith("[") && bracketed.endsWith("]")
                    ? bracketed.substring(1, bracketed.length() - 1) : bracketed;
            return moduleIndex.computeIfAbsent(name, n -> {
                modules.add(n);
                return modules.size() - 1;
            });
        }

        private void grow() {
            if (size == addresses.length) {
                int n = size * 2;
                addresses = Arrays.copyOf(addresses, n);
                names = Arrays.copyOf(names, n);
                moduleOf = Arrays.copyOf(moduleOf, n);
                global = Arrays.copyOf(global, n);
            }
        }

        KernelSymbols build() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            // kallsyms is mostly sorted already; ties keep the global name, then file order.
            Arrays.sort(order, (a, b) -> {
                int c = Long.compare(addresses[a], addresses[b]);
                if (c != 0) {
                    return c;
                }
                c = Boolean.compare(global[b], global[a]);
                return c != 0 ? c : Integer.compare(a, b);
            });
            long[] keys = new long[size];
            String[] sortedNames = new String[size];
            int[] sortedModules = new int[size];
            int n = 0;
            for (Integer i : order) {
                if (n > 0 && keys[n - 1] == addresses[i]) {
                    continue;
                }
                keys[n] = addresses[i];
                sortedNames[n] = names[i];
                sortedModules[n] = moduleOf[i];
                n++;
            }
            return new KernelSymbols(Arrays.copyOf(keys, n), Arrays.copyOf(sortedNames, n),
                    Arrays.copyOf(sortedModules, n), modules.toArray(String[]::new), null);
        }
    }
}
