package dev.polytrace.script.codec;

import static dev.polytrace.script.codec.Record.list;
import static dev.polytrace.script.codec.Record.map;

import java.util.Map;

/**
 * One {@code struct event} of btf_kinds.bpf.c (136 bytes) as bytes and as the value it decodes
 * to, shared by the decoder, encoder, text and table tests. Offsets are the ones clang laid out.
 */
final class EventSample {
    static final int SIZE = 136;

    private EventSample() {
    }

    static Record record() {
        return new Record(SIZE)
                .u32(0, 4242) // pid
                .u32(4, -7) // tid
                .str(8, "bash") // comm[16]
                .u16(24, -2).u64(32, -1234567890123L) // nested.s, nested.ll
                .u32(40, 0x3fc00000) // u: as_int; 1.5f; bytes 00 00 c0 3f
                .u32(44, 1).u32(48, 2).u32(52, 3).u32(56, -4).u32(60, -5).u32(64, -6) // matrix
                // bits: low=5 (3 bits), mid=17 (5 bits), negative=-3 (4 bits at 8), after=200, st=7 (8 bits at 24)
                .bytes(68, 5 | 17 << 3, 0b1101, 200, 7)
                .u64(72, 0xffff8880012a3b40L) // next
                .u64(80, 0) // label
                .u32(88, 4_000_000_000L) // alias (my_u32_alias)
                .u32(92, 1) // state
                .u8(96, 1) // ok
                .f64(104, 0.25) // ratio
                .u64(112, 0xffffffff81000000L) // callback
                .u32(120, 10).u32(124, -20) // point
                .u32(128, -2); // anonymous union: anon_int, anon_short
    }

    static byte[] bytes() {
        return record().array();
    }

    static Map<String, Object> value() {
        return map(
                "pid", 4242L,
                "tid", -7L,
                "comm", "bash",
                "nested", map("s", -2L, "ll", -1234567890123L),
                "u", map("as_int", 0x3fc00000L, "as_float", 1.5, "bytes", ""),
                "matrix", list(list(1L, 2L, 3L), list(-4L, -5L, -6L)),
                "bits", map("low", 5L, "mid", 17L, "negative", -3L, "after", 200L, "st", "RUN_DONE"),
                "next", "0xffff8880012a3b40",
                "label", "0x0000000000000000",
                "alias", 4_000_000_000L,
                "state", "RUN_RUNNING",
                "ok", true,
                "ratio", 0.25,
                "callback", "0xffffffff81000000",
                "point", map("x", 10L, "y", -20L),
                "anon_int", -2L,
                "anon_short", 65534L);
    }

    static final String TEXT = "{pid=4242, tid=-7, comm=bash, nested={s=-2, ll=-1234567890123}, "
            + "u={as_int=1069547520, as_float=1.5, bytes=}, matrix=[[1, 2, 3], [-4, -5, -6]], "
            + "bits={low=5, mid=17, negative=-3, after=200, st=RUN_DONE}, next=0xffff8880012a3b40, "
            + "label=0x0000000000000000, alias=4000000000, state=RUN_RUNNING, ok=true, ratio=0.25, "
            + "callback=0xffffffff81000000, point={x=10, y=-20}, anon_int=-2, anon_short=65534}";

    static final String JSON = "{\"pid\":4242,\"tid\":-7,\"comm\":\"bash\",\"nested\":{\"s\":-2,\"ll\":-1234567890123},"
            + "\"u\":{\"as_int\":1069547520,\"as_float\":1.5,\"bytes\":\"\"},\"matrix\":[[1,2,3],[-4,-5,-6]],"
            + "\"bits\":{\"low\":5,\"mid\":17,\"negative\":-3,\"after\":200,\"st\":\"RUN_DONE\"},"
            + "\"next\":\"0xffff8880012a3b40\",\"label\":\"0x0000000000000000\",\"alias\":4000000000,"
            + "\"state\":\"RUN_RUNNING\",\"ok\":true,\"ratio\":0.25,\"callback\":\"0xffffffff81000000\","
            + "\"point\":{\"x\":10,\"y\":-20},\"anon_int\":-2,\"anon_short\":65534}";
}
