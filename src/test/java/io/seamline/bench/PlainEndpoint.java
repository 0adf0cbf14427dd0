package io.seamline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.seamline.platform.PortCheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The write path's floor over HTTP: a JDK {@code com.sun.net.httpserver} endpoint in the harness that parses the
 * request's JSON and appends one real event row (sampled from the event store) to {@code bench_raw} with JDBC in one
 * transaction, on the service's PostgreSQL. It stands in for "a plain Quarkus REST endpoint" doing the same, which
 * would have to be added to the product.
 */
final class PlainEndpoint implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<Thread, Connection> connections = new ConcurrentHashMap<>();
    private final ThreadLocal<PreparedStatement> insert = new ThreadLocal<>();
    private final BenchDatabase db;
    private final List<EventRow> rows;
    private final AtomicInteger next = new AtomicInteger();

    /** Serves {@code POST /append} on a free port with {@code threads} request threads, appending {@code rows}. */
    PlainEndpoint(BenchDatabase db, List<EventRow> rows, int threads) throws IOException {
        this.db = db;
        this.rows = rows;
        this.threads = Executors.newFixedThreadPool(threads);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", PortCheck.freePort()), 1024);
        server.createContext("/append", this::append);
        server.setExecutor(this.threads);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/append");
    }

    private void append(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            int status;
            String answer;
            try {
                JSON.readTree(in); // the parse the service does too; the row appended is a real one of this run
                String id = UUID.randomUUID().toString();
                PreparedStatement ps = statement();
                rows.get(Math.floorMod(next.getAndIncrement(), rows.size())).bindInsert(ps, id, 0);
                ps.executeUpdate();
                ps.getConnection().commit();
                status = 201;
                answer = "{\"id\":\"" + id + "\"}";
            } catch (SQLException | RuntimeException e) {
                rollBack();
                status = 500;
                answer = "{\"error\":\"" + e.getClass().getSimpleName() + "\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void rollBack() {
        PreparedStatement ps = insert.get();
        try {
            if (ps != null) {
                ps.getConnection().rollback();
            }
        } catch (SQLException e) {
            insert.remove(); // a broken connection: the next request on this thread opens another
        }
    }

    /** This request thread's own connection (one transaction per request) and prepared insert. */
    private PreparedStatement statement() throws SQLException {
        PreparedStatement ps = insert.get();
        if (ps == null) {
            Connection c = db.connect();
            c.setAutoCommit(false);
            connections.put(Thread.currentThread(), c);
            ps = c.prepareStatement(EventRow.INSERT_RAW);
            insert.set(ps);
        }
        return ps;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        connections.values().forEach(c -> {
            try {
                c.close();
            } catch (SQLException e) {
                // closing after the run: nothing left to lose
            }
        });
    }
}
