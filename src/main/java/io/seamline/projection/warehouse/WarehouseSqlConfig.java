package io.seamline.projection.warehouse;

import io.quarkus.runtime.configuration.MemorySize;
import io.seamline.projection.warehouse.sql.SqlLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The SQL endpoint's limits, {@code seamline.warehouse.sql.*} in application.properties. */
@ConfigMapping(prefix = "seamline.warehouse.sql")
public interface WarehouseSqlConfig {

    /** How long one request may take, copying tables into DuckDB included. */
    @WithDefault("10s")
    Duration timeout();

    /** DuckDB's memory_limit for one statement. */
    @WithDefault("512M")
    MemorySize memoryLimit();

    /** DuckDB's threads for one statement. */
    @WithDefault("1")
    int threads();

    /** Where statements spill (a directory each); default {@code <seamline.data.dir>/sql-temp}. */
    Optional<String> tempDirectory();

    /** DuckDB's max_temp_directory_size for one statement. */
    @WithDefault("1G")
    MemorySize maxTempDirectorySize();

    /** The most rows an answer holds (the largest {@code limit} a request may ask for). */
    @WithDefault("10000")
    int maxRows();

    /** The most bytes of values an answer holds; rows past it are cut and the answer says truncated. */
    @WithDefault("8M")
    MemorySize maxAnswerSize();

    /** Statements running at once; one more is answered 429 with Retry-After. */
    @WithDefault("4")
    int maxConcurrent();

    /** These settings as limits, temp files under {@code dataDir} unless a directory is set. */
    default SqlLimits limits(String dataDir) {
        Path temp = Path.of(tempDirectory().orElse(Path.of(dataDir, "sql-temp").toString())).toAbsolutePath();
        return new SqlLimits(timeout(), memoryLimit().asLongValue(), threads(), temp,
                maxTempDirectorySize().asLongValue(), maxRows(), maxAnswerSize().asLongValue(), maxConcurrent());
    }
}
