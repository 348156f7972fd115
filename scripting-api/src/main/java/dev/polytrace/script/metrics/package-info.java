/**
 * Prometheus metrics that handlers create through {@code ctx.metrics}: a thread-safe
 * {@link dev.polytrace.script.metrics.MetricsRegistry} per tracer, owned by the host, which
 * validates names, caps label cardinality and writes the text exposition format.
 */
package dev.polytrace.script.metrics;
