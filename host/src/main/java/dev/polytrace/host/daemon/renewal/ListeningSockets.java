package dev.polytrace.host.daemon.renewal;

import dev.polytrace.host.system.ProcessImage;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Optional;

/**
 * The descriptor behind a listening {@link ServerSocketChannel}, and a channel for a listening
 * socket this process inherited by descriptor. Java has no public API for either (only
 * {@code System.inheritedChannel()}, for descriptor 0 alone): both go through the JDK's own
 * channel class, which the launcher opens to polytrace for {@code serve}
 * ({@code --add-opens java.base/sun.nio.ch} and {@code java.base/java.io}).
 */
public final class ListeningSockets {
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private ListeningSockets() {
    }

    /** Why sockets cannot be handed over in this JVM, or empty when they can. */
    public static Optional<String> unavailability() {
        try {
            fdValue();
            constructor();
            fileDescriptor();
            return Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.of("the JVM was started without --add-opens java.base/sun.nio.ch=ALL-UNNAMED "
                    + "--add-opens java.base/java.io=ALL-UNNAMED (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The descriptor number of an open channel of the JDK's own kind. */
    public static int descriptorOf(ServerSocketChannel channel) throws IOException {
        try {
            return (Integer) fdValue().invoke(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot tell the descriptor of " + channel + ": " + e, e);
        }
    }

    /** A bound, listening channel for inherited descriptor {@code fd}; it then owns the descriptor. */
    public static ServerSocketChannel adopt(int fd) throws IOException {
        ProtocolFamily family = switch (ProcessImage.listeningSocketFamily(fd)) {
            case AF_UNIX -> StandardProtocolFamily.UNIX;
            case AF_INET -> StandardProtocolFamily.INET;
            case AF_INET6 -> StandardProtocolFamily.INET6;
            default -> throw new IOException("descriptor " + fd + " is a socket of an unknown family");
        };
        try {
            FileDescriptor descriptor = fileDescriptor().newInstance(fd);
            return constructor().newInstance(SelectorProvider.provider(), family, descriptor, true);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof IOException io ? io
                    : new IOException("cannot adopt descriptor " + fd + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot adopt descriptor " + fd + ": " + e, e);
        }
    }

    private static Method fdValue() throws ReflectiveOperationException {
        Method m = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
        m.setAccessible(true);
        return m;
    }

    private static Constructor<? extends ServerSocketChannel> constructor() throws ReflectiveOperationException {
        Constructor<? extends ServerSocketChannel> c = Class.forName("sun.nio.ch.ServerSocketChannelImpl")
                .asSubclass(ServerSocketChannel.class)
                .getDeclaredConstructor(SelectorProvider.class, ProtocolFamily.class, FileDescriptor.class, boolean.class);
        c.setAccessible(true);
        return c;
    }

    private static Constructor<FileDescriptor> fileDescriptor() throws ReflectiveOperationException {
        Constructor<FileDescriptor> c = FileDescriptor.class.getDeclaredConstructor(int.class);
        c.setAccessible(true);
        return c;
    }
}
