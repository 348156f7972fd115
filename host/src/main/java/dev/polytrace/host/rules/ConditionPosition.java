package dev.polytrace.host.rules;

import dev.cel.common.CelIssue;
import dev.cel.common.CelSourceLocation;
import dev.polytrace.host.rules.ConditionExpander.Expanded;

/**
 * Where in a condition as written a CEL error is: CEL reports a line and column of the expanded
 * text; this maps them back to the condition's own line and column, or names the list or macro
 * the error is inside.
 */
final class ConditionPosition {
    private ConditionPosition() {
    }

    /** Lines below the condition's key: 0 on a one-line condition; a block scalar's first line is 1. */
    static int lineWithin(Expanded expanded, String original, CelIssue issue) {
        int offset = originalOffset(expanded, issue);
        if (offset < 0 || !original.contains("\n")) {
            return 0;
        }
        return 1 + (int) original.substring(0, offset).chars().filter(c -> c == '\n').count();
    }

    /** ", column 12" or " (in macro 'x')"; empty when CEL gave no position. */
    static String describe(Expanded expanded, String original, CelIssue issue) {
        int expandedOffset = expandedOffset(expanded.text(), issue.getSourceLocation());
        if (expandedOffset < 0) {
            return "";
        }
        int offset = expanded.originalOffset(expandedOffset);
        if (offset < 0) {
            String name = expanded.nameAt(expandedOffset);
            return name == null ? "" : " (in '" + name + "', expanded here)";
        }
        int lineStart = original.lastIndexOf('\n', offset - 1) + 1;
        return ", column " + (offset - lineStart + 1);
    }

    private static int originalOffset(Expanded expanded, CelIssue issue) {
        int expandedOffset = expandedOffset(expanded.text(), issue.getSourceLocation());
        return expandedOffset < 0 ? -1 : expanded.originalOffset(expandedOffset);
    }

    /** CEL's lines count from 1, its columns from 0. */
    private static int expandedOffset(String text, CelSourceLocation location) {
        if (location == null || location.equals(CelSourceLocation.NONE) || location.getLine() < 1) {
            return -1;
        }
        int offset = 0;
        for (int line = 1; line < location.getLine(); line++) {
            offset = text.indexOf('\n', offset) + 1;
            if (offset == 0) {
                return -1;
            }
        }
        return Math.min(offset + Math.max(0, location.getColumn()), Math.max(0, text.length() - 1));
    }
}
