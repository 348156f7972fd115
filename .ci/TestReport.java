import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads the Surefire reports of one or more runs of the suite and prints what a green summary
 * line can hide: every skipped test with its reason, and every test that failed in any run.
 * Exits 1 when a test failed or was skipped for a reason other than a kernel fact
 * ("kernel lacks ...", see KernelFacts): a skip for a missing tool, root or device is a hole in
 * the suite, not a property of the kernel.
 *
 * <pre>
 *   java .ci/TestReport.java ROOT            the reports under ROOT/MODULE/target/surefire-reports
 *   java .ci/TestReport.java --runs DIR      DIR/run-1/..., DIR/run-2/...: one directory per run
 * </pre>
 */
public final class TestReport {
    private static final String KERNEL_SKIP = "kernel lacks ";

    record Outcome(String test, String kind, String message, double seconds) {
    }

    record Run(String name, List<Outcome> outcomes) {
        long count(String kind) {
            return outcomes.stream().filter(o -> o.kind.equals(kind)).count();
        }
    }

    public static void main(String[] args) throws Exception {
        List<Run> runs = new ArrayList<>();
        if (args.length == 2 && args[0].equals("--runs")) {
            try (Stream<Path> dirs = Files.list(Path.of(args[1]))) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted(TestReport::byRunNumber).toList()) {
                    runs.add(new Run(dir.getFileName().toString(), outcomes(dir)));
                }
            }
        } else if (args.length == 1) {
            runs.add(new Run("this run", moduleOutcomes(Path.of(args[0]))));
        } else {
            System.err.println("usage: TestReport ROOT | --runs DIR");
            System.exit(2);
        }
        System.exit(report(runs) ? 0 : 1);
    }

    private static boolean report(List<Run> runs) {
        boolean ok = true;
        System.out.println();
        System.out.println("== Test report ==");
        for (Run run : runs) {
            System.out.printf("%-10s %4d tests, %d failed, %d skipped, %.0f s in tests%n", run.name,
                    run.outcomes.size(), run.count("failed"), run.count("skipped"),
                    run.outcomes.stream().mapToDouble(Outcome::seconds).sum());
            if (run.outcomes.isEmpty()) {
                System.out.println("           no reports: the build failed before the tests (see its log)");
                ok = false;
            }
        }
        Map<String, List<String>> failed = new TreeMap<>();
        Map<String, String> skipped = new TreeMap<>();
        for (Run run : runs) {
            for (Outcome o : run.outcomes) {
                if (o.kind.equals("failed")) {
                    failed.computeIfAbsent(o.test, t -> new ArrayList<>()).add(run.name + ": " + o.message);
                } else if (o.kind.equals("skipped")) {
                    skipped.merge(o.test, o.message, (a, b) -> a.equals(b) ? a : a + " | " + b);
                }
            }
        }
        System.out.println();
        System.out.println("Failed in any run: " + (failed.isEmpty() ? "none" : failed.size()));
        failed.forEach((test, where) -> {
            System.out.println("  FAIL " + test + " (" + where.size() + " of " + runs.size() + " runs)");
            where.forEach(w -> System.out.println("       " + w));
        });
        ok &= failed.isEmpty();
        System.out.println("Skipped: " + (skipped.isEmpty() ? "none" : skipped.size()));
        for (Map.Entry<String, String> e : skipped.entrySet()) {
            boolean kernel = e.getValue().startsWith(KERNEL_SKIP);
            System.out.println("  " + (kernel ? "skip " : "BAD  ") + e.getKey() + ": " + e.getValue());
            ok &= kernel;
        }
        if (!ok) {
            System.out.println("The suite is not clean: a failure, or a skip that is not a missing kernel feature.");
        }
        return ok;
    }

    /** The reports of the modules of the reactor at {@code root}: ROOT/MODULE/target/surefire-reports. */
    private static List<Outcome> moduleOutcomes(Path root) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path reports : modules.map(m -> m.resolve("target/surefire-reports")).filter(Files::isDirectory)
                    .sorted().toList()) {
                outcomes.addAll(outcomes(reports));
            }
        }
        return outcomes;
    }

    private static List<Outcome> outcomes(Path root) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        List<Path> reports;
        try (Stream<Path> files = Files.walk(root, 6)) {
            reports = files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml"))
                    .filter(p -> !p.toString().contains("/.git/")).sorted().toList();
        }
        for (Path report : reports) {
            outcomes.addAll(read(report));
        }
        return outcomes;
    }

    private static List<Outcome> read(Path report) {
        try {
            Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile())
                    .getDocumentElement();
            List<Outcome> outcomes = new ArrayList<>();
            NodeList cases = suite.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                String test = shortClass(c.getAttribute("classname")) + "." + c.getAttribute("name");
                double seconds = c.getAttribute("time").isEmpty() ? 0 : Double.parseDouble(c.getAttribute("time"));
                outcomes.add(new Outcome(test, kind(c), message(c), seconds));
            }
            return outcomes;
        } catch (Exception e) {
            throw new IllegalStateException(report + ": not a readable Surefire report: " + e.getMessage(), e);
        }
    }

    private static String kind(Element c) {
        if (first(c, "failure") != null || first(c, "error") != null) {
            return "failed";
        }
        return first(c, "skipped") != null ? "skipped" : "passed";
    }

    private static String message(Element c) {
        for (String tag : List.of("failure", "error", "skipped")) {
            Element e = first(c, tag);
            if (e != null) {
                String m = e.getAttribute("message");
                if (m.isEmpty()) {
                    m = e.getTextContent().lines().findFirst().orElse("");
                }
                String line = m.lines().findFirst().orElse("").strip();
                return line.replaceFirst("^[\\w.$]+(Exception|Error): ", "").replaceFirst("^Assumption failed: ", "");
            }
        }
        return "";
    }

    private static Element first(Element parent, String tag) {
        NodeList list = parent.getElementsByTagName(tag);
        return list.getLength() == 0 ? null : (Element) list.item(0);
    }

    private static String shortClass(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static int byRunNumber(Path a, Path b) {
        return Integer.compare(number(a), number(b));
    }

    private static int number(Path run) {
        String digits = run.getFileName().toString().replaceAll("\\D", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }
}
