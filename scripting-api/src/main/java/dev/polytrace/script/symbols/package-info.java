/**
 * Address symbolization for handlers ({@code ctx.ksym}, {@code ctx.usym}): kernel symbols from
 * {@code /proc/kallsyms}, user symbols from {@code /proc/PID/maps} and the mapped files' ELF
 * symbol tables.
 */
package dev.polytrace.script.symbols;
