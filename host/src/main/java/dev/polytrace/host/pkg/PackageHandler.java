package dev.polytrace.host.pkg;

/** A handler shipped inside the package: {@code language} is "js" or "python". */
public record PackageHandler(String language, String fileName, String source) {
    public static final String JS = "js";
    public static final String PYTHON = "python";

    /** "js" for .js/.mjs, "python" for .py, null otherwise. */
    public static String languageOf(String fileName) {
        if (fileName.endsWith(".js") || fileName.endsWith(".mjs")) {
            return JS;
        }
        return fileName.endsWith(".py") ? PYTHON : null;
    }
}
