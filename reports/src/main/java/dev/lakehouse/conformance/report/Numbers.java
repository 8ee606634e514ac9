package dev.lakehouse.conformance.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Formats numbers for people: at most three decimals, no trailing zeros, no exponent. */
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

    public static String withUnit(Double value, String unit) {
        if (value == null) {
            return "";
        }
        return format(value) + (unit == null || unit.isBlank() ? "" : " " + unit);
    }
}
