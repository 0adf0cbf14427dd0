package io.seamline.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A PostgreSQL server run from the zonky binaries, with its data kept in a directory across restarts. */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String DATABASE = "seamline";
    public static final String USER = "postgres";
    /** The embedded server trusts local connections; the password only satisfies clients that insist on one. */
    public static final String PASSWORD = "postgres";

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    public EmbeddedPostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts the server durably (zonky's defaults are tuned for throw-away tests) and creates the database. */
    public EmbeddedPostgresServer start() {
        checkDataDir();
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    // An acknowledged command must survive a crash: never trade durability for speed.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .start();
            // postgres outlives this process if it dies unstopped: the next start finds the owner gone and stops it
            PostgresOwner.self().writeTo(dataDir);
            createDatabaseIfAbsent();
            return this;
        } catch (IOException | SQLException e) {
            throw new StartupFailure("embedded PostgreSQL could not start on port " + port
                    + " with data in " + dataDir + ": " + rootMessage(e));
        }
    }

    private void checkDataDir() {
        if (Files.isDirectory(dataDir) && Files.exists(dataDir.resolve("global"))
                && !Files.exists(dataDir.resolve("PG_VERSION"))) {
            throw new StartupFailure("the PostgreSQL data directory " + dataDir
                    + " is corrupt (PG_VERSION is missing): move it away or run `make clean`");
        }
    }

    private void createDatabaseIfAbsent() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
            if (!rs.next()) {
                s.execute("create database " + DATABASE);
            }
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean running() {
        return postgres != null;
    }

    @Override
    public void close() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not stop cleanly", e);
        } finally {
            postgres = null;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
