package dev.polytrace.script.api;

import dev.polytrace.bpf.BpfException;
import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.MapType;
import dev.polytrace.bpf.internal.Native;
import dev.polytrace.bpf.internal.NativeResource;
import java.lang.reflect.Constructor;

/**
 * A map outside any object, for key and value types kernel_basics has no map for.
 *
 * <p>{@code BpfMap.create} registers the fd's Cleaner on an object nobody holds, so the first GC
 * closes the new map (libbpf-binding bug, reported to its owner). Until that is fixed this builds
 * the same map through BpfMap's constructor with an owner the test holds.
 */
final class StandaloneMap implements AutoCloseable {
    private final Object cleanerOwner = new Object();
    private final BpfMap map;

    private StandaloneMap(MapType type, String name, int keySize, int valueSize, int maxEntries) {
        int fd = Native.libbpf().bpf_map_create(type.code(), name, keySize, valueSize, maxEntries, null);
        if (fd < 0) {
            throw new BpfException("bpf_map_create(" + name + ")", -fd, null);
        }
        NativeResource resource = new NativeResource(cleanerOwner, () -> Native.closeFd(fd));
        try {
            Constructor<BpfMap> c = BpfMap.class.getDeclaredConstructor(BpfObject.class, NativeResource.class,
                    String.class, int.class, MapType.class, int.class, int.class, int.class, int.class, int.class,
                    boolean.class);
            c.setAccessible(true);
            map = c.newInstance(null, resource, name, fd, type, keySize, valueSize, maxEntries, 0, 0, false);
        } catch (ReflectiveOperationException e) {
            resource.close();
            throw new IllegalStateException("BpfMap's constructor changed; use BpfMap.create if it is fixed", e);
        }
    }

    static StandaloneMap create(MapType type, String name, int keySize, int valueSize, int maxEntries) {
        return new StandaloneMap(type, name, keySize, valueSize, maxEntries);
    }

    BpfMap map() {
        return map;
    }

    @Override
    public void close() {
        map.close();
    }
}
