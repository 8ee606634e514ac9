package dev.lakehouse.conformance.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TpchScaleTest {

    @ParameterizedTest
    @CsvSource({
            "tiny, TINY", "sf0.01, TINY", "0.01, TINY", " TINY , TINY",
            "0.1, SF0_1", "sf0.1, SF0_1", "SF0.1, SF0_1",
            "1, SF1", "sf1, SF1",
            "10, SF10", "sf10, SF10"})
    void parsesEverySpelling(String value, TpchScale expected) {
        assertThat(TpchScale.parse(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void unsetMeansTiny(String value) {
        assertThat(TpchScale.parse(value)).isEqualTo(TpchScale.TINY).isEqualTo(TpchScale.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "sf100", "0.5", "huge", "1.0"})
    void rejectsOtherValuesNamingTheSettingAndTheChoices(String value) {
        assertThatThrownBy(() -> TpchScale.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining("lakehouse.datasets.tpch-scale")
                .hasMessageContaining("tiny")
                .hasMessageContaining("0.1")
                .hasMessageContaining("sf10");
    }

    @ParameterizedTest
    @CsvSource({"TINY, tiny, 0.01", "SF0_1, sf0.1, 0.1", "SF1, sf1, 1", "SF10, sf10, 10"})
    void mapsToTheTpchConnectorSchema(TpchScale scale, String schema, double scaleFactor) {
        assertThat(scale.tpchSchema()).isEqualTo(schema);
        assertThat(scale.scaleFactor()).isEqualTo(scaleFactor);
    }
}
