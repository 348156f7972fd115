package dev.polytrace.host.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoded values as the prompt prints them: each language's notation, wrapped to the terminal. */
class ShownTest {
    private static Map<String, Object> event() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("pid", 42L);
        event.put("comm", "bash");
        event.put("ok", true);
        event.put("args", List.of(1L, new BigInteger("18446744073709551615")));
        event.put("parent", null);
        return event;
    }

    @Test
    void javaScriptNotation() {
        JavaDisplay js = new JavaDisplay(ReplLanguage.JS);
        assertEquals("{pid: 42, comm: \"bash\", ok: true, args: [1, 18446744073709551615], parent: null}",
                js.line(event()));
        assertEquals("bash", js.line("bash"));
        assertEquals("{\"odd key\": \"a\\\"b\\n\"}", js.line(Map.of("odd key", "a\"b\n")));
    }

    @Test
    void pythonNotation() {
        JavaDisplay py = new JavaDisplay(ReplLanguage.PYTHON);
        assertEquals("{'pid': 42, 'comm': 'bash', 'ok': True, 'args': [1, 18446744073709551615], 'parent': None}",
                py.line(event()));
    }

    @Test
    void longValuesWrapOneItemPerLine() {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(event());
        }
        String shown = Shown.layout(new JavaDisplay(ReplLanguage.JS).top(events), 100);
        assertEquals("""
                [
                  {pid: 42, comm: "bash", ok: true, args: [1, 18446744073709551615], parent: null},
                  {pid: 42, comm: "bash", ok: true, args: [1, 18446744073709551615], parent: null},
                  {pid: 42, comm: "bash", ok: true, args: [1, 18446744073709551615], parent: null}
                ]""", shown);
        assertEquals("[1, 2]", Shown.layout(new JavaDisplay(ReplLanguage.JS).top(List.of(1L, 2L)), 100));
    }

    @Test
    void hugeListsAreCut() {
        List<Long> many = new ArrayList<>();
        for (long i = 0; i < 250; i++) {
            many.add(i);
        }
        String shown = new JavaDisplay(ReplLanguage.JS).line(many);
        assertEquals("... 50 more]", shown.substring(shown.length() - "... 50 more]".length()));
    }
}
