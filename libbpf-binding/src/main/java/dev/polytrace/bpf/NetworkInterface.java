package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.Native;

/** A network interface by name and index, resolved once. */
public record NetworkInterface(String name, int index) {
    public static NetworkInterface byName(String name) {
        int index = Native.libc().if_nametoindex(name);
        if (index <= 0) {
            throw new BpfException("if_nametoindex(" + name + ")", Errno.ENODEV, "no interface named '" + name + "'");
        }
        return new NetworkInterface(name, index);
    }

    public static NetworkInterface byIndex(int index) {
        if (index <= 0) {
            throw new BpfException("interface " + index, Errno.ENODEV, "interface indexes start at 1");
        }
        return new NetworkInterface("if" + index, index);
    }

    /** A name or a number, as a user types it on the command line. */
    public static NetworkInterface parse(String nameOrIndex) {
        return nameOrIndex.chars().allMatch(Character::isDigit) && !nameOrIndex.isEmpty()
                ? byIndex(Integer.parseInt(nameOrIndex)) : byName(nameOrIndex);
    }

    @Override
    public String toString() {
        return name;
    }
}
