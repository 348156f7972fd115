package dev.polytrace.script.api;

/** Severity of a handler's log line ({@code ctx.log.info(...)}). */
public enum LogLevel {
    DEBUG, INFO, WARN, ERROR
}
