package dev.polytrace.bpf;

/**
 * A perf event to sample on: type and config as in perf_event_attr, and either a frequency
 * (samples per second per CPU) or a period (events between samples).
 */
public record PerfEventSpec(int type, long config, long frequency, long period) {
    public static final int TYPE_HARDWARE = 0;
    public static final int TYPE_SOFTWARE = 1;
    public static final long SW_CPU_CLOCK = 0;
    public static final long HW_CPU_CYCLES = 0;

    public PerfEventSpec {
        if ((frequency > 0) == (period > 0)) {
            throw new IllegalArgumentException("give either a frequency or a period, not both or neither");
        }
    }

    /** CPU-clock sampling at {@code hertz} per CPU: works in VMs without hardware counters. */
    public static PerfEventSpec cpuClock(long hertz) {
        return new PerfEventSpec(TYPE_SOFTWARE, SW_CPU_CLOCK, hertz, 0);
    }

    public static PerfEventSpec cpuCycles(long period) {
        return new PerfEventSpec(TYPE_HARDWARE, HW_CPU_CYCLES, 0, period);
    }

    @Override
    public String toString() {
        String what = type == TYPE_SOFTWARE && config == SW_CPU_CLOCK ? "cpu-clock"
                : type == TYPE_HARDWARE && config == HW_CPU_CYCLES ? "cycles" : "perf " + type + ":" + config;
        return what + (frequency > 0 ? " @" + frequency + "Hz" : " every " + period);
    }
}
