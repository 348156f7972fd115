package dev.polytrace.script.api;

import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;

/**
 * Raw bytes (an event's {@code raw}) as a read-only guest array of unsigned values 0..255, like
 * a Uint8Array: {@code ev.raw[0]}, {@code ev.raw.length}, {@code bytes(ev.raw)} in Python.
 */
final class GuestBytes implements ProxyArray {
    private final byte[] bytes;

    GuestBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    byte[] bytes() {
        return bytes;
    }

    @Override
    public Object get(long index) {
        return bytes[GuestList.checked(index, bytes.length)] & 0xff;
    }

    @Override
    public void set(long index, Value value) {
        throw new HandlerApiException("raw bytes are read-only; copy them first (Array.from(raw) in JS,"
                + " bytearray(raw) in Python)");
    }

    @Override
    public long getSize() {
        return bytes.length;
    }
}
