package io.seamline.platform;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Axon's aggregate cache, bounded: the least recently used aggregate goes when it is full, so memory stays at about
 * capacity x one aggregate's state whatever the catalogue's size (Axon's WeakReferenceCache holds whatever the
 * garbage collector leaves, which under a large heap is everything).
 */
final class BoundedAggregateCache implements Cache {

    private final Map<Object, Object> entries;

    BoundedAggregateCache(int capacity) {
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        return (V) entries.get(key);
    }

    @Override
    public synchronized void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value) == null;
    }

    @Override
    public synchronized boolean remove(Object key) {
        return entries.remove(key) != null;
    }

    @Override
    public synchronized void removeAll() {
        entries.clear();
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    /** Nothing listens to aggregate cache entries; Axon asks only for the sagas' and deadline caches. */
    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return () -> true;
    }

    synchronized int size() {
        return entries.size();
    }
}
