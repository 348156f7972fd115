package dev.polytrace.script.api;

import java.util.List;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;

/**
 * A Java list as a guest array: JS gets the Array methods ({@code map}, {@code length},
 * spreading), Python a list-like ({@code len}, indexing, iteration). Elements are converted when
 * read. Writes (and appending at the end) go to the list when it is mutable.
 */
final class GuestList implements ProxyArray {
    private final List<Object> elements;

    GuestList(List<Object> elements) {
        this.elements = elements;
    }

    List<Object> elements() {
        return elements;
    }

    @Override
    public Object get(long index) {
        return GuestValues.toGuest(elements.get(checked(index, elements.size())));
    }

    @Override
    public void set(long index, Value value) {
        Object converted = GuestValues.toJava(value, "element [" + index + "]");
        try {
            if (index == elements.size()) {
                elements.add(converted);
            } else {
                elements.set(checked(index, elements.size()), converted);
            }
        } catch (UnsupportedOperationException e) {
            throw new HandlerApiException("element [" + index + "] cannot be changed: this array is read-only;"
                    + " copy it first ([...array] in JS, list(array) in Python)");
        }
    }

    @Override
    public boolean remove(long index) {
        try {
            elements.remove(checked(index, elements.size()));
            return true;
        } catch (UnsupportedOperationException e) {
            throw new HandlerApiException("this array is read-only; copy it first");
        }
    }

    @Override
    public long getSize() {
        return elements.size();
    }

    static int checked(long index, int size) {
        if (index < 0 || index >= size) {
            throw new ArrayIndexOutOfBoundsException("index " + index + " is outside the array (length " + size
                    + ")");
        }
        return (int) index;
    }

    @Override
    public String toString() {
        return elements.toString();
    }
}
