package dev.polytrace.host.repl;

import dev.polytrace.host.maps.TextTable;
import dev.polytrace.bpf.GlobalVariable;
import dev.polytrace.host.input.UserError;
import dev.polytrace.host.pkg.PackageParam;
import dev.polytrace.host.session.ParamBinder;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code :params} and {@code :set}: the object's global variables with their values as the
 * programs see them now. {@code .bss} and {@code .data} are mapped into this process and can be
 * written while the programs run; {@code .rodata} was frozen by the kernel at load.
 */
final class VariableTable {
    private VariableTable() {
    }

    static String render(LoadedTracer tracer, JavaDisplay display) {
        TextTable table = new TextTable("NAME", "TYPE", "SECTION", "VALUE", "CHANGE", "HELP");
        for (GlobalVariable v : tracer.variables()) {
            String value = tracer.variableValue(v.name()).map(display::line).orElse("?");
            String help = tracer.pkg().param(v.name()).map(PackageParam::help)
                    .map(h -> h.lines().collect(Collectors.joining(" "))).orElse("");
            table.row(v.name(), v.type().cName(), v.section(), value, v.isConstant() ? "fixed at load" : ":set", help);
        }
        return table.size() == 0 ? tracer.name() + " has no global variables\n" : table.render();
    }

    /** Writes {@code text} into the variable, typed by its C type; returns the value read back. */
    static String set(LoadedTracer tracer, String name, String text, JavaDisplay display) {
        List<GlobalVariable> variables = tracer.variables();
        GlobalVariable variable = variables.stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new UserError("no variable '" + name + "' in " + tracer.name() + "; variables: "
                        + variables.stream().map(GlobalVariable::name).collect(Collectors.joining(", "))));
        if (variable.isConstant()) {
            throw new UserError(name + " is in " + variable.section() + ": fixed at load, the kernel froze it;"
                    + " set it with :load " + tracer.pkg().origin() + " --param " + name + "=" + text);
        }
        try {
            ParamBinder.set(variable, text);
        } catch (UserError e) {
            String prefix = "--param " + name + "=" + text + ": ";
            String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length())
                    : e.getMessage();
            throw new UserError(":set " + name + " " + text + ": " + message);
        }
        return name + " = " + tracer.variableValue(name).map(display::line).orElse(text);
    }
}
