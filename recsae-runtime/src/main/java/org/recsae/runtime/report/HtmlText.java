package org.recsae.runtime.report;

/** Escaping for the two places run text meets HTML: element text and JSON inside a script element. */
final class HtmlText {
    private HtmlText() {
    }

    /** Text safe as element content or a quoted attribute value. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * JSON that cannot end its script element early or open a comment: {@code <}, {@code >} and {@code &} become
     * JSON escapes, which JSON.parse turns back into the same characters.
     */
    static String scriptJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
