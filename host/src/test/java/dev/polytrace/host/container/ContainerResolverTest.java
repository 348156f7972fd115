package dev.polytrace.host.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each runtime's metadata from state files written as the runtime writes them, and the cache's invalidation. */
class ContainerResolverTest {
    static final String ID = "56373b6a7aa6ca40f52752e9aabf1581fc46d91adb5b589558e4369f4b96d1d5";
    static final String UID = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";
    static final String PODMAN_PATH = "/libpod_parent/libpod-" + ID;

    @TempDir
    Path dir;
    RecordedHost host;
    final AtomicLong clock = new AtomicLong();
    ContainerResolver resolver;

    @BeforeEach
    void setUp() {
        host = new RecordedHost(dir);
        resolver = new ContainerResolver(host.roots, clock::get);
    }

    static String podmanContainersJson(String id, String name, String image) {
        return "[{\"id\":\"" + id + "\",\"names\":[\"" + name + "\"],\"image\":\"7705ba79\",\"layer\":\"8125d38f\","
                + "\"metadata\":\"{\\\"image-name\\\":\\\"" + image + "\\\",\\\"image-id\\\":\\\"7705ba79\\\","
                + "\\\"name\\\":\\\"" + name + "\\\",\\\"created-at\\\":1796466809}\",\"created\":\"2026-12-05T10:33:29Z\"}]";
    }

    void podmanContainer(String name) {
        host.write(host.roots.containersStorage().resolve("overlay-containers/containers.json"),
                podmanContainersJson(ID, name, "localhost/s-busybox:latest"));
    }

    @Test
    void podmanFromContainersStorageByPidAndByCgroupId() {
        long id = host.cgroup(PODMAN_PATH);
        host.process(4242, PODMAN_PATH);
        podmanContainer("web");
        ContainerInfo expected = new ContainerInfo(ID, "web", "localhost/s-busybox:latest", "podman", "", "");
        assertEquals(expected, resolver.ofPid(4242));
        assertSame(resolver.ofPid(4242), resolver.ofCgroupId(id), "one cached answer per cgroup");
    }

    @Test
    void dockerFromConfigV2WithKubernetesLabels() {
        String path = "/system.slice/docker-" + ID + ".scope";
        host.process(7, path);
        host.cgroup(path);
        host.write(host.roots.docker().resolve("containers/" + ID + "/config.v2.json"), "{\"ID\":\"" + ID
                + "\",\"Name\":\"/k8s_app_web-5d8f_shop_" + UID + "_0\",\"Config\":{\"Image\":\"nginx:1.27\","
                + "\"Labels\":{\"io.kubernetes.container.name\":\"app\",\"io.kubernetes.pod.name\":\"web-5d8f\","
                + "\"io.kubernetes.pod.namespace\":\"shop\"}}}");
        assertEquals(new ContainerInfo(ID, "app", "nginx:1.27", "docker", "web-5d8f", "shop"), resolver.ofPid(7));
    }

    @Test
    void plainDockerNameLosesItsSlash() {
        host.cgroup("/docker/" + ID);
        host.process(8, "/docker/" + ID);
        host.write(host.roots.docker().resolve("containers/" + ID + "/config.v2.json"),
                "{\"Name\":\"/db\",\"Config\":{\"Image\":\"postgres:17\",\"Labels\":{}}}");
        assertEquals(new ContainerInfo(ID, "db", "postgres:17", "docker", "", ""), resolver.ofPid(8));
    }

    @Test
    void containerdCriFromTheTaskBundleAnnotations() {
        String path = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID.replace('-', '_')
                + ".slice/cri-containerd-" + ID + ".scope";
        long id = host.cgroup(path);
        host.write(host.roots.containerdTasks().resolve("k8s.io/" + ID + "/config.json"), "{\"ociVersion\":\"1.1.0\","
                + "\"annotations\":{\"io.kubernetes.cri.container-type\":\"container\","
                + "\"io.kubernetes.cri.container-name\":\"api\",\"io.kubernetes.cri.image-name\":\"ghcr.io/x/api:2\","
                + "\"io.kubernetes.cri.sandbox-name\":\"api-7c9\",\"io.kubernetes.cri.sandbox-namespace\":\"prod\","
                + "\"io.kubernetes.cri.sandbox-uid\":\"" + UID + "\"}}");
        assertEquals(new ContainerInfo(ID, "api", "ghcr.io/x/api:2", "containerd", "api-7c9", "prod"),
                resolver.ofCgroupId(id));
    }

