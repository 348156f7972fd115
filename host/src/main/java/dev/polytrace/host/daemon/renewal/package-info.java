/**
 * The renewal in place of an idle daemon: {@link dev.polytrace.host.daemon.renewal.Renewal} decides
 * and re-executes the daemon's command line; {@link dev.polytrace.host.daemon.renewal.Inheritance}
 * is what the new JVM takes over (listening sockets by descriptor, the
 * {@link dev.polytrace.host.daemon.renewal.Handover} through a pipe).
 */
package dev.polytrace.host.daemon.renewal;
