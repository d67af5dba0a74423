package org.recsae.runtime.data;

/** How a log's id and time fields are read, by the local reader and the Spark capture alike. */
public final class IdText {
    private IdText() {
    }

    /**
     * The rule every log reader applies to an id or time field: a non-negative integer, also when written as an
     * integral decimal (timestamps sometimes come as "964982703.0"). Empty when the text breaks it.
     */
    public static java.util.OptionalLong value(String text) {
        String t = text == null ? "" : text.trim();
        long value;
        try {
            value = Long.parseLong(t);
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(t);
                if (d != Math.rint(d) || Double.isInfinite(d)) {
                    return java.util.OptionalLong.empty();
                }
                value = (long) d;
            } catch (NumberFormatException e2) {
                return java.util.OptionalLong.empty();
            }
        }
        return value < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(value);
    }

    /** What is wrong with a field {@link #value} refused. */
    public static String problem(String column, String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return "column '" + column + "' is empty; expected a non-negative integer";
        }
        boolean negative = t.startsWith("-") && value(t.substring(1)).isPresent();
        return negative ? "column '" + column + "' must not be negative, found " + t
                : "column '" + column + "' must be an integer, found \"" + t + "\"";
    }
}
