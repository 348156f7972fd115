package dev.polytrace.host.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TerminalTextTest {
    @Test
    void controlAndFormatCharactersBecomeVisible() {
        assertEquals("\\x1b[2Jgone", TerminalText.line("\u001b[2Jgone"));
        assertEquals("a\\nb\\r\\tc", TerminalText.line("a\nb\r\tc"));
        assertEquals("a\nb\\r\tc", TerminalText.block("a\nb\r\tc"));
        assertEquals("\\x9b1m \\x7f \\u{202e}", TerminalText.line("\u009b1m \u007f \u202e"));
        assertEquals("plain text, caf\u00e9 \u2713", TerminalText.line("plain text, caf\u00e9 \u2713"));
        assertEquals("", TerminalText.line(null));
    }
}
