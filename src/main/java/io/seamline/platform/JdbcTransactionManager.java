package io.seamline.platform;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Axon has no JDBC transaction manager outside Spring: this one binds one connection to the thread for
 * the length of a unit of work, so an event append and what belongs with it (the SKU claim, a processor's
 * token) commit or roll back together. A transaction started inside another joins it.
 */
public final class JdbcTransactionManager implements TransactionManager, ConnectionProvider {

    private static final Transaction JOINED = new Transaction() {
        @Override
        public void commit() {
        }

        @Override
        public void rollback() {
        }
    };

    private final DataSource dataSource;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();

    public JdbcTransactionManager(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Transaction startTransaction() {
        if (current.get() != null) {
            return JOINED;
        }
        Connection connection;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new IllegalStateException("could not open a database transaction", e);
        }
        current.set(connection);
        return new Transaction() {
            @Override
            public void commit() {
                finish(connection, true);
            }

            @Override
            public void rollback() {
                finish(connection, false);
            }
        };
    }

    private void finish(Connection connection, boolean commit) {
        current.remove();
        try (connection) {
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException("could not " + (commit ? "commit" : "roll back") + " the transaction", e);
        }
    }

    /** The connection of the transaction on this thread, or a fresh auto-committing one outside of any. */
    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = current.get();
        return connection == null ? dataSource.getConnection() : unclosable(connection);
    }

    /** The connection of the transaction on this thread; fails when there is none. */
    public Connection transactionConnection() {
        Connection connection = current.get();
        if (connection == null) {
            throw new IllegalStateException("no transaction is active on this thread");
        }
        return unclosable(connection);
    }

    // Axon closes every connection it gets; the transaction's own must stay open until it ends.
    private static Connection unclosable(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
