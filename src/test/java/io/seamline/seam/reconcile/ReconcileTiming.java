package io.seamline.seam.reconcile;

import io.seamline.platform.EmbeddedPostgresServer;
import io.seamline.platform.PortCheck;
import io.seamline.seam.model.Drift;
import io.seamline.seam.model.ModelKey;
import io.seamline.support.Directories;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Times a reconciliation of many keys for the seam benchmark: the fold of an event store holding one event per
 * aggregate (beside a plain read of the same rows), and the digest-then-diff comparison (beside a diff through a
 * HashMap), both sides differing in a known number of keys.
 */
public final class ReconcileTiming {

    /** Best-of-rounds milliseconds of each, and how many of the planted differences each found. */
    public record Result(double foldMillis, double scanMillis, double digestMillis, double baselineMillis, int found,
                         int baselineFound) {
    }

    private ReconcileTiming() {
    }

    public static Result measure(int keys, int drifts, int rounds, Path workDir) throws IOException, SQLException {
        double[] fold = foldAndScan(keys, rounds, workDir);
        List<ModelKey> truth = new ArrayList<>(keys);
        for (int i = 0; i < keys; i++) {
            truth.add(new ModelKey("00000000-0000-0000-0000-" + String.format("%012d", i), i % 7, i % 11 != 0));
        }
        List<ModelKey> model = new ArrayList<>(truth);
        for (int d = 0; d < drifts; d++) {
            int at = d * (keys / drifts);
            ModelKey k = model.get(at);
            switch (d % 3) {
                case 0 -> model.set(at, new ModelKey(k.aggregateId(), k.sequence() + 1, k.live())); // stale
                case 1 -> model.set(at, new ModelKey("extra-" + d, 0, true));                      // missing + extra
                default -> model.set(at, new ModelKey(k.aggregateId(), k.sequence(), !k.live())); // liveness
            }
        }
        double digest = Double.MAX_VALUE;
        double baseline = Double.MAX_VALUE;
        int found = 0;
        int baselineFound = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            KeyComparison.Result result = KeyComparison.compare(truth, model, false);
            digest = Math.min(digest, (System.nanoTime() - t0) / 1e6);
            found = planted(result.drifts());
            t0 = System.nanoTime();
            baselineFound = hashMapDiff(truth, model);
            baseline = Math.min(baseline, (System.nanoTime() - t0) / 1e6);
        }
        return new Result(fold[0], fold[1], digest, baseline, found, baselineFound);
    }

    /** Planted differences found: each is one key of the truth the model disagrees on (its extras aside). */
    private static int planted(List<Drift> drifts) {
        return (int) drifts.stream().filter(d -> d.kind() != Drift.Kind.EXTRA).count();
    }

    private static int hashMapDiff(List<ModelKey> truth, List<ModelKey> model) {
        Map<String, ModelKey> byId = new HashMap<>(model.size() * 2);
        model.forEach(k -> byId.put(k.aggregateId(), k));
        int differ = 0;
        for (ModelKey t : truth) {
            ModelKey m = byId.remove(t.aggregateId());
            if (m == null || !m.equals(t)) {
                differ++;
            }
        }
        return differ;
    }

    /** Milliseconds of the fold query and of a plain scan of the same rows, best of {@code rounds}. */
    private static double[] foldAndScan(int keys, int rounds, Path workDir) throws IOException, SQLException {
        Directories.deleteRecursively(workDir);
        Files.createDirectories(workDir);
        try (EmbeddedPostgresServer pg = new EmbeddedPostgresServer(workDir.resolve("postgres"), PortCheck.freePort())
                .start()) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(pg.jdbcUrl());
            ds.setUser(EmbeddedPostgresServer.USER);
            ds.setPassword(EmbeddedPostgresServer.PASSWORD);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute(Files.readString(Path.of("eventstore/migrations/V1__event_store.sql")));
                s.execute("""
                        insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                            payload, payloadtype, timestamp)
                        select '00000000-0000-0000-0000-' || lpad(i::text, 12, '0'), 0, 'Product', gen_random_uuid()::text,
                            '{}'::bytea, 'io.seamline.product.api.ProductCreatedEvent', '2026-11-24T00:00:00Z'
                        from generate_series(0, %d) i""".formatted(keys - 1));
                s.execute("analyze domainevententry");
            }
            EventStoreFold fold = new EventStoreFold(ds);
            double folded = Double.MAX_VALUE;
            double scanned = Double.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                int n = fold.fold(Set.of("Product")).size();
                folded = Math.min(folded, (System.nanoTime() - t0) / 1e6);
                if (n != keys) {
                    throw new IllegalStateException("folded " + n + " aggregates, wrote " + keys);
                }
                t0 = System.nanoTime();
                scan(ds);
                scanned = Math.min(scanned, (System.nanoTime() - t0) / 1e6);
            }
            return new double[]{folded, scanned};
        }
    }

    private static void scan(PGSimpleDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery("select aggregateidentifier, sequencenumber from domainevententry")) {
                    while (rs.next()) {
                        rs.getString(1);
                        rs.getLong(2);
                    }
                }
            }
            c.commit();
        }
    }
}