    @Test
    void podNameAndNamespaceFromTheKubeletPodDirectoryWhenTheRuntimeHasNoLabels() {
        String path = "/kubepods/besteffort/pod" + UID + "/" + ID;
        long id = host.cgroup(path);
        host.write(host.roots.containerdTasks().resolve("default/" + ID + "/config.json"), "{\"annotations\":{}}");
        Path pod = host.roots.kubeletPods().resolve(UID);
        host.write(pod.resolve("etc-hosts"), "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost\n10.244.1.7\tcache-0\n");
        host.write(pod.resolve("volumes/kubernetes.io~projected/kube-api-access-x2x/namespace"), "infra\n");
        assertEquals(new ContainerInfo(ID, "", "", "containerd", "cache-0", "infra"), resolver.ofCgroupId(id));
    }

    @Test
    void crioFromItsOciSpecInContainersStorage() {
        String path = "/kubepods.slice/kubepods-pod" + UID.replace('-', '_') + ".slice/crio-" + ID + ".scope";
        long id = host.cgroup(path);
        host.write(host.roots.crioRun().resolve("overlay-containers/" + ID + "/userdata/config.json"),
                "{\"annotations\":{\"io.kubernetes.container.name\":\"worker\",\"io.kubernetes.cri-o.ImageName\":"
                        + "\"quay.io/x/worker:1\",\"io.kubernetes.pod.name\":\"worker-0\","
                        + "\"io.kubernetes.pod.namespace\":\"batch\"}}");
        assertEquals(new ContainerInfo(ID, "worker", "quay.io/x/worker:1", "cri-o", "worker-0", "batch"),
                resolver.ofCgroupId(id));
    }

    @Test
    void hostProcessesAreHostAndGoneOnesUnknown() {
        host.cgroup("/system.slice/ssh.service");
        host.process(1, "/system.slice/ssh.service");
        assertSame(ContainerInfo.HOST, resolver.ofPid(1));
        assertSame(ContainerInfo.UNKNOWN, resolver.ofPid(999), "no /proc/999: never guessed");
        assertSame(ContainerInfo.UNKNOWN, resolver.ofCgroupId(Long.MAX_VALUE), "an id in no cgroup");
    }

    @Test
    void aProcesssCgroupIsReadAgainOnlyAfterAWhile() {
        host.cgroup("/system.slice/ssh.service");
        host.cgroup(PODMAN_PATH);
        podmanContainer("web");
        host.process(50, "/system.slice/ssh.service");
        assertSame(ContainerInfo.HOST, resolver.ofPid(50));
        host.process(50, PODMAN_PATH); // joined the container, as runc's init does before its exec
        clock.addAndGet(ContainerResolver.PID_NANOS - 1);
        assertSame(ContainerInfo.HOST, resolver.ofPid(50), "as read a moment ago");
        clock.addAndGet(1);
        assertEquals("web", resolver.ofPid(50).name());
    }

    @Test
    void anExitedContainersEntryIsDroppedAtTheNextSweep() {
        long id = host.cgroup(PODMAN_PATH);
        podmanContainer("web");
        host.cgroup("/system.slice/ssh.service");
        assertEquals("web", resolver.ofCgroupId(id).name());
        assertEquals(1, resolver.cached());
        host.removeCgroup(PODMAN_PATH);
        clock.addAndGet(ContainerResolver.SWEEP_NANOS - 1);
        resolver.ofPid(999);
        assertEquals(1, resolver.cached(), "not swept before its time");
        clock.addAndGet(1);
        resolver.ofCgroupId(host.cgroup("/system.slice/ssh.service"));
        assertEquals(1, resolver.cached(), "the exited container's entry went, the host cgroup's came");
        assertSame(ContainerInfo.UNKNOWN, resolver.ofCgroupId(id));
    }

    @Test
    void aContainerTheRuntimeHadNoRecordOfIsAskedAgainLater() {
        long id = host.cgroup(PODMAN_PATH);
        assertEquals(new ContainerInfo(ID, "", "", "podman", "", ""), resolver.ofCgroupId(id));
        podmanContainer("late");
        assertEquals("", resolver.ofCgroupId(id).name(), "cached until the retry time");
        clock.addAndGet(ContainerResolver.SWEEP_NANOS);
        assertEquals("late", resolver.ofCgroupId(id).name());
    }

    @Test
    void runningListsEachContainerOnceByItsOutermostCgroup() {
        long outer = host.cgroup("/machine.slice/libpod-" + ID + ".scope");
        host.cgroup("/machine.slice/libpod-" + ID + ".scope/container");
        host.cgroup("/machine.slice/libpod-conmon-" + ID + ".scope");
        host.cgroup("/system.slice/ssh.service");
        podmanContainer("web");
        List<RunningContainer> running = resolver.running();
        assertEquals(1, running.size(), running.toString());
        assertEquals(outer, running.getFirst().cgroupId());
        assertEquals("web (podman 56373b6a7aa6)", running.getFirst().describe());
    }
}
