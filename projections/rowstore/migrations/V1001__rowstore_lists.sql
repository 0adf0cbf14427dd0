-- Indexes for the list endpoints (GET /api/products, GET /api/orders): each filter and keyset order reads an index
-- range instead of the whole table. Names start with the table's, so a replay's swap renames them with it.

-- products: by id (the primary key), by updatedAt and by title, each with id as the tie-breaker of the keyset
CREATE INDEX rowstore_product_updated_at ON rowstore_product (updated_at, id);
CREATE INDEX rowstore_product_title ON rowstore_product (title, id);
-- category path prefix (category = 'A > B' or category LIKE 'A > B > %'): text_pattern_ops serves LIKE prefixes
-- whatever the database's collation
CREATE INDEX rowstore_product_category ON rowstore_product (category text_pattern_ops);

-- orders, newest first: alone, by customer and by status
CREATE INDEX rowstore_order_placed_at ON rowstore_order (placed_at, id);
CREATE INDEX rowstore_order_customer ON rowstore_order (customer_id, placed_at, id);
CREATE INDEX rowstore_order_status ON rowstore_order (status, placed_at, id);
