package dev.ollamaperf.emulator.engine;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** Reads {@link FaultPlan}'s text form; every error names the part it could not read. */
final class FaultPlanParser {

    private FaultPlanParser() {}

    static FaultPlan parse(String text) {
        if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("none")) {
            return FaultPlan.NONE;
        }
        FaultPlan.Builder builder = FaultPlan.builder();
        Set<String> seen = new HashSet<>();
        for (String rawPart : text.split(",")) {
            String part = rawPart.strip();
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw bad(
                        part,
                        "must be <kind>=<value> with kind one of error, busy, stall, drop, slowload, spike, fail");
            }
            String kind = part.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
            String value = part.substring(eq + 1).strip();
            // busy may appear twice, once per mode (every and window); every other kind once
            String key = kind.equals("busy") ? "busy=" + value.split(":", 2)[0] : kind;
            if (!seen.add(key)) {
                throw bad(part, "names fault '" + key + "' a second time");
            }
            try {
                apply(builder, kind, value, part);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("fault plan part")) {
                    throw e;
                }
                throw bad(part, e.getMessage());
            }
        }
        return builder.build();
    }

    private static void apply(FaultPlan.Builder builder, String kind, String value, String part) {
        if (kind.equals("fail")) {
            // model names hold ':' (the tag), so this part is split on '+' only
            for (String model : value.split("\\+", -1)) {
                builder.failModel(model);
            }
            return;
        }
        String[] fields = value.split(":", -1);
        switch (kind) {
            case "error":
                expectFields(part, fields, 1, "error=<ratio>");
                builder.errorRatio(ratio(part, fields[0]));
                break;
            case "busy":
                busy(builder, fields, part);
                break;
            case "stall":
                expectFields(part, fields, 3, "stall=<ratio>:after=<k>:for=<duration>");
                builder.stall(
                        ratio(part, fields[0]),
                        count(part, option(part, fields[1], "after")),
                        duration(part, option(part, fields[2], "for")));
                break;
            case "drop":
                expectFields(part, fields, 2, "drop=<ratio>:after=<k>");
                builder.drop(ratio(part, fields[0]), count(part, option(part, fields[1], "after")));
                break;
            case "slowload":
                slowLoad(builder, fields, part);
                break;
            case "spike":
                expectFields(part, fields, 2, "spike=<probability>:<duration>");
                builder.spikes(ratio(part, fields[0]), duration(part, fields[1]));
                break;
            default:
                throw bad(
                        part,
                        "unknown fault kind '" + kind + "'; known: error, busy, stall, drop, slowload, spike, fail");
        }
    }

    private static void busy(FaultPlan.Builder builder, String[] fields, String part) {
        expectFields(part, fields, 2, "busy=every:<n> or busy=window:<on>/<period>");
        if (fields[0].equals("every")) {
            int n = count(part, fields[1]);
            if (n < 1) {
                throw bad(part, "every must be 1 or more, got: " + n);
            }
            builder.busyEvery(n);
        } else if (fields[0].equals("window")) {
            String[] window = fields[1].split("/", -1);
            if (window.length != 2) {
                throw bad(part, "window must be <on>/<period> such as 2s/10s, got: " + fields[1]);
            }
            Duration period = duration(part, window[1]);
            if (period.isZero()) {
                throw bad(part, "window period must be more than 0, got: " + window[1]);
            }
            builder.busyWindow(duration(part, window[0]), period);
        } else {
            throw bad(part, "must be busy=every:<n> or busy=window:<on>/<period>, got: " + fields[0]);
        }
    }

    private static void slowLoad(FaultPlan.Builder builder, String[] fields, String part) {
        if (fields.length > 2) {
            throw bad(part, "must be slowload=<f>x[+<duration>][:ratio=<r>]");
        }
        double ratio = fields.length == 2 ? ratio(part, option(part, fields[1], "ratio")) : 1;
        String spec = fields[0];
        double factor = 1;
        Duration extra = Duration.ZERO;
        int plus = spec.indexOf('+');
        String factorText = plus >= 0 ? spec.substring(0, plus) : spec;
        if (plus >= 0) {
            extra = duration(part, spec.substring(plus + 1));
        }
        if (!factorText.isEmpty()) {
            if (!factorText.endsWith("x")) {
                throw bad(part, "factor must end in 'x' such as 3x, got: " + factorText);
            }
            factor = number(part, factorText.substring(0, factorText.length() - 1));
        } else if (plus < 0) {
            throw bad(part, "must give a factor (3x) or an extra time (+2s)");
        }
        builder.slowLoad(ratio, factor, extra);
    }

    private static void expectFields(String part, String[] fields, int count, String form) {
        if (fields.length != count) {
            throw bad(part, "must be " + form);
        }
    }

    private static String option(String part, String field, String name) {
        String prefix = name + "=";
        if (!field.startsWith(prefix)) {
            throw bad(part, "expected " + prefix + "<value>, got: " + field);
        }
        return field.substring(prefix.length());
    }

    private static double ratio(String part, String text) {
        double value = number(part, text);
        if (!(value >= 0 && value <= 1)) {
            throw bad(part, "ratio must be between 0 and 1, got: " + text);
        }
        return value;
    }

    private static double number(String part, String text) {
        try {
            double value = Double.parseDouble(text);
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw bad(part, "must be a number, got: " + text);
        }
    }

    private static int count(String part, String text) {
        try {
            int value = Integer.parseInt(text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw bad(part, "must be a whole number of 0 or more, got: " + text);
        }
    }

    private static Duration duration(String part, String text) {
        try {
            Duration value = GoDuration.parse(text);
            if (value.isNegative()) {
                throw bad(part, "duration must not be negative, got: " + text);
            }
            return value;
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("fault plan part")) {
                throw e;
            }
            throw bad(part, "must be a duration such as 2s or 500ms, got: " + text);
        }
    }

    private static IllegalArgumentException bad(String part, String rule) {
        return new IllegalArgumentException("fault plan part '" + part + "': " + rule);
    }
}
