-- The reason an order was cancelled (OrderCancelled.reason), null while it is not cancelled: the order read model
-- answers it beside the status. Rows folded before this column read null until a replay (POST
-- /api/admin/replay/rowstore) folds their OrderCancelled again.
ALTER TABLE rowstore_order ADD COLUMN cancel_reason TEXT;
