package io.seamline.seam.contract;

import io.quarkus.runtime.StartupEvent;
import io.seamline.platform.StartupFailure;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every seam's contract, loaded and validated at start-up from the contract files: {@code eventstore/contract.yaml}
 * (command → event store → Kafka) and {@code projections/<read model>/contract.yaml}. The build puts them on the
 * class path; {@code seamline.contracts.dir} points at a directory with the same layout instead. A malformed
 * contract stops start-up with a message naming the file and the field.
 */
@ApplicationScoped
public class SeamContracts {

    /** The contract files, relative to the repository root (and the class path): a new read model adds its own. */
    public static final List<String> FILES = List.of("eventstore/contract.yaml", "projections/rowstore/contract.yaml",
            "projections/warehouse/contract.yaml", "projections/search/contract.yaml",
            "projections/vectors/contract.yaml");

    @ConfigProperty(name = "seamline.contracts.dir")
    Optional<String> dir;

    private volatile List<SeamContract> all;

    /** Loads before anything consumes the log, so no seam runs without its contract. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        try {
            all = dir.map(d -> load(Path.of(d))).orElseGet(SeamContracts::loadFromClassPath);
        } catch (MalformedContractException e) {
            throw new StartupFailure("a seam contract is malformed: " + e.getMessage());
        }
    }

    public List<SeamContract> all() {
        if (all == null) {
            onStart(null);
        }
        return all;
    }

    /** The seams whose freshness is {@code consumer}'s lag. */
    public List<SeamContract> ofConsumer(String consumer) {
        return all().stream().filter(c -> consumer.equals(c.consumer())).toList();
    }

    public Optional<SeamContract> seam(String id) {
        return all().stream().filter(c -> c.seam().equals(id)).findFirst();
    }

    /** The contracts under {@code root} (a repository checkout or a copy of its contract files). */
    public static List<SeamContract> load(Path root) {
        List<SeamContract> seams = new ArrayList<>();
        for (String file : FILES) {
            Path path = root.resolve(file);
            try {
                seams.addAll(ContractReader.read(file, Files.readString(path)));
            } catch (IOException e) {
                throw new MalformedContractException(file + ": cannot be read from " + root + ": " + e.getMessage());
            }
        }
        return checked(seams);
    }

    static List<SeamContract> loadFromClassPath() {
        List<SeamContract> seams = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = SeamContracts.class.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    throw new MalformedContractException(file + ": not on the class path");
                }
                seams.addAll(ContractReader.read(file, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(file, e);
            }
        }
        return checked(seams);
    }

    /** The contract files a checkout holds, so a test can tell when {@link #FILES} forgot one. */
    public static List<String> filesIn(Path root) throws IOException {
        List<String> files = new ArrayList<>();
        if (Files.exists(root.resolve("eventstore/contract.yaml"))) {
            files.add("eventstore/contract.yaml");
        }
        try (Stream<Path> models = Files.list(root.resolve("projections"))) {
            models.sorted().map(m -> m.resolve("contract.yaml")).filter(Files::exists)
                    .forEach(f -> files.add(root.relativize(f).toString()));
        }
        return files;
    }

    private static List<SeamContract> checked(List<SeamContract> seams) {
        Set<String> ids = new HashSet<>();
        for (SeamContract seam : seams) {
            if (!ids.add(seam.seam())) {
                throw new MalformedContractException(seam.file() + ": seam '" + seam.seam() + "' is declared twice");
            }
        }
        return List.copyOf(seams);
    }
}
