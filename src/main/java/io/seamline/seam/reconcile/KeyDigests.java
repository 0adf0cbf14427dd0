package io.seamline.seam.reconcile;

import io.seamline.seam.model.ModelKey;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.zip.CRC32C;

/**
 * Order-independent digests of keys in buckets: each key falls in a bucket by a hash of its id, and a bucket's
 * digest is the sum of a 64-bit hash of (id, sequence, live) over its keys. Two sides that agree on every key have
 * equal digests in every bucket; comparing the buckets first confines the exact comparison to the few that differ.
 */
final class KeyDigests {

    private final long[] digests;

    private KeyDigests(int buckets) {
        digests = new long[buckets];
    }

    static KeyDigests of(Collection<ModelKey> keys, int buckets) {
        KeyDigests d = new KeyDigests(buckets);
        for (ModelKey key : keys) {
            d.digests[bucket(key.aggregateId(), buckets)] += hash(key);
        }
        return d;
    }

    static int bucket(String id, int buckets) {
        return Math.floorMod(mix(id.hashCode()), buckets);
    }

    /** The buckets whose digests differ. */
    boolean[] differing(KeyDigests other) {
        boolean[] differ = new boolean[digests.length];
        for (int i = 0; i < digests.length; i++) {
            differ[i] = digests[i] != other.digests[i];
        }
        return differ;
    }

    /** A 64-bit hash of the whole key: two CRC-32C halves over different inputs, mixed. */
    static long hash(ModelKey key) {
        CRC32C crc = new CRC32C();
        byte[] id = key.aggregateId().getBytes(StandardCharsets.UTF_8);
        crc.update(id);
        long high = crc.getValue();
        crc.update(longBytes(key.sequence()));
        crc.update(key.live() ? 1 : 0);
        return mix((high << 32) ^ crc.getValue());
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    /** A strong 64-bit finaliser (SplitMix64), so nearby inputs land far apart. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
