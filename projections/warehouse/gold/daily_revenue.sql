-- daily_revenue: the dashboard view, one row per day (the UTC date the order was placed), category and currency.
--   gross_revenue     line amounts of every order placed that day
--   net_revenue       gross minus the line amounts of orders now CANCELLED
--   orders            distinct orders with at least one line under the key (two lines of one order count once)
--   cancelled_orders  those of them now CANCELLED
--   units             quantities of every order
--   avg_order_value   net_revenue / (orders - cancelled_orders), rounded half-even to the cent; NULL when no
--                     order is left
-- gross_revenue and net_revenue are DECIMAL(38, 2): sums over any number of orders must not overflow (see
-- ColumnTypes.SUM_PRECISION); avg_order_value is at most one order's total and stays DECIMAL(18, 2).
-- Reads silver_orders and silver_order_lines (fact_sales is inlined so the file stands alone). Gold maintains
-- the same rows incrementally (io.seamline.projection.warehouse.gold.Gold); a property test holds the two equal.
WITH fact_sales AS (
    SELECT o.order_date, l.category, l.currency, l.order_id, o.status, l.quantity, l.amount
    FROM silver_order_lines AS l
    JOIN silver_orders AS o ON o.order_id = l.order_id
),
-- one row per order and key: what the order contributes there
order_shares AS (
    SELECT order_date AS day, category, currency, order_id, status = 'CANCELLED' AS cancelled,
           sum(amount) AS amount, sum(quantity) AS units
    FROM fact_sales
    GROUP BY order_date, category, currency, order_id, status
),
totals AS (
    SELECT day, category, currency,
           CAST(sum(amount) AS DECIMAL(38, 2)) AS gross_revenue,
           CAST(sum(CASE WHEN cancelled THEN 0 ELSE amount END) AS DECIMAL(38, 2)) AS net_revenue,
           count(*) AS orders,
           count(*) FILTER (WHERE cancelled) AS cancelled_orders,
           CAST(sum(units) AS BIGINT) AS units
    FROM order_shares
    GROUP BY day, category, currency
),
-- DuckDB divides DECIMALs in DOUBLE, which can miss a half cent: divide whole cents as integers instead
averages AS (
    SELECT *,
           CAST(net_revenue * 100 AS HUGEINT) AS net_cents,
           orders - cancelled_orders AS open_orders
    FROM totals
)
SELECT day, category, currency, gross_revenue, net_revenue, orders, cancelled_orders, units,
       CASE WHEN open_orders = 0 THEN NULL
            ELSE CAST(CAST(net_cents // open_orders
                           -- half-even: up when the remainder is over half, or exactly half and the quotient odd
                           + CASE WHEN 2 * (net_cents % open_orders) > open_orders
                                       OR (2 * (net_cents % open_orders) = open_orders
                                           AND (net_cents // open_orders) % 2 = 1)
                                  THEN 1 ELSE 0 END
                      AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2))
       END AS avg_order_value
FROM averages
ORDER BY day, category, currency
