package dev.polytrace.host.tracer;

import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.rules.TracerRules;
import dev.polytrace.host.script.HandlerException;
import dev.polytrace.host.script.HandlerOptions;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.host.session.RunOptions;
import dev.polytrace.script.api.HandlerLog;
import dev.polytrace.script.metrics.MetricsRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything a front end decides about one tracer before it runs: what a command line, a REPL
 * {@code :load}, a deploy request or an embedding application turns its input into.
 *
 * @param pkg            the package, read once (its object parsed with it)
 * @param options        params, attach targets, map sizes, programs left out, notices, map printing
 * @param handler        the handler to start with; none runs the tracer straight into {@code output}
 * @param handlerOptions budgets and queue of the handler (and of any swapped in later)
 * @param metrics        the tracer's metrics, which outlive a swapped handler
 * @param log            the handler's {@code ctx.log}, stdout and stderr
 * @param output         where records (or, with a handler, what it emits), samples and maps go
 * @param delivery       whether the output also gets every record while a handler runs
 * @param sampleMaps     whether the package's sampled maps are sampled on their interval (the REPL
 *                       reads them on demand instead: a sampler that clears them would empty them)
 * @param warmUp         run the handler (or, without one, a throwaway output) on synthetic records
 *                       this long before attaching; zero for none
 * @param warmUpOutput   a throwaway output of the kind {@code output} is, for a warm-up without handler
 * @param onHandlerStop  called on the handler's thread when a handler stops before the run does
 * @param onAttached     called once the programs are attached, maybe before the handler is ready
 *                       (it starts meanwhile; the events from then on are kept for it)
 * @param rules          alert rules every record passes before the handler or the output, their
 *                       alerts written to {@code output} when it takes alerts; the front end closes them
 */
public record TracerRequest(TracerPackage pkg, RunOptions options, Optional<PackageHandler> handler,
                            HandlerOptions handlerOptions, MetricsRegistry metrics, HandlerLog log, EventSink output,
                            Delivery delivery, boolean sampleMaps, Duration warmUp,
                            Supplier<EventSink> warmUpOutput, Consumer<HandlerException> onHandlerStop,
                            Runnable onAttached, TracerRules rules) {
    /** Handler messages go to stderr unless a front end says where. */
    private static final HandlerLog STDERR = (level, message) -> System.err.println(message);

    public TracerRequest {
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(rules, "rules");
    }

    /** {@code pkg} with {@code options} into {@code output}, with the package's own handler and options. */
    public static TracerRequest of(TracerPackage pkg, RunOptions options, EventSink output) {
        return new TracerRequest(pkg, options, pkg.handler(), HandlerOptions.from(pkg.options()),
                new MetricsRegistry(), STDERR, output, Delivery.HANDLER_ONLY, true, Duration.ZERO,
                () -> EventSink.DISCARD, cause -> { }, () -> { }, TracerRules.NONE);
    }

    public TracerRequest withHandler(Optional<PackageHandler> first) {
        return with(d -> d.handler = first);
    }

    public TracerRequest withHandlerOptions(HandlerOptions budgets) {
        return with(d -> d.handlerOptions = budgets);
    }

    /** The handler's metrics registry and log. */
    public TracerRequest withHandlerServices(MetricsRegistry registry, HandlerLog handlerLog) {
        return with(d -> {
            d.metrics = registry;
            d.log = handlerLog;
        });
    }

    public TracerRequest withDelivery(Delivery to, boolean sampled) {
        return with(d -> {
            d.delivery = to;
            d.sampleMaps = sampled;
        });
    }

    public TracerRequest withWarmUp(Duration budget, Supplier<EventSink> throwawayOutput) {
        return with(d -> {
            d.warmUp = budget;
            d.warmUpOutput = throwawayOutput;
        });
    }

    public TracerRequest withHandlerStop(Consumer<HandlerException> listener) {
        return with(d -> d.onHandlerStop = listener);
    }

    public TracerRequest withAttachedListener(Runnable listener) {
        return with(d -> d.onAttached = listener);
    }

    public TracerRequest withRules(TracerRules checked) {
        return with(d -> d.rules = checked);
    }

    /** This request with some of its parts changed, checked as a new one is. */
    private TracerRequest with(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.build();
    }

    /** A request's parts while some of them are being changed; every wither goes through it. */
    private static final class Draft {
        private final TracerPackage pkg;
        private final RunOptions options;
        private Optional<PackageHandler> handler;
        private HandlerOptions handlerOptions;
        private MetricsRegistry metrics;
        private HandlerLog log;
        private final EventSink output;
        private Delivery delivery;
        private boolean sampleMaps;
        private Duration warmUp;
        private Supplier<EventSink> warmUpOutput;
        private Consumer<HandlerException> onHandlerStop;
        private Runnable onAttached;
        private TracerRules rules;

        Draft(TracerRequest r) {
            pkg = r.pkg;
            options = r.options;
            handler = r.handler;
            handlerOptions = r.handlerOptions;
            metrics = r.metrics;
            log = r.log;
            output = r.output;
            delivery = r.delivery;
            sampleMaps = r.sampleMaps;
            warmUp = r.warmUp;
            warmUpOutput = r.warmUpOutput;
            onHandlerStop = r.onHandlerStop;
            onAttached = r.onAttached;
            rules = r.rules;
        }

        TracerRequest build() {
            return new TracerRequest(pkg, options, handler, handlerOptions, metrics, log, output, delivery, sampleMaps,
                    warmUp, warmUpOutput, onHandlerStop, onAttached, rules);
        }
    }
}
