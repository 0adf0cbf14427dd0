package io.seamline.platform;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundedAggregateCacheTest {

    @Test
    void put_beyondCapacity_dropsTheLeastRecentlyUsed() {
        BoundedAggregateCache cache = new BoundedAggregateCache(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assertEquals(Integer.valueOf(1), cache.get("a")); // a is now more recent than b
        cache.put("c", 3);

        assertEquals(2, cache.size());
        assertNull(cache.get("b"));
        assertEquals(Integer.valueOf(1), cache.get("a"));
        assertEquals(Integer.valueOf(3), cache.get("c"));
    }

    @Test
    void remove_entry_isGone() {
        BoundedAggregateCache cache = new BoundedAggregateCache(10);
        cache.put("a", 1);

        assertTrue(cache.remove("a"));
        assertFalse(cache.containsKey("a"));
        assertFalse(cache.remove("a"));
    }

    @Test
    void putIfAbsent_present_keepsTheFirst() {
        BoundedAggregateCache cache = new BoundedAggregateCache(10);

        assertTrue(cache.putIfAbsent("a", 1));
        assertFalse(cache.putIfAbsent("a", 2));
        assertEquals(Integer.valueOf(1), cache.get("a"));
    }
}
