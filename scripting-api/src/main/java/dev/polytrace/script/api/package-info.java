/**
 * The surface a handler sees as {@code ctx}: {@link dev.polytrace.script.api.HandlerContext} and
 * the host objects and proxies it exports, the {@link dev.polytrace.script.api.HandlerEnvironment}
 * the host implements, and {@link dev.polytrace.script.api.GuestValues}, the only place where
 * guest values become Java values and back. No {@code org.graalvm.polyglot.Value} leaves this
 * package.
 */
package dev.polytrace.script.api;
