package dev.polytrace.bench;

import java.nio.file.Path;

/**
 * The consumer command line shared with bench/c/ringbuf_ref.c (see bench/README.md). {@code object}
 * is the BPF object for {@link RingbufConsumer} and the {@code .tracer.json} for {@link
 * TracerConsumer}; {@code handler} (TracerConsumer only) is null for no handler, {@code warmUpSeconds}
 * (TracerConsumer only) the handler engine's warm-up before attaching ({@code run --warm-up}).
 */
record BenchArgs(Path object, long recordsPerCall, long calls, Path workload, String mode, String name,
                 Path handler, long warmUpSeconds) {
    static final String USAGE = "usage: CONSUMER --object FILE --records-per-call K --calls N"
            + " --workload PATH --mode producer-bound|consumer-bound [--name NAME] [--handler FILE] [--warm-up SECONDS]";

    /** Parses the arguments, or prints why not and the usage and exits with status 2. */
    static BenchArgs parseOrExit(String consumer, String[] args) {
        try {
            return parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(consumer + ": " + e.getMessage());
            System.err.println(USAGE.replace("CONSUMER", consumer));
            System.exit(2);
            throw e; // not reached
        }
    }

    /** Parses the arguments; an {@link IllegalArgumentException} carries a one-line reason. */
    static BenchArgs parse(String[] args) {
        Path object = null;
        Path workload = null;
        String mode = null;
        String name = "java";
        Path handler = null;
        long warmUp = 0;
        long k = 0;
        long n = 0;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--object" -> object = Path.of(value);
                case "--records-per-call" -> k = positive(args[i], value);
                case "--calls" -> n = positive(args[i], value);
                case "--workload" -> workload = Path.of(value);
                case "--mode" -> mode = value;
                case "--name" -> name = value;
                case "--handler" -> handler = Path.of(value);
                case "--warm-up" -> warmUp = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (object == null || workload == null || mode == null || k == 0 || n == 0) {
            throw new IllegalArgumentException("missing option");
        }
        if (!mode.equals("producer-bound") && !mode.equals("consumer-bound")) {
            throw new IllegalArgumentException("unknown mode '" + mode + "'");
        }
        if (k > (1 << 23)) {
            throw new IllegalArgumentException("--records-per-call above bpf_loop's limit of 8388608");
        }
        return new BenchArgs(object, k, n, workload, mode, name, handler, warmUp);
    }

    private static long positive(String option, String value) {
        try {
            long v = Long.parseLong(value);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive integer, got '" + value + "'");
    }
}
