package dev.ollamaperf.reports.render;

/** Escaping for the text formats; locale-free. */
final class Text {

    private Text() {}

    /** Escapes for XML attribute values and text; drops characters XML 1.0 cannot hold. */
    static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Escapes a Markdown table cell: pipes would split the cell, newlines would end the row. */
    static String cell(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
