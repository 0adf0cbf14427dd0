-- fact_sales: one row per order line, with its order's context and the order's current status.
-- Reads silver_orders and silver_order_lines. The category is the line's: the product's category when the
-- order was placed, so a later catalogue edit does not move past sales. Gold maintains the same rows
-- incrementally (io.seamline.projection.warehouse.gold.Gold); a property test holds the two equal.
SELECT
    l.order_id,
    l.line_no,
    o.order_date,
    o.placed_at,
    o.customer_id,
    l.product_id,
    l.title,
    l.category,
    l.quantity,
    l.unit_price,
    l.amount,
    l.currency,
    o.status
FROM silver_order_lines AS l
JOIN silver_orders AS o ON o.order_id = l.order_id
ORDER BY l.order_id, l.line_no
