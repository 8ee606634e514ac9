package dev.lakehouse.conformance.suite.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JvmMemoryUnitTest {
    @Test
    void theLastXmxOfAnOptionsFileWins() {
        assertThat(JvmMemory.maxHeap("-server\n-Xmx1G\n-XX:+UseG1GC\n-Xmx30G\n")).as("heap of two -Xmx").contains(30L << 30);
    }

    @Test
    void xmxUnitsAreCaseInsensitiveAndPlainNumbersAreBytes() {
        assertThat(JvmMemory.maxHeap("-Xmx3g")).as("-Xmx3g").contains(3L << 30);
        assertThat(JvmMemory.maxHeap("-Xms1g -Xmx512m -Dx=1")).as("-Xmx512m").contains(512L << 20);
        assertThat(JvmMemory.maxHeap("-Xmx1048576")).as("-Xmx in bytes").contains(1L << 20);
    }

    @Test
    void optionsWithoutXmxHaveNoHeapSetting() {
        assertThat(JvmMemory.maxHeap("-XX:MaxRAMPercentage=75 -Xms2g")).as("no -Xmx").isEmpty();
        assertThat(JvmMemory.maxHeap(null)).as("no options").isEmpty();
    }

    @Test
    void sparkSizesDefaultToMebibytes() {
        assertThat(JvmMemory.sparkSize("2g")).as("2g").isEqualTo(2L << 30);
        assertThat(JvmMemory.sparkSize("384")).as("384").isEqualTo(384L << 20);
        assertThat(JvmMemory.sparkSize("512m")).as("512m").isEqualTo(512L << 20);
        assertThatThrownBy(() -> JvmMemory.sparkSize("lots")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lots");
    }
}
