package dev.polytrace.bundled;

import java.nio.file.Path;

/**
 * A veth pair of this test run: the near end in this JVM's network namespace, where XDP programs
 * attach; the far end in a network namespace of its own, with IPv4 and IPv6 addresses and
 * permanent neighbour entries for a peer that does not exist. What is sent to that peer from the
 * far end arrives on the near end, and nothing else sends UDP there: no daemon runs in the private
 * namespace, and the near end has no address. The near end's MAC address is not the peer's, so
 * this JVM's network stack drops the frames after XDP saw them.
 */
final class VethPair implements AutoCloseable {
    static final String PEER_IPV4 = "198.18.0.1";
    static final String PEER_IPV6 = "fd00:706f::1";
    private static final String PEER_MAC = "02:00:00:00:00:01";

    private final String namespace;
    private final String near;

    private VethPair(String namespace, String near) {
        this.namespace = namespace;
        this.near = near;
    }

    /** Names with this JVM's pid: test runs on the same machine do not meet. */
    static VethPair create() {
        String id = String.valueOf(Workloads.ownPid());
        VethPair pair = new VethPair("polytrace-" + id, "ptv" + id + "n");
        String far = "ptv" + id + "f";
        String ns = pair.namespace;
        Workloads.runChecked("ip", "netns", "add", ns);
        try {
            Workloads.runChecked("ip", "link", "add", pair.near, "type", "veth", "peer", "name", far, "netns", ns);
            Workloads.runChecked("ip", "link", "set", pair.near, "up");
            Workloads.runChecked("ip", "-n", ns, "link", "set", far, "up");
            Workloads.runChecked("ip", "-n", ns, "addr", "add", "198.18.0.2/24", "dev", far);
            Workloads.runChecked("ip", "-n", ns, "addr", "add", "fd00:706f::2/64", "dev", far, "nodad");
            Workloads.runChecked("ip", "-n", ns, "neigh", "add", PEER_IPV4, "lladdr", PEER_MAC, "dev", far,
                    "nud", "permanent");
            Workloads.runChecked("ip", "-n", ns, "neigh", "add", PEER_IPV6, "lladdr", PEER_MAC, "dev", far,
                    "nud", "permanent");
        } catch (RuntimeException | AssertionError e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    /** The interface name of the near end. */
    String near() {
        return near;
    }

    /** Sends {@code count} UDP datagrams of 9 bytes from the far end to {@code peer}, with the workload. */
    void sendDatagrams(Path workload, String peer, int count) {
        Workloads.runChecked("ip", "netns", "exec", namespace, workload.toString(), "udp", peer, String.valueOf(count));
    }

    /**
     * Deletes the near end first: that deletes the pair at once, where deleting the namespace
     * first leaves the kernel to remove the pair later, in the background (an {@code ip link del}
     * racing that removal fails). Either step may find nothing when {@link #create} failed early.
     */
    @Override
    public void close() {
        Workloads.run("ip", "link", "del", near);
        Workloads.run("ip", "netns", "del", namespace);
        if (Workloads.run("ip", "link", "show", near) == 0) {
            throw new AssertionError("the veth end " + near + " is still there after ip link del");
        }
    }
}
