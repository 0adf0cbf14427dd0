package io.seamline.projection.warehouse;

import io.seamline.seam.model.Generations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** A warehouse written by a build of an older layout is not read with this build's columns: it starts anew. */
class WarehouseLayoutTest {

    @TempDir
    Path dir;

    @Test
    void aGenerationOfThisLayoutStaysLive() throws IOException {
        Path live = dir.resolve("warehouse");
        Path generation = Generations.liveByLink(live);
        WarehouseTables.open(generation, Clock.systemUTC());

        assertThat(WarehouseTables.liveGeneration(live)).isEqualTo(generation);
        assertThat(Files.readString(generation.resolve("LAYOUT")).strip()).isEqualTo(WarehouseTables.LAYOUT);
    }

    @Test
    void aGenerationWithoutTheLayoutMarkIsReplacedByAnEmptyOne() throws IOException {
        Path live = dir.resolve("warehouse");
        Path old = Generations.liveByLink(live);
        Files.createDirectories(old.resolve("bronze/events/manifests"));
        Files.writeString(old.resolve("bronze/events/manifests/old.json"), "{}");

        Path fresh = WarehouseTables.liveGeneration(live);

        assertThat(fresh).isNotEqualTo(old);
        assertThat(fresh.resolve("bronze")).doesNotExist();
        assertThat(old.resolve("bronze/events/manifests/old.json")).exists(); // kept aside, not deleted
        assertThat(live.toRealPath()).isEqualTo(fresh);
        assertThat(WarehouseTables.open(fresh, Clock.systemUTC()).bronzeEvents().current().version()).isZero();
        assertThat(WarehouseTables.liveGeneration(live)).isEqualTo(fresh);
    }

    @Test
    void aGenerationMarkedWithAnotherLayoutIsReplaced() throws IOException {
        Path live = dir.resolve("warehouse");
        Path old = Generations.liveByLink(live);
        Files.writeString(old.resolve("LAYOUT"), "1\n");

        assertThat(WarehouseTables.liveGeneration(live)).isNotEqualTo(old);
    }
}
