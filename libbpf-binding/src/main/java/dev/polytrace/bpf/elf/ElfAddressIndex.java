package dev.polytrace.bpf.elf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Function symbols sorted by start address, for address-to-symbol lookups in O(log n).
 * Aliases at one address collapse to the most readable name.
 */
final class ElfAddressIndex {
    /** Among aliases: sized before unsized, public-looking before internal, global before local. */
    private static final Comparator<ElfSymbol> PREFERRED = Comparator
            .comparing((ElfSymbol s) -> s.size() == 0)
            .thenComparingInt(s -> leadingUnderscores(s.name()))
            .thenComparingInt(s -> s.binding() == ElfSymbol.Binding.LOCAL ? 1 : 0)
            .thenComparingInt(s -> s.name().length())
            .thenComparing(ElfSymbol::name);

    private final long[] starts;
    private final long[] ends;
    /** maxEnd[i] is the largest end among entries 0..i: lets a lookup stop scanning backwards early. */
    private final long[] maxEnds;
    private final ElfSymbol[] symbols;

    private ElfAddressIndex(List<ElfSymbol> sorted) {
        int n = sorted.size();
        starts = new long[n];
        ends = new long[n];
        maxEnds = new long[n];
        symbols = sorted.toArray(new ElfSymbol[0]);
        long maxEnd = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            ElfSymbol s = symbols[i];
            starts[i] = s.value();
            // A size-0 symbol (hand-written assembly) covers only its first byte.
            ends[i] = s.value() + Math.max(s.size(), 1);
            maxEnd = Math.max(maxEnd, ends[i]);
            maxEnds[i] = maxEnd;
        }
    }

    static ElfAddressIndex of(List<ElfSymbol> symbols) {
        List<ElfSymbol> functions = new ArrayList<>();
        for (ElfSymbol s : symbols) {
            if (s.isFunction() && s.isDefined() && s.value() != 0) {
                functions.add(s);
            }
        }
        functions.sort(Comparator.comparingLong(ElfSymbol::value).thenComparing(PREFERRED));
        List<ElfSymbol> unique = new ArrayList<>(functions.size());
        for (ElfSymbol s : functions) {
            if (unique.isEmpty() || unique.get(unique.size() - 1).value() != s.value()) {
                unique.add(s);
            }
        }
        return new ElfAddressIndex(unique);
    }

    /** The innermost function whose [value, value + size) contains {@code address}. */
    Optional<ElfSymbol> symbolAt(long address) {
        int i = lastStartAtOrBefore(address);
        for (; i >= 0 && maxEnds[i] > address; i--) {
            if (address < ends[i]) {
                return Optional.of(symbols[i]);
            }
        }
        return Optional.empty();
    }

    int size() {
        return symbols.length;
    }

    private int lastStartAtOrBefore(long address) {
        int found = Arrays.binarySearch(starts, address);
        return found >= 0 ? found : -found - 2;
    }

    private static int leadingUnderscores(String name) {
        int n = 0;
        while (n < name.length() && name.charAt(n) == '_') {
            n++;
        }
        return n;
    }
}
