package io.seamline.projection.warehouse.sql;

import io.seamline.projection.warehouse.gold.DailyRevenue;
import io.seamline.projection.warehouse.gold.GoldRows;
import io.seamline.projection.warehouse.gold.GoldSchemas;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Copying a table into DuckDB goes on batch by batch until the request's deadline, and not past it. */
class DeadlineReaderTest {

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void allMemoryIsFreed() {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    @Test
    void beforeTheDeadlineEveryBatchIsCopied() throws SQLException {
        try (Connection duckdb = DuckDbArrow.open(); VectorSchemaRoot one = batch(); VectorSchemaRoot two = batch()) {
            DuckDbArrow.register(duckdb, "t", allocator, new DeadlineReader(new RootListReader(allocator,
                    GoldSchemas.DAILY_REVENUE, List.of(one, two)), Deadline.after(Duration.ofMinutes(1)),
                    allocator));
            assertThat(DuckDbArrow.query(duckdb, "select count(*) from t").rows()).containsExactly(List.of(2L));
        }
    }

    @Test
    void pastTheDeadlineTheCopyFails() throws SQLException {
        Deadline passed = Deadline.after(Duration.ofNanos(1));
        try (Connection duckdb = DuckDbArrow.open(); VectorSchemaRoot one = batch()) {
            assertThatThrownBy(() -> DuckDbArrow.register(duckdb, "t", allocator, new DeadlineReader(
                    new RootListReader(allocator, GoldSchemas.DAILY_REVENUE, List.of(one)), passed,
                    allocator))).isInstanceOf(SQLException.class).hasMessageContaining("timeout");
        }
    }

    private VectorSchemaRoot batch() {
        return GoldRows.DAILY_REVENUE.toRoot(List.of(new DailyRevenue(LocalDate.of(2026, 11, 1), "books", "EUR",
                new BigDecimal("1.00"), new BigDecimal("1.00"), 1, 0, 1, new BigDecimal("1.00"))), allocator);
    }
}
