package dev.polytrace.host.cli;

import dev.polytrace.host.output.TerminalText;
import dev.polytrace.host.pkg.PackageParam;
import dev.polytrace.host.pkg.TracerPackage;

/** {@code polytrace run PKG --help}: the package's description and params, like a tool's own --help. */
final class ParamsHelp {
    private ParamsHelp() {
    }

    static String render(TracerPackage pkg) {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: polytrace run ").append(pkg.name()).append(" [--param NAME=VALUE]... [--json] [--duration D]\n");
        if (pkg.description() != null && !pkg.description().isBlank()) {
            sb.append(TerminalText.line(pkg.description())).append('\n');
        }
        if (pkg.params().isEmpty()) {
            sb.append("\nThis tracer has no params.\n");
            return sb.toString();
        }
        sb.append("\nParams:\n");
        int width = pkg.params().stream().mapToInt(p -> p.name().length() + p.cType().length() + 3).max().orElse(10);
        for (PackageParam p : pkg.params()) {
            String left = p.name() + " (" + p.cType() + ")";
            sb.append(String.format("  %-" + width + "s  %s", left, TerminalText.line(p.help())));
            sb.append(" [default: ").append(TerminalText.line(String.valueOf(p.defaultValue()))).append(']');
            if (p.isRuntimeWritable()) {
                sb.append(" [changeable while running]");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
