package dev.polytrace.host.script;

/**
 * What a hot swap ({@link HandlerRuntime#replace}) handed from the old handler to the new one.
 *
 * @param state     what the old handler's {@code onExit} returned (plain data), passed to the new
 *                  one's {@code init}; null when nothing
 * @param exitError why the old handler's {@code onExit} gave no state (it threw, or ran past its
 *                  budget and was interrupted), or null when it returned; the swap went on either way
 */
public record HandOver(Object state, String exitError) {
    public static final HandOver NONE = new HandOver(null, null);
}
