package dev.lakehouse.conformance.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Formats numbers for people: at most three decimals (tooltips: every digit), no trailing zeros, no exponent. */
public final class Numbers {
    private Numbers() {
    }

    public static String format(Double value) {
        if (value == null) {
            return "";
        }
        if (value.isNaN() || value.isInfinite()) {
            return value.toString();
        }
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** The value as recorded, to the last digit (the shortest decimal that reads back as the same double), no exponent. */
    public static String exact(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    public static String withUnit(Double value, String unit) {
        if (value == null) {
            return "";
        }
        return format(value) + (unit == null || unit.isBlank() ? "" : " " + unit);
    }
}
