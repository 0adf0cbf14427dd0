-- Row read model: current state of products and orders for point lookups by id and SKU.
-- Each row keeps the sequence of the last event applied to it (the idempotency key with its id).

CREATE TABLE rowstore_product (
    id              VARCHAR(64)    PRIMARY KEY,
    sku             VARCHAR(64)    NOT NULL,
    title           VARCHAR(500)   NOT NULL,
    description     TEXT,
    category        VARCHAR(500),
    price_amount    NUMERIC(14, 2) NOT NULL,
    price_currency  CHAR(3)        NOT NULL,
    attributes      JSONB          NOT NULL DEFAULT '{}',
    discontinued    BOOLEAN        NOT NULL DEFAULT FALSE,
    discontinued_at TIMESTAMPTZ,
    sequence        BIGINT         NOT NULL,
    updated_at      TIMESTAMPTZ    NOT NULL
);
CREATE INDEX rowstore_product_sku ON rowstore_product (sku);

CREATE TABLE rowstore_order (
    id           VARCHAR(64)    PRIMARY KEY,
    customer_id  VARCHAR(64)    NOT NULL,
    status       VARCHAR(16)    NOT NULL,
    lines        JSONB          NOT NULL,
    total_amount NUMERIC(14, 2) NOT NULL,
    currency     CHAR(3)        NOT NULL,
    placed_at    TIMESTAMPTZ    NOT NULL,
    sequence     BIGINT         NOT NULL,
    updated_at   TIMESTAMPTZ    NOT NULL
);
