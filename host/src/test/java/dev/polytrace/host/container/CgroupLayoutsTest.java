package dev.polytrace.host.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Cgroup paths as each runtime and cgroup driver writes them, recorded from real hosts. */
class CgroupLayoutsTest {
    private static final String ID = "2aebd8d5c2d6dbe4cde2df1c6b4649a132dc2dfc0089bcc0ed6a709ffa6c4090";
    private static final String UID = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";

    private static ContainerCgroup parsed(String path) {
        return CgroupLayouts.parse(path).orElseThrow(() -> new AssertionError("not recognised: " + path));
    }

    @Test
    void podmanUnderCgroupfsAndSystemd() {
        assertEquals(new ContainerCgroup("podman", ID, ""), parsed("/libpod_parent/libpod-" + ID));
        assertEquals(new ContainerCgroup("podman", ID, ""), parsed("/machine.slice/libpod-" + ID + ".scope"));
        assertEquals(new ContainerCgroup("podman", ID, ""),
                parsed("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + ID + ".scope/container"));
    }

    @Test
    void dockerUnderCgroupfsAndSystemd() {
        assertEquals(new ContainerCgroup("docker", ID, ""), parsed("/docker/" + ID));
        assertEquals(new ContainerCgroup("docker", ID, ""), parsed("/system.slice/docker-" + ID + ".scope"));
    }

    @Test
    void kubernetesPodsGiveTheRuntimeTheContainerAndThePodUid() {
        String systemdUid = UID.replace('-', '_');
        assertEquals(new ContainerCgroup("containerd", ID, UID), parsed("/kubepods.slice/kubepods-burstable.slice/"
                + "kubepods-burstable-pod" + systemdUid + ".slice/cri-containerd-" + ID + ".scope"));
        assertEquals(new ContainerCgroup("cri-o", ID, UID), parsed("/kubepods.slice/kubepods-besteffort.slice/"
                + "kubepods-besteffort-pod" + systemdUid + ".slice/crio-" + ID + ".scope"));
        assertEquals(new ContainerCgroup("containerd", ID, UID),
                parsed("/kubepods.slice/kubepods-pod" + systemdUid + ".slice/cri-containerd-" + ID + ".scope"));
        assertEquals(new ContainerCgroup("containerd", ID, UID), parsed("/kubepods/burstable/pod" + UID + "/" + ID));
        assertEquals(new ContainerCgroup("containerd", ID, UID), parsed("/kubepods/pod" + UID + "/" + ID));
    }

    @Test
    void crioAndContainerdOutsidePods() {
        assertEquals(new ContainerCgroup("cri-o", ID, ""), parsed("/machine.slice/crio-" + ID + ".scope"));
        assertEquals(new ContainerCgroup("containerd", ID, ""), parsed("/system.slice/cri-containerd-" + ID + ".scope"));
    }

    @Test
    void hostCgroupsAndMonitorsAreNoContainers() {
        for (String path : List.of("/", "/system.slice/ssh.service", "/user.slice/user-0.slice/session-3.scope",
                "/libpod_parent/conmon", "/machine.slice/libpod-conmon-" + ID + ".scope",
                "/kubepods.slice/kubepods-burstable.slice", "/system.slice/crio-conmon-" + ID + ".scope",
                "/docker/notanid")) {
            assertEquals(Optional.empty(), CgroupLayouts.parse(path), path);
        }
    }

    @Test
    void procCgroupPrefersTheV2EntryThenNameSystemd() {
        String hybrid = "9:name=systemd:/libpod_parent/libpod-" + ID + "\n1:cpu:/x\n0::/libpod_parent/libpod-" + ID + "\n";
        assertEquals(Optional.of("/libpod_parent/libpod-" + ID), ProcessCgroup.parse(hybrid));
        assertEquals(Optional.of("/docker/" + ID), ProcessCgroup.parse("4:memory:/other\n1:name=systemd:/docker/" + ID + "\n"));
        assertEquals(Optional.of("/"), ProcessCgroup.parse("0::/\n"));
        assertTrue(ProcessCgroup.parse("").isEmpty());
    }

    @Test
    void theV2MountIsFoundInMountinfo() {
        List<String> hybrid = List.of(
                "25 24 0:22 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755",
                "26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid shared:5 - cgroup2 cgroup2 rw",
                "27 25 0:24 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,name=systemd");
        assertEquals(Path.of("/sys/fs/cgroup/unified"), CgroupMount.v2Root(hybrid));
        assertEquals(Path.of("/sys/fs/cgroup"), CgroupMount.v2Root(
                List.of("30 24 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate")));
    }
}
