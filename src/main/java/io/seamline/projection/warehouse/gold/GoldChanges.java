package io.seamline.projection.warehouse.gold;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** What gold changed for one silver batch: the orders whose facts changed and the days whose rows did. */
public record GoldChanges(Set<String> orderIds, Set<LocalDate> days) {

    public GoldChanges {
        orderIds = Collections.unmodifiableSet(new LinkedHashSet<>(orderIds));
        days = Collections.unmodifiableSet(new LinkedHashSet<>(days));
    }
}
