package dev.polytrace.script.codec;

import static dev.polytrace.script.codec.RawBtf.BOOL;
import static dev.polytrace.script.codec.RawBtf.SIGNED;
import static dev.polytrace.script.codec.Record.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.script.codec.RawBtf.Member;
import java.math.BigInteger;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTableTest {
    private static final LocalTime TIME = LocalTime.of(14, 3, 7, 999_000_000);

    private final RawBtf raw = new RawBtf();
    private final BtfStruct execEvent = (BtfStruct) raw.type(raw.struct("exec_event", 56,
            Member.at("pid", raw.integer("int", 4, SIGNED), 0),
            Member.at("ts", raw.integer("unsigned long long", 8, 0), 8),
            Member.at("comm", raw.array(raw.integer("char", 1, SIGNED), 16), 16),
            Member.at("st", raw.enumeration("state", 4, false, "STARTING", 0, "RUNNING", 1, "EXITED", 2), 32),
            Member.at("ok", raw.integer("_Bool", 1, BOOL), 36),
            Member.at("pos", raw.struct("pos", 4, Member.at("x", raw.integer("short", 2, SIGNED), 0),
                    Member.at("y", raw.integer("short", 2, SIGNED), 2)), 38),
            Member.at("ret", raw.integer("long long", 8, SIGNED), 48)));

    @Test
    void theClockShowsSecondsAlsoOnTheMinute() {
        assertEquals("10:45:00", EventTable.clock(LocalTime.of(10, 45)));
        assertEquals("09:05:07", EventTable.clock(LocalTime.of(9, 5, 7, 999_000_000)));
    }

    @Test
    void widthsComeFromTheCTypes() {
        EventTable table = new EventTable(execEvent);

        String row = table.row(TIME, map("pid", 4242L, "ts", 123456789L, "comm", "bash", "st", "RUNNING", "ok", true,
                "pos", map("x", 1L, "y", -2L), "ret", -1L));

        assertEquals("""
                TIME     PID         TS                   COMM             ST       OK    POS                    RET
                14:03:07 4242        123456789            bash             RUNNING  true  {x=1, y=-2}            -1
                """, table.header() + "\n" + row + "\n");
    }

    @Test
    void extremeValuesStillAlignAndMissingFieldsShowDash() {
        EventTable table = new EventTable(execEvent);

        String row = table.row(LocalTime.of(23, 59, 59), map("pid", (long) Integer.MIN_VALUE, "ts",
                new BigInteger("18446744073709551615"), "comm", "0123456789abcdef", "st", "EXITED", "ok", false,
                "ret", 0L));

        assertEquals("""
                TIME     PID         TS                   COMM             ST       OK    POS                    RET
                23:59:59 -2147483648 18446744073709551615 0123456789abcdef EXITED   false -                      0
                """, table.header() + "\n" + row + "\n");
    }

    @Test
    void untypedColumnsAreAtLeastEightWideAndOverflowRatherThanCut() {
        EventTable table = new EventTable(List.of("pid", "filename"));

        assertEquals("TIME     PID      FILENAME", table.header());
        assertEquals("14:03:07 1        /etc/passwd", table.row(TIME, map("pid", 1L, "filename", "/etc/passwd",
                "ignored", 3L)));
        assertEquals("14:03:07 123456789012 x", table.row(TIME, map("pid", 123456789012L, "filename", "x")));
    }

    @Test
    void realEventColumnsAlignWithTheHeader() {
        BtfStruct event = KindsTypes.struct("event");
        EventTable table = new EventTable(event);
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) new BtfCodec().decode(event, EventSample.bytes());

        assertEquals(List.of("pid", "tid", "comm", "nested", "u", "matrix", "bits", "next", "label", "alias", "state",
                "ok", "ratio", "callback", "point", "anon_int", "anon_short"), table.columns());
        String header = table.header();
        String row = table.row(TIME, value);
        for (String column : table.columns()) {
            int at = header.indexOf(" " + column.toUpperCase() + " ") + 1;
            if (at == 0) {
                at = header.lastIndexOf(" " + column.toUpperCase()) + 1;
            }
            assertTrue(row.startsWith(ValueText.column(value.get(column)), at), column + " at " + at + "\n" + header
                    + "\n" + row);
            assertEquals(' ', row.charAt(at - 1), column);
        }
    }
}
