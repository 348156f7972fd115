package dev.polytrace.bpf;

import java.util.ArrayList;
import java.util.List;

/**
 * A load the kernel refused. Keeps libbpf's whole output for the load (which contains the
 * verifier log) and a short summary of its last meaningful lines for one-line reports.
 */
public final class VerifierException extends BpfException {
    private static final int SUMMARY_LINES = 3;

    private final String log;
    private final String summary;

    public VerifierException(String operation, int errno, String log) {
        super(operation, errno, summarize(log));
        this.log = log == null ? "" : log;
        this.summary = summarize(log);
    }

    /** libbpf's complete output for the failed load, including the verifier log. */
    public String log() {
        return log;
    }

    /** The last few lines of the verifier log that say why, e.g. "R1 invalid mem access 'scalar'". */
    public String summary() {
        return summary;
    }

    static String summarize(String log) {
        if (log == null || log.isBlank()) {
            return "";
        }
        int end = log.indexOf("-- END PROG LOAD LOG --");
        if (end < 0) {
            return lastLibbpfLines(log);
        }
        int begin = log.lastIndexOf("-- BEGIN PROG LOAD LOG --", end);
        String header = begin < 0 ? "" : log.substring(log.lastIndexOf('\n', begin) + 1, begin);
        String program = header.contains("prog '") ? header.substring(header.indexOf("prog '"), header.indexOf("':") + 1) + ": " : "";
        List<String> body = log.substring(begin < 0 ? 0 : begin + 26, end).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("processed ") && !l.startsWith("verification time")
                        && !l.startsWith("stack depth"))
                .toList();
        if (body.isEmpty()) {
            return program + lastLibbpfLines(log);
        }
        String verdict = body.get(body.size() - 1);
        // The verifier annotates instructions with "; <source> @ file:line": name where it failed.
        for (int i = body.size() - 2; i >= 0; i--) {
            String line = body.get(i);
            int at = line.lastIndexOf(" @ ");
            if (line.startsWith(";") && at > 0) {
                String code = line.substring(1, at).strip();
                int comment = code.indexOf("//");
                code = comment >= 0 ? code.substring(0, comment).strip() : code;
                return program + verdict + " at " + line.substring(at + 3) + (code.isEmpty() ? "" : " (" + code + ")");
            }
        }
        return program + verdict;
    }

    private static String lastLibbpfLines(String log) {
        List<String> useful = new ArrayList<>();
        for (String line : log.split("\n")) {
            String trimmed = line.strip().replaceFirst("^libbpf: ", "");
            if (!trimmed.isEmpty() && !trimmed.startsWith("failed to load object")) {
                useful.add(trimmed);
            }
        }
        int from = Math.max(0, useful.size() - SUMMARY_LINES);
        return String.join(" | ", useful.subList(from, useful.size()));
    }
}
