package dev.polytrace.script.api;

import dev.polytrace.script.symbols.Addresses;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The {@code ctx} a handler receives: everything it may reach of the host, as members exported
 * with {@link HostAccess.Export} (the host builds contexts with {@code HostAccess.CONSTRAINED},
 * so nothing else is visible). One per handler context, used on that context's thread.
 * Declared for handler authors in {@code polytrace.d.ts} and {@code polytrace.pyi}.
 */
public final class HandlerContext {
    /** {@code ctx.params}: the tracer's parameters, read-only. */
    @HostAccess.Export
    public final Object params;
    /** {@code ctx.maps}: the tracer's maps by name. */
    @HostAccess.Export
    public final Object maps;
    /** {@code ctx.metrics}: Prometheus counters, gauges and histograms. */
    @HostAccess.Export
    public final ContextMetrics metrics;
    /** {@code ctx.hist}: BCC-style text histograms. */
    @HostAccess.Export
    public final ContextHistograms hist;
    /** {@code ctx.log}: messages to the host's log. */
    @HostAccess.Export
    public final ContextLog log;

    private final HandlerEnvironment env;

    public HandlerContext(HandlerEnvironment env) {
        this.env = Objects.requireNonNull(env, "env");
        this.params = new ContextParams(env::params);
        this.maps = new ContextMaps(env::object);
        this.metrics = new ContextMetrics(env::metrics);
        this.hist = new ContextHistograms();
        this.log = new ContextLog(env::log);
    }

    /**
     * Sends a record to the run's output (table, JSON Lines, daemon stream). The record is an
     * object (JS) or dict (Python) of JSON-like values, at most {@link HandlerEnvironment#maxEmitBytes}
     * as JSON; it is copied, so the handler may reuse it.
     */
    @HostAccess.Export
    public void emit(Value record) {
        Map<String, Object> converted = GuestValues.recordToJava(record, "emit", env.maxEmitBytes());
        env.emit(converted);
    }

    /** {@code func+0x1a} for a kernel address, or the address in hex when unknown. */
    @HostAccess.Export
    public String ksym(Value address) {
        return env.symbolizer().ksym(address(address, "ctx.ksym"));
    }

    /** {@code func+0x10 (libc.so.6)} for an address in process {@code pid}, or the address in hex. */
    @HostAccess.Export
    public String usym(Value pid, Value address) {
        return env.symbolizer().usym(pid(pid), address(address, "ctx.usym"));
    }

    /**
     * Wall-clock time in nanoseconds since the Unix epoch, from the JVM's clock (microsecond
     * resolution or better). In JS the number is exact to about 256 ns only: values near 1.7e18
     * exceed the 53 bits a double holds exactly.
     */
    @HostAccess.Export
    public long now() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * Nanoseconds of the monotonic clock that BPF programs read with {@code bpf_ktime_get_ns()}
     * (CLOCK_MONOTONIC, which the JVM's {@code System.nanoTime()} uses on Linux), to compare with
     * timestamps in events.
     */
    @HostAccess.Export
    public long ktime() {
        return System.nanoTime();
    }

    private static long address(Value value, String where) {
        try {
            return Addresses.parse(GuestValues.toJava(value, where));
        } catch (IllegalArgumentException e) {
            throw new HandlerValueException(where + ": " + e.getMessage(), e);
        }
    }

    private static int pid(Value value) {
        Object pid = GuestValues.toJava(value, "ctx.usym pid");
        if (pid instanceof Long l && l > 0 && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        throw new HandlerValueException("ctx.usym: pid must be a positive whole number, got " + pid);
    }
}
