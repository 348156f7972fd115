package dev.polytrace.bpf;

/** What the kernel says about a map (bpf_obj_get_info_by_fd). */
public record MapInfo(String name, int id, MapType type, int keySize, int valueSize, int maxEntries, int flags,
        int btfKeyTypeId, int btfValueTypeId) {
}
